package org.fatecg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A bar line never reaches the terminal's width: a wrapped line cannot be redrawn with '\r' (each
 * redraw would leave a row behind, as a 100-column bar did in an 80-column tmux pane).
 */
class ProgressWidthTest {
    private static final long S = 1_000_000_000L;

    private static String line(String label, long total, long done, int columns) {
        long[] now = {0};
        Progress p = new Progress(
                        label,
                        total,
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        true,
                        () -> now[0])
                .width(columns);
        now[0] = 3 * S;
        p.set(done);
        return p.line();
    }

    @Test
    void aShortLabelKeepsTheWholeBar() {
        assertEquals("epoch [############............]  512/1024  50%  171/s  ETA 0:03", line("epoch", 1024, 512, 80));
    }

    @Test
    void theBarShrinksThenGoesThenTheLabelIsCut() {
        String label = "round 10/10 Non-FAT client 2/5 epoch 4/5"; // 40 characters, what fatecg run draws
        for (int columns : new int[] {40, 60, 80, 100, 120}) {
            String l = line(label, 274, 137, columns);
            assertTrue(l.length() < columns, columns + " columns: " + l.length() + " '" + l + "'");
        }
        // room for label and bar = columns - 1 - (2 * 3 + 29); a bar takes its cells + 4
        assertEquals(label + " [############............] 137/274  50%  45.7/s  ETA 0:03", line(label, 274, 137, 120));
        assertEquals(label + " [##########..........] 137/274  50%  45.7/s  ETA 0:03", line(label, 274, 137, 100));
        assertEquals(
                label + " 137/274  50%  45.7/s  ETA 0:03", line(label, 274, 137, 80), "no bar at 80, the whole label");
        assertEquals(
                "round 10/10 Non-FAT cli 137/274  50%  45.7/s  ETA 0:03",
                line(label, 274, 137, 60), "the label cut at its end");
    }
}
