package org.fatecg.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KachueeBeatsTest {
    private static final WindowSettings RAW =
            new WindowSettings(Lead.parse("0"), 0, 186, WindowSettings.Normalisation.NONE, BeatFormat.KACHUEE);

    @Test
    void aRampPassesTheLowPassAndTheInterpolationExactly() {
        // v[t] = 0.5 + 0.01 t at 360 Hz; output k sits at t = 2.88 k, so u[k] = 0.5 + 0.0288 k, ends included
        // (point reflection continues a line as a line, and the unit-gain symmetric filter keeps it).
        double[] v = new double[3600];
        for (int t = 0; t < v.length; t++) v[t] = 0.5 + 0.01 * t;
        double[] u = Resample.toRate(v, 360, 125);
        assertEquals(1250, u.length, "floor(3599 * 125 / 360) + 1");
        for (int k = 0; k < u.length; k++) assertEquals(0.5 + 0.0288 * k, u[k], 1e-9, "k = " + k);
        assertEquals(1389, Resample.outputLength(4000, 360, 125), "floor(3999 * 125 / 360) + 1 = 1388 + 1");
    }

    @Test
    void aSlowSinePassesAndAFastOneIsFilteredInsteadOfAliased() {
        int n = 3600;
        double[] slow = new double[n], fast = new double[n];
        for (int t = 0; t < n; t++) {
            slow[t] = Math.sin(2 * Math.PI * 5 * t / 360.0);
            fast[t] = Math.sin(2 * Math.PI * 100 * t / 360.0);
        }
        double[] us = Resample.toRate(slow, 360, 125), uf = Resample.toRate(fast, 360, 125);
        // Away from the ends (0.2 s = 25 output samples) the 5 Hz sine comes out as sin(2 pi 5 k / 125):
        // the passband gain is 1 within 1e-3 and linear interpolation at 360 Hz errs by at most
        // h^2 / 8 * max|v''| = (1 / 360)^2 / 8 * (2 pi 5)^2 = 7.6e-4.
        for (int k = 25; k < us.length - 25; k++)
            assertEquals(Math.sin(2 * Math.PI * 5 * k / 125.0), us[k], 2e-3, "5 Hz at k = " + k);
        // 100 Hz is above the 62.5 Hz Nyquist rate of 125 Hz: plain interpolation would fold it to a
        // 25 Hz sine of amplitude near 1; the Hamming-windowed sinc (stopband about -53 dB) removes it.
        double peak = 0;
        for (int k = 25; k < uf.length - 25; k++) peak = Math.max(peak, Math.abs(uf[k]));
        assertTrue(peak < 0.01, "100 Hz left an amplitude of " + peak);
    }

    @Test
    void resamplingRefusesUpsamplingAndSignalsShorterThanTheFilter() {
        IllegalArgumentException up =
                assertThrows(IllegalArgumentException.class, () -> Resample.toRate(new double[1000], 125, 360));
        assertTrue(up.getMessage().contains("125.0 Hz -> 360.0 Hz"), up.getMessage());
        IllegalArgumentException shortOne =
                assertThrows(IllegalArgumentException.class, () -> Resample.toRate(new double[72], 360, 125));
        assertTrue(
                shortOne.getMessage().contains("more than 72")
                        && shortOne.getMessage().contains("got 72"),
                shortOne.getMessage());
    }

    /**
     * A 4,000-sample record (11.1 s) whose signal is the ramp adc[t] = t - 2000 at gain 200, so the 125 Hz
     * signal is u[k] = (2.88 k - 2000) / 200 mV exactly, 1,389 samples: a 10 s stretch [0, 1250) and the
     * short last stretch [1250, 1389). Beats at 360 Hz samples 72 j / 25 land on 125 Hz samples p.
     */
    private static void rampRecord(Path dir, String name, long[] beats) throws Exception {
        int[][] sig = new int[1][4000];
        for (int t = 0; t < 4000; t++) sig[0][t] = t - 2000;
        SyntheticRecord.write(dir, name, List.of("MLII"), sig, 0, beats);
    }

    private static double ramp(int k) {
        return (2.88 * k - 2000) / 200;
    }

    @Test
    void beatsAre1point2MedianRrFromTheRPeakCutAtTheStretchEndAndZeroPadded(@TempDir Path dir) throws Exception {
        // 125 Hz peaks 100, 200, 300, 450, 1200 in the first stretch: RR 100, 100, 150, 750, median
        // (100 + 150) / 2 = 125, L = round(1.2 * 125) = 150. Peaks 1300, 1350 in the last: RR 50, L = 60.
        rampRecord(dir, "k", new long[] {288, 576, 864, 1296, 3456, 3744, 3888});
        BeatWindows.Result r = MitBih.windowsOf(dir, "k", RAW);
        assertEquals(7, r.size());
        assertEquals(0, r.dropped());
        assertArrayEquals(new int[] {288, 576, 864, 1296, 3456, 3744, 3888}, r.rSample(), "the record's own samples");
        int[] peak = {100, 200, 300, 450, 1200, 1300, 1350};
        int[] kept = {150, 150, 150, 150, 50, 60, 39}; // 1200: stretch ends at 1250; 1350: record ends at 1389
        for (int b = 0; b < 7; b++)
            for (int t = 0; t < 187; t++) {
                double want = t < kept[b] ? (float) ramp(peak[b] + t) : 0;
                assertEquals(want, r.x()[b * 187 + t], 1e-6, "beat " + b + ", t = " + t);
            }
    }

    @Test
    void minMaxRunsOverEachTenSecondStretchNotEachBeat(@TempDir Path dir) throws Exception {
        rampRecord(dir, "m", new long[] {288, 576, 3744, 3888});
        BeatWindows.Result r = MitBih.windowsOf(dir, "m", WindowSettings.KACHUEE);
        // On a ramp the stretch's minimum and maximum are its first and last samples: x = (k - 0) / 1249
        // in [0, 1250) and (k - 1250) / 138 in [1250, 1389); a per-beat scale would start every beat at 0.
        assertEquals(100 / 1249.0, r.x()[0], 1e-6);
        assertEquals(219 / 1249.0, r.x()[119], 1e-6, "peaks 100 and 200: L = 120, last kept t = 119");
        assertEquals(0f, r.x()[120]);
        assertEquals(200 / 1249.0, r.x()[187], 1e-6);
        assertEquals(50 / 138.0, r.x()[2 * 187], 1e-6, "the short last stretch has its own scale");
        assertEquals(100 / 138.0, r.x()[3 * 187], 1e-6);
        assertEquals(138 / 138.0, r.x()[3 * 187 + 38], 1e-6, "its last sample is the maximum, 1");
    }

    @Test
    void aStretchWithOneBeatHasNoRrAndDropsIt(@TempDir Path dir) throws Exception {
        rampRecord(dir, "d", new long[] {288, 576, 3744});
        BeatWindows.Result r = MitBih.windowsOf(dir, "d", WindowSettings.KACHUEE);
        assertArrayEquals(new int[] {288, 576}, r.rSample());
        assertEquals(1, r.dropped());
    }

    @Test
    void aFlatStretchGivesZerosNotNaN(@TempDir Path dir) throws Exception {
        SyntheticRecord.write(dir, "f", List.of("MLII"), new int[][] {new int[4000]}, 0, new long[] {288, 576});
        BeatWindows.Result r = MitBih.windowsOf(dir, "f", WindowSettings.KACHUEE);
        for (float v : r.x()) assertEquals(0f, v);
    }

    @Test
    void aRecordShorterThanTenSecondsOrBelow125HzIsRefusedByName(@TempDir Path dir) throws Exception {
        SyntheticRecord.write(dir, "s", List.of("MLII"), new int[][] {new int[3000]}, 0, new long[] {100, 400});
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> MitBih.windowsOf(dir, "s", WindowSettings.KACHUEE));
        assertTrue(
                e.getMessage().contains("record s: 3000 samples at 360.0 Hz (8.33 s)")
                        && e.getMessage().contains("10.0-second stretch"),
                e.getMessage());
        rampRecord(dir, "low", new long[] {288, 576});
        Path hea = dir.resolve("low.hea");
        Files.writeString(hea, Files.readString(hea).replaceFirst("low 1 360 ", "low 1 100 "));
        IllegalArgumentException low = assertThrows(
                IllegalArgumentException.class, () -> MitBih.windowsOf(dir, "low", WindowSettings.KACHUEE));
        assertTrue(low.getMessage().contains("record low: sampled at 100.0 Hz, below the 125.0 Hz"), low.getMessage());
    }

    @Test
    void settingsAndNamesAreChecked() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new WindowSettings(
                        Lead.parse("0"), 90, 96, WindowSettings.Normalisation.MINMAX, BeatFormat.KACHUEE));
        assertTrue(e.getMessage().contains("before must be 0, got before=90"), e.getMessage());
        assertEquals(187, WindowSettings.KACHUEE.length());
        assertEquals(BeatFormat.KACHUEE, BeatFormat.parse("kachuee"));
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class, () -> BeatFormat.parse("kaggle"));
        assertTrue(
                name.getMessage().contains("'kaggle'") && name.getMessage().contains("[windows, kachuee]"),
                name.getMessage());
        assertNotEquals(
                MitBih.cacheFileName(List.of("100"), WindowSettings.PAPER),
                MitBih.cacheFileName(List.of("100"), WindowSettings.KACHUEE),
                "each format has its own cache file");
    }

    @Test
    void kachueeBeatsAreCachedApartFromWindows(@TempDir Path dir, @TempDir Path cache) throws Exception {
        rampRecord(dir, "900", new long[] {288, 576, 864, 3744, 3888});
        BeatDataset k = MitBih.load(dir, List.of("900"), WindowSettings.KACHUEE, cache, null);
        BeatDataset w = MitBih.load(dir, List.of("900"), WindowSettings.PAPER.withLead(Lead.parse("0")), cache, null);
        assertEquals(187, k.windowLength());
        assertEquals(180, w.windowLength());
        try (var files = Files.list(cache)) {
            assertEquals(2, files.count());
        }
        BeatDataset again = MitBih.load(dir, List.of("900"), WindowSettings.KACHUEE, cache, null);
        assertArrayEquals(k.windows(), again.windows());
        assertArrayEquals(k.rSamples(), again.rSamples());
    }

    /**
     * Golden values from an independent numpy pipeline (its own header, format-212 and annotation
     * decoders; the same windowed-sinc taps applied with np.convolve to the point-reflected signal,
     * np.interp at k 360 / 125, stretches of 1,250 samples, np.median of np.diff of the peaks,
     * float32 beats): per record on signal 0, the beat count, the class counts, beat 0 at offsets 0, 10,
     * 50, 186 and beat 7 at 0, 1, 100, 150, and the float64 sum over all beats.
     */
    @Test
    void beatsMatchAnIndependentNumpyPipeline() throws Exception {
        Path d = TestDb.dir();
        Object[][] golden = {
            {
                "100",
                2273,
                new int[] {2239, 33, 1, 0, 0},
                new double[] {0x1.ccf4c2p-1, 0x1.7ff76cp-3, 0x1.e65118p-3, 0},
                new double[] {0x1.eed0a6p-1, 0x1.eb773p-2, 0x1.c71982p-3, 0},
                47129.27154447651
            },
            {
                "232",
                1780,
                new int[] {398, 1382, 0, 0, 0},
                new double[] {0x1.5974dcp-1, 0x1.c45b2ep-3, 0x1.a80ac4p-2, 0},
                new double[] {0x1.801d6ap-1, 0x1.e65938p-2, 0x1.442c54p-2, 0},
                65949.94278255242
            },
            {
                "114",
                1879,
                new int[] {1820, 12, 43, 4, 0},
                new double[] {0x1.245d5p-2, 0x1.3001aap-1, 0x1.1cd876p-1, 0},
                new double[] {0x1.04576ep-2, 0x1.415406p-1, 0x1.43a284p-1, 0x1.6c34aep-1},
                132510.35820062883
            }
        };
        for (Object[] g : golden) {
            String rec = (String) g[0];
            BeatWindows.Result r = MitBih.windowsOf(d, rec, 0, WindowSettings.KACHUEE);
            assertEquals((int) g[1], r.size(), rec + " beats");
            int[] counts = new int[Aami.COUNT];
            for (int c : r.y()) counts[c]++;
            assertArrayEquals((int[]) g[2], counts, rec + " classes");
            int[] at0 = {0, 10, 50, 186}, at7 = {0, 1, 100, 150};
            for (int i = 0; i < 4; i++) {
                assertEquals(((double[]) g[3])[i], r.x()[at0[i]], 1e-6, rec + " beat 0 at " + at0[i]);
                assertEquals(((double[]) g[4])[i], r.x()[7 * 187 + at7[i]], 1e-6, rec + " beat 7 at " + at7[i]);
            }
            double sum = 0;
            for (float v : r.x()) sum += v;
            assertEquals((double) g[5], sum, 1e-6 * (double) g[5], rec + " sum");
        }
    }
}
