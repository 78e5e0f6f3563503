package org.fatecg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Arrays;
import org.fatecg.SharedFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mV and dB conversions against hand-computed numbers, and the reference window against the records. */
class SignalBudgetTest {
    @Test
    void millivoltsFollowTheMinMaxSlope() {
        // A window from -0.4 to 0.6 mV: D = 1.0 + 1e-6; 0.05 mV is eps 0.05 / 1.000001 = 0.04999995
        assertEquals(0.04999995, SignalBudget.epsFromMillivolts(0.05, 1.0), 1e-8);
        // eps 8/255 = 0.0313725 on a 2 mV window is 0.0627451 mV
        assertEquals(0.0627451, SignalBudget.millivolts(8.0 / 255, 2.0), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> SignalBudget.epsFromMillivolts(0.1, -1));
    }

    @Test
    void snrIsTwentyLogOfRmsOverEps() {
        // rms 0.5, 20 dB: eps = 0.5 * 10^-1 = 0.05; 40 dB: 0.005; and back
        assertEquals(0.05, SignalBudget.epsFromSnrDb(20, 0.5), 1e-12);
        assertEquals(0.005, SignalBudget.epsFromSnrDb(40, 0.5), 1e-12);
        assertEquals(20, SignalBudget.snrDb(0.05, 0.5), 1e-12);
        // a beat of constant 0.5 perturbed by +-0.05 at every sample: ||x||^2 / ||d||^2 = 0.25 / 0.0025 = 100, 20 dB
        assertEquals(10 * Math.log10(0.25 / 0.0025), SignalBudget.snrDb(0.05, 0.5), 1e-12);
    }

    @Test
    void referenceWindowIsTheMedianOfTheRecords(@TempDir Path cache) throws Exception {
        Path data = SharedFiles.require("data/mitdb");
        BeatDataset raw = MitBih.load(
                data,
                new WindowSettings(Lead.PAPER, 90, 89, WindowSettings.Normalisation.NONE, BeatFormat.WINDOWS),
                cache,
                s -> {});
        BeatDataset norm = MitBih.load(data, WindowSettings.PAPER, cache, s -> {});
        int n = raw.size(), len = raw.windowLength();
        double[] range = new double[n], rms = new double[n];
        for (int i = 0; i < n; i++) {
            float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
            double ss = 0;
            for (int t = 0; t < len; t++) {
                lo = Math.min(lo, raw.x(i, t));
                hi = Math.max(hi, raw.x(i, t));
                ss += (double) norm.x(i, t) * norm.x(i, t);
            }
            range[i] = hi - lo;
            rms[i] = Math.sqrt(ss / len);
        }
        Arrays.sort(range);
        Arrays.sort(rms);
        assertEquals(109_468, n);
        assertEquals(SignalBudget.REFERENCE_RANGE_MV, range[n / 2], 0.005);
        assertEquals(SignalBudget.REFERENCE_RMS, rms[n / 2], 0.0005);
    }
}
