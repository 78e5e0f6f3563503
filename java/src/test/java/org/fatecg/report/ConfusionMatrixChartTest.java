package org.fatecg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.fatecg.eval.ConfusionMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfusionMatrixChartTest {

    private static final String[] AAMI = {"N", "S", "V", "F", "Q"};

    @TempDir
    Path tmp;

    private static int count(BufferedImage img, Color c) {
        int target = c.getRGB() & 0xffffff;
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) == target) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void shadeRunsFromLowToHighAndDarkensMonotonically() {
        assertEquals(ConfusionMatrixChart.LOW, ConfusionMatrixChart.shade(0));
        assertEquals(ConfusionMatrixChart.HIGH, ConfusionMatrixChart.shade(1));
        assertEquals(ConfusionMatrixChart.LOW, ConfusionMatrixChart.shade(Double.NaN));
        int prev = Integer.MAX_VALUE;
        for (int i = 0; i <= 20; i++) {
            Color c = ConfusionMatrixChart.shade(i / 20.0);
            int lum = c.getRed() + c.getGreen() + c.getBlue();
            assertTrue(lum < prev || i == 0, "not darker at " + i);
            prev = lum;
        }
    }

    @Test
    void cellsAreShadedByRowShare() throws Exception {
        // Row N: 90/10 -> a 0.9 cell; row S: 50/50 -> two 0.5 cells; V, F all correct -> 1.0 cells; Q empty.
        long[][] counts = {
            {900, 100, 0, 0, 0},
            {5, 5, 0, 0, 0},
            {0, 0, 7, 0, 0},
            {0, 0, 0, 3, 0},
            {0, 0, 0, 0, 0},
        };
        Path file = tmp.resolve("cm.png");
        new ConfusionMatrixChart("Non-FAT, clean", AAMI, counts).writePng(file, 700, 600);
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img);
        assertEquals(700, img.getWidth());
        assertEquals(600, img.getHeight());
        // Cells are ~100 px squares; text covers part of each, the rest is solid shade.
        int full = count(img, ConfusionMatrixChart.shade(1.0));
        int half = count(img, ConfusionMatrixChart.shade(0.5));
        int ninety = count(img, ConfusionMatrixChart.shade(0.9));
        assertTrue(full > 2 * 5000, "two 100% cells, got " + full + " pixels");
        assertTrue(half > 2 * 5000, "two 50% cells, got " + half + " pixels");
        assertTrue(ninety > 5000 && ninety < full, "one 90% cell, got " + ninety + " pixels");
    }

    @Test
    void fromConfusionMatrixAndBadShapes() {
        ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, 1, 2}, new int[] {0, 1, 1}, 3);
        BufferedImage img =
                ConfusionMatrixChart.of("", new String[] {"a", "b", "c"}, cm).render(400, 300);
        assertTrue(count(img, ConfusionMatrixChart.shade(1.0)) > 1000);
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrixChart("t", AAMI, new long[3][3]));
        assertThrows(
                IllegalArgumentException.class,
                () -> new ConfusionMatrixChart("t", new String[] {"a", "b"}, new long[][] {{1, 2}, {3}}));
    }
}
