package org.fatecg.report;

import static org.fatecg.report.LineChartTest.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Series in a chosen colour and stroke (a federation's two F1 variants), and reference diamonds (the paper's values). */
class LineChartStyleTest {
    private static final double[] X = {0, 1, 2, 3}, Y = {10, 40, 60, 70};

    @Test
    void aSeriesTakesTheColourItIsGiven() {
        BufferedImage img =
                new LineChart("t", "x", "y").add("FAT", X, Y, 2, false).render(600, 400);
        assertTrue(count(img, LineChart.PALETTE[2]) > 200);
        assertEquals(0, count(img, LineChart.PALETTE[0]), "not the first palette colour by order");
    }

    @Test
    void dashedDrawsLessOfTheSameColourThanSolid() {
        int solid = count(new LineChart("t", "x", "y").add("a", X, Y, 1, false).render(600, 400), LineChart.PALETTE[1]);
        int dashed = count(new LineChart("t", "x", "y").add("a", X, Y, 1, true).render(600, 400), LineChart.PALETTE[1]);
        assertTrue(dashed < 0.85 * solid, "dashed " + dashed + " vs solid " + solid);
        assertTrue(dashed > 0.3 * solid, "dashed " + dashed + " vs solid " + solid);
    }

    @Test
    void aReferenceIsDrawnInItsColourAndWidensTheAxes() {
        BufferedImage withRef = new LineChart("t", "x", "y")
                .yRange(0, 100)
                .add("a", X, Y, 0, false)
                .reference("paper round 10", 10, 95, 3)
                .render(600, 400);
        BufferedImage without = new LineChart("t", "x", "y")
                .yRange(0, 100)
                .add("a", X, Y, 0, false)
                .render(600, 400);
        assertTrue(count(withRef, LineChart.PALETTE[3]) > 20, "diamond (and its legend swatch) in colour 3");
        // the x axis now runs to 10, so the 0..3 line is squeezed into less than half the width
        assertTrue(count(withRef, LineChart.PALETTE[0]) < 0.6 * count(without, LineChart.PALETTE[0]));
        assertThrows(
                IllegalArgumentException.class, () -> new LineChart("t", "x", "y").reference("r", 1, Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> new LineChart("t", "x", "y").add("a", X, Y, 10, false));
    }
}
