package org.fatecg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import org.junit.jupiter.api.Test;

/** The verdict rule of the attention report, and the heat colours of the explain figures, by hand. */
class AttentionReportTest {
    @Test
    void aDifferenceIsConsistentOnlyWithOneSignAndAMeanAboveTheSpread() {
        assertEquals("attention is consistently more robust here", AttentionReport.verdict(new double[] {3, 1}, 3, 3));
        assertEquals("attention is consistently less robust here", AttentionReport.verdict(new double[] {-3, 1}, 0, 3));
        assertEquals(
                "no consistent difference",
                AttentionReport.verdict(new double[] {3, 4}, 3, 3),
                "spread above the mean");
        assertEquals(
                "no consistent difference",
                AttentionReport.verdict(new double[] {3, 1}, 2, 3),
                "one seed the other way");
        assertEquals("no consistent difference", AttentionReport.verdict(new double[] {0, 0}, 0, 3));
    }

    @Test
    void heatRunsFromWhiteToDarkRed() {
        assertEquals(Color.WHITE, BeatMapFigure.heat(0));
        assertEquals(Color.WHITE, BeatMapFigure.heat(-1), "clamped");
        Color top = BeatMapFigure.heat(1);
        assertEquals(new Color(0.45f, 0f, 0.08f), top);
        assertEquals(top, BeatMapFigure.heat(7), "clamped");
    }
}
