package org.fatecg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineChartTest {

    @TempDir
    Path tmp;

    /** Pixels whose RGB is exactly c: the fully covered interior of an antialiased stroke. */
    static int count(BufferedImage img, Color c) {
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
    void writesPngWithEverySeriesColour() throws Exception {
        double[] rounds = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] fat = {20, 60, 80, 88, 91, 93, 94, 95, 95.5, 96, 97.6};
        double[] nonFat = {20, 70, 90, 95, 96, 97, 97.5, 98, 98.2, 98.3, 98.44};
        double[] pgd = {5, 10, 20, 25, 30, 32, 33, 34, 35, 35, 35.14};
        Path file = tmp.resolve("sub/acc.png");
        new LineChart("Accuracy under PGD", "round", "accuracy (%)")
                .add("FAT", rounds, fat)
                .add("Non-FAT", rounds, nonFat)
                .add("Non-FAT PGD", rounds, pgd)
                .writePng(file, 900, 500);
        BufferedImage img = ImageIO.read(file.toFile());
        assertNotNull(img);
        assertEquals(900, img.getWidth());
        assertEquals(500, img.getHeight());
        // A legend swatch alone is ~2*13 px long and 2 px thick (< 60 pixels); a drawn line across the
        // ~700 px plot leaves hundreds of exact-colour pixels.
        for (int k = 0; k < 3; k++) {
            int n = count(img, LineChart.PALETTE[k]);
            assertTrue(n > 300, "series " + k + " has only " + n + " pixels");
        }
        assertEquals(0, count(img, LineChart.PALETTE[3]), "no fourth series was added");
    }

    @Test
    void singlePointConstantSeriesAndNanGapsStillDraw() {
        double[] x = {0, 1, 2, 3, 4, 5, 6};
        double[] gappy = {1, 2, Double.NaN, 3, Double.NaN, 2.5, 2};
        BufferedImage img = new LineChart("edge cases", "x", "y")
                .add("single", new double[] {3}, new double[] {2})
                .add("constant", x, new double[] {2, 2, 2, 2, 2, 2, 2})
                .add("gappy", x, gappy)
                .render(900, 500);
        assertTrue(count(img, LineChart.PALETTE[0]) > 20, "single point drawn as a dot");
        assertTrue(count(img, LineChart.PALETTE[1]) > 300, "constant series drawn as a line");
        assertTrue(count(img, LineChart.PALETTE[2]) > 200, "gappy series drawn");
    }

    @Test
    void constantOnlyChartAndEmptyChartRender() {
        BufferedImage a = new LineChart("c", "x", "y")
                .add("flat", new double[] {0, 1}, new double[] {0, 0})
                .render(400, 300);
        assertTrue(count(a, LineChart.PALETTE[0]) > 100);
        BufferedImage b = new LineChart("", "", "").render(300, 200);
        assertEquals(300, b.getWidth());
        BufferedImage c = new LineChart("nan", "x", "y")
                .add("all nan", new double[] {Double.NaN}, new double[] {Double.NaN})
                .render(300, 200);
        assertEquals(200, c.getHeight());
    }

    @Test
    void fixedYRangeClipsToPlot() {
        BufferedImage img = new LineChart("clip", "x", "y")
                .yRange(0, 1)
                .add("high", new double[] {0, 1}, new double[] {5, 5})
                .render(400, 300);
        // y = 5 is far above the fixed range: the clipped line leaves only the legend swatch.
        assertTrue(count(img, LineChart.PALETTE[0]) < 80);
    }

    @Test
    void rejectsMismatchedLengths() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new LineChart("t", "x", "y").add("bad", new double[2], new double[3]));
    }

    @Test
    void niceTicks() {
        LineChart.Ticks t = LineChart.Ticks.of(0.3, 97.6, 6, false);
        assertEquals(20, t.step(), 1e-12);
        assertEquals(0, t.lo(), 1e-12);
        assertEquals(100, t.hi(), 1e-12);
        assertEquals(6, t.count());
        assertEquals("40", t.label(2));
        LineChart.Ticks s = LineChart.Ticks.of(0.11, 0.19, 6, false);
        assertEquals(0.02, s.step(), 1e-12);
        assertEquals("0.14", s.label(2));
        LineChart.Ticks f = LineChart.Ticks.of(0, 100, 6, true);
        assertEquals(6, f.count());
        assertEquals("100", f.label(5));
    }
}
