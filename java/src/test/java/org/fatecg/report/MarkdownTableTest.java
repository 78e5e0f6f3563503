package org.fatecg.report;

import static org.fatecg.report.MarkdownTable.Align.CENTER;
import static org.fatecg.report.MarkdownTable.Align.LEFT;
import static org.fatecg.report.MarkdownTable.Align.RIGHT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MarkdownTableTest {

    @Test
    void padsAlignsAndEscapes() {
        String t = new MarkdownTable("model", "acc", "Δ")
                .align(LEFT, RIGHT, CENTER)
                .row("Non-FAT", 98.44, -0.5)
                .row("F|AT", Double.NaN, null)
                .toString();
        String expected = ""
                + "| model   |   acc |   Δ   |\n"
                + "| :------ | ----: | :---: |\n"
                + "| Non-FAT | 98.44 | -0.50 |\n"
                + "| F\\|AT   |   n/a |       |\n";
        assertEquals(expected, t);
    }

    @Test
    void decimalsApplyToLaterRowsAndNewlinesBecomeSpaces() {
        String t = new MarkdownTable("v")
                .decimals(0)
                .row(2.5)
                .decimals(3)
                .row(1.0f)
                .row("a\nb")
                .toString();
        assertEquals("| v     |\n| :---- |\n| 3     |\n| 1.000 |\n| a b   |\n", t);
    }

    @Test
    void rejectsBadShapes() {
        MarkdownTable t = new MarkdownTable("a", "b");
        assertThrows(IllegalArgumentException.class, () -> t.row(1));
        assertThrows(IllegalArgumentException.class, () -> t.align(LEFT, LEFT, LEFT));
        assertThrows(IllegalArgumentException.class, () -> t.decimals(-1));
    }
}
