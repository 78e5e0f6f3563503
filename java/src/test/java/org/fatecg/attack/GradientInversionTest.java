package org.fatecg.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fatecg.nn.Layers;
import org.fatecg.nn.Models;
import org.fatecg.tensor.Rng;
import org.junit.jupiter.api.Test;

/**
 * DLG recovers a beat from its gradient at batch 1 on a small network; iDLG reads the label; largest
 * remainders and the beat matching on hand-made cases.
 */
public class GradientInversionTest {
    public static final int L = 60;

    /** A beat-like window: a narrow R peak on a slow wave, in [0, 1]. */
    public static float[] beat(double centre) {
        float[] x = new float[L];
        for (int j = 0; j < L; j++) {
            double t = j - centre;
            x[j] = (float) (0.25 + 0.7 * Math.exp(-t * t / 6) + 0.05 * Math.sin(j / 7.0));
        }
        return x;
    }

    public static Layers.Sequential smallNet(long seed) {
        Rng rng = new Rng(seed);
        Layers.Sequential net = new Layers.Sequential();
        net.add("conv1", new Layers.Conv1d(1, 4, 3, 1, true, rng));
        net.add("relu1", new Layers.ReLU());
        net.add("flatten", new Layers.Flatten());
        net.add("fc1", new Layers.Linear(4 * L, 16, true, rng));
        net.add("relu2", new Layers.ReLU());
        net.add("fc2", new Layers.Linear(16, Models.CLASSES, true, rng));
        return net;
    }

    @Test
    void recoversOneBeatAndItsLabel() {
        Layers.Sequential net = smallNet(1);
        float[] x = beat(25);
        int[] y = {3};
        float[][] g = GradientInversion.clientGradient(net, x, y, L);
        int[] labels = GradientInversion.recoverLabels(net, g, 1, L, new Rng(2));
        assertArrayEquals(y, labels);
        GradientInversion.Result r = GradientInversion.invert(
                net,
                g,
                labels,
                L,
                new GradientInversion.Settings(400, 0.05f, GradientInversion.Distance.COSINE),
                new Rng(3));
        double mse = GradientInversion.mse(x, 0, r.beats(), 0, L),
                corr = GradientInversion.correlation(x, 0, r.beats(), 0, L);
        System.out.println("DLG batch 1: mse " + mse + ", correlation " + corr + ", distance " + r.distance());
        // A random start in U(0,1) has mse ~ 0.15 and correlation ~ 0 to the beat; the stated bound:
        assertTrue(mse < 1e-3, "mse " + mse);
        assertTrue(corr > 0.99, "correlation " + corr);
    }

    @Test
    void largestRemainderRoundsCountsToTheBatch() {
        assertArrayEquals(new int[] {0, 0, 1, 2}, GradientInversion.largestRemainder(new double[] {1.6, 1.3, 1.1}, 4));
        assertArrayEquals(new int[] {1, 1, 1}, GradientInversion.largestRemainder(new double[] {0, 3, 0}, 3));
    }

    @Test
    void matchingPairsEachTrueBeatWithItsReconstruction() {
        float[] a = beat(10), b = beat(40);
        float[] truth = new float[2 * L], recon = new float[2 * L];
        System.arraycopy(a, 0, truth, 0, L);
        System.arraycopy(b, 0, truth, L, L);
        System.arraycopy(b, 0, recon, 0, L);
        System.arraycopy(a, 0, recon, L, L);
        assertArrayEquals(new int[] {1, 0}, GradientInversion.match(truth, recon, 2, L));
        assertEquals(1.0, GradientInversion.correlation(a, 0, recon, L, L), 1e-9);
    }
}
