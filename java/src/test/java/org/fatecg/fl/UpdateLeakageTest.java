package org.fatecg.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fatecg.attack.GradientInversion;
import org.fatecg.attack.GradientInversionTest;
import org.fatecg.nn.Layers;
import org.fatecg.tensor.Rng;
import org.junit.jupiter.api.Test;

/** The gradient's clipping and noise, and that DLG recovers one beat without DP and not under enough noise. */
class UpdateLeakageTest {
    static final int L = GradientInversionTest.L;

    @Test
    void clipsTheWholeGradientToSThenAddsNoiseOfStandardDeviationZS() {
        float[][] g = {{3, 0}, {0, 4}}; // norm 5 over both parameters
        UpdateLeakage.privatise(g, 1.0, 0, new Rng(1));
        assertEquals(0.6, g[0][0], 1e-6);
        assertEquals(0.8, g[1][1], 1e-6);
        float[][] small = {{0.3f, 0.4f}}; // norm 0.5 < S: unchanged
        UpdateLeakage.privatise(small, 1.0, 0, new Rng(1));
        assertEquals(0.3, small[0][0], 1e-7);
        // zero gradient, S = 2, z = 0.25: noise N(0, 0.5^2); 40,000 draws give the sd to about 0.4%
        float[][] zero = {new float[20000], new float[20000]};
        UpdateLeakage.privatise(zero, 2.0, 0.25, new Rng(7));
        double s = 0, s2 = 0;
        for (float[] gi : zero)
            for (float v : gi) {
                s += v;
                s2 += (double) v * v;
            }
        double mean = s / 40000, sd = Math.sqrt(s2 / 40000 - mean * mean);
        assertEquals(0, mean, 0.01);
        assertEquals(0.5, sd, 0.01);
    }

    @Test
    void recoversOneBeatWithoutNoiseAndNotUnderHeavyNoise() {
        Layers.Sequential net = GradientInversionTest.smallNet(1);
        float[] x = GradientInversionTest.beat(25);
        GradientInversion.Settings s = new GradientInversion.Settings(400, 0.05f, GradientInversion.Distance.COSINE);
        UpdateLeakage.Trial clear = UpdateLeakage.invert(net, x, new int[] {2}, L, 0, 0, s, 3);
        assertTrue(clear.beats().get(0).recovered(), "correlation " + clear.meanCorrelation());
        assertTrue(clear.meanMse() < 1e-3, "mse " + clear.meanMse());
        assertEquals(2, clear.recoveredLabels()[0]);
        // S = 1e-3 (far below the gradient's norm) and z = 1: noise of norm ~ 0.001 sqrt(d) >> the clipped signal
        UpdateLeakage.Trial noisy = UpdateLeakage.invert(net, x, new int[] {2}, L, 1e-3, 1, s, 3);
        assertTrue(
                !noisy.beats().get(0).recovered() && noisy.meanMse() > 10 * clear.meanMse(),
                "under DP: correlation " + noisy.meanCorrelation() + ", mse " + noisy.meanMse());
    }
}
