package org.fatecg.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BeatWindowsTest {

    @Test
    void minMaxIsFloat32WithTheEpsilonInTheDenominator() {
        float[] w = {9f, 0.5f, -0.5f, 0.25f, 1.5f};
        BeatWindows.minMax(w, 1, 4); // only [0.5, -0.5, 0.25, 1.5]; w[0] untouched
        float den = (1.5f - (-0.5f)) + 1e-6f;
        assertArrayEquals(new float[] {9f, (0.5f + 0.5f) / den, 0f, (0.25f + 0.5f) / den, 2f / den}, w);
        assertTrue(w[4] < 1f, "on mV values the 1e-6 keeps the maximum just below 1");
        float[] flat = {3f, 3f, 3f};
        BeatWindows.minMax(flat, 0, 3);
        assertArrayEquals(new float[] {0f, 0f, 0f}, flat, "a flat window maps to 0, not NaN");
    }

    @Test
    void edgeBeatsAreDroppedAndWindowsAreCentredOnR(@TempDir Path dir) throws Exception {
        int n = 400;
        int[][] sig = new int[2][n];
        for (int t = 0; t < n; t++) {
            sig[0][t] = t;
            sig[1][t] = -t;
        }
        // Beats at 89 (window would start at -1), 90 (first fits), 310 (last fits: 310+89 = 399), 311.
        SyntheticRecord.write(dir, "e", List.of("MLII", "V1"), sig, 0, new long[] {89, 90, 200, 310, 311});
        WindowSettings raw =
                new WindowSettings(Lead.parse("MLII"), 90, 89, WindowSettings.Normalisation.NONE, BeatFormat.WINDOWS);
        BeatWindows.Result r = MitBih.windowsOf(dir, "e", raw);
        assertArrayEquals(new int[] {90, 200, 310}, r.rSample());
        assertEquals(2, r.dropped());
        assertEquals(3 * 180, r.x().length);
        for (int k = 0; k < 3; k++) {
            int rr = r.rSample()[k];
            assertEquals((float) ((rr - 90) / 200.0), r.x()[k * 180], "starts at r-90");
            assertEquals((float) (rr / 200.0), r.x()[k * 180 + 90], "R peak at offset 90");
            assertEquals((float) ((rr + 89) / 200.0), r.x()[k * 180 + 179], "ends at r+89");
        }
        // Index 1 picks V1 (negated ramp): min-max turns it into a falling ramp from 1- to 0.
        BeatWindows.Result v1 = MitBih.windowsOf(dir, "e", WindowSettings.PAPER);
        assertEquals(0f, v1.x()[179]);
        assertTrue(v1.x()[0] > 0.9999f && v1.x()[0] < 1f);
    }

    /**
     * Golden values from an independent numpy 2.x pipeline (its own format-212 and annotation decoder,
     * p = (adc - zero) / gain in float64, window .astype(float32), (x - min) / (max - min + 1e-6), clip),
     * which matched these windows bit for bit: the first window's values at offsets 0, 45, 90, 179, the
     * float64 sum over all windows of the record, and the class counts, lead = signal index 1.
     */
    @Test
    void windowsMatchAnIndependentNumpyFloat32Pipeline() throws Exception {
        Path d = TestDb.dir();
        Object[][] golden = {
            {
                "100",
                370,
                new float[] {0x1.0e9722p-2f, 0x1.1933a6p-2f, 0x1.b85f62p-1f, 0x1.53908p-4f},
                75634.95547357085,
                new int[] {2237, 33, 1, 0, 0}
            },
            {
                "232",
                491,
                new float[] {0x1.152824p-1f, 0x1.10ece6p-1f, 0x1.d9eac2p-4f, 0x1.8dc072p-2f},
                154096.6803167204,
                new int[] {398, 1382, 0, 0, 0}
            },
            {
                "114",
                310,
                new float[] {0x1.0e9416p-4f, 0x1.053f8ap-4f, 0x1.bc5aecp-1f, 0x1.75363p-4f},
                49472.5668384966,
                new int[] {1820, 12, 43, 4, 0}
            },
        };
        for (Object[] g : golden) {
            BeatWindows.Result r = MitBih.windowsOf(d, (String) g[0], WindowSettings.PAPER);
            assertEquals((int) g[1], r.rSample()[0], g[0] + " first R");
            float[] v = (float[]) g[2];
            int[] at = {0, 45, 90, 179};
            for (int k = 0; k < 4; k++) assertEquals(v[k], r.x()[at[k]], g[0] + " offset " + at[k]);
            double sum = 0;
            for (float f : r.x()) sum += f;
            assertEquals((double) g[3], sum, 1e-6 * (double) g[3], g[0] + " sum");
            assertArrayEquals((int[]) g[4], BeatDataset.countLabels(r.y()), g[0] + " classes");
        }
    }

    @Test
    void record114ResolvesMliiByNameToItsLowerSignal() throws Exception {
        Path d = TestDb.dir();
        BeatWindows.Result byName = MitBih.windowsOf(d, "114", WindowSettings.PAPER.withLead(Lead.MLII));
        BeatWindows.Result byIndex = MitBih.windowsOf(d, "114", WindowSettings.PAPER);
        assertArrayEquals(byIndex.x(), byName.x(), "in 114 MLII is signal 1");
        BeatWindows.Result upper = MitBih.windowsOf(d, "114", WindowSettings.PAPER.withLead(Lead.parse("0")));
        assertTrue(upper.x()[90] != byName.x()[90] || upper.x()[0] != byName.x()[0], "signal 0 (V5) differs");
        BeatWindows.Result r100 = MitBih.windowsOf(d, "100", WindowSettings.PAPER.withLead(Lead.MLII));
        assertArrayEquals(
                MitBih.windowsOf(d, "100", WindowSettings.PAPER.withLead(Lead.parse("0")))
                        .x(),
                r100.x(),
                "in 100 MLII is signal 0");
    }
}
