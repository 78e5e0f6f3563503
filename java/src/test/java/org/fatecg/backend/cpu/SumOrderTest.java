package org.fatecg.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * Elementwise.sum adds in the order its comment states: W lane accumulators (lane j takes x[j], x[j+W],
 * ... in turn), the lanes then added left to right, then the scalar tail. The reference below spells
 * that order out with scalar floats. The data mixes magnitudes so that another order of the same
 * additions gives another float (checked: the reversed lane order differs), and the kernel is compiled
 * before it is checked. (The Vector API's reduceLanes(ADD), used here before, leaves its order
 * unspecified: a quick run's weights trained on JDK 17 and on JDK 25 differed in their last bits with
 * it and are bit-identical without it.)
 */
class SumOrderTest {
    private static final int W = FloatVector.SPECIES_PREFERRED.length();

    static float stated(float[] x, int off, int n) {
        float[] lane = new float[W];
        int vectorEnd = n >= W ? n - n % W : 0;
        for (int i = 0; i < vectorEnd; i++) lane[i % W] += x[off + i];
        float s = 0f;
        if (vectorEnd > 0) for (int j = 0; j < W; j++) s += lane[j];
        for (int i = vectorEnd; i < n; i++) s += x[off + i];
        return s;
    }

    static float reversedLanes(float[] x, int off, int n) {
        float[] lane = new float[W];
        int vectorEnd = n - n % W;
        for (int i = 0; i < vectorEnd; i++) lane[i % W] += x[off + i];
        float s = 0f;
        for (int j = W - 1; j >= 0; j--) s += lane[j];
        for (int i = vectorEnd; i < n; i++) s += x[off + i];
        return s;
    }

    @Test
    void sumsInTheStatedOrder() {
        java.util.Random r = new java.util.Random(3);
        float[] x = new float[40 * W + 5];
        // lane j holds values near 10^(j mod 4 * 2): adding the lanes in another order rounds differently
        for (int i = 0; i < x.length; i++) x[i] = (float) ((r.nextDouble() - 0.3) * Math.pow(10, (i % W % 4) * 2));
        // Called often enough for the JIT to compile it first (C2 after some 10,000 calls): a lane
        // reduction's order can differ between the interpreter and the compiled intrinsic.
        float sink = 0f;
        for (int i = 0; i < 200_000; i++) sink += Elementwise.sum(x, i & 1, 3 * W + 2);
        assertEquals(false, Float.isNaN(sink));
        int differ = 0;
        for (int n : new int[] {W - 1, W, 3 * W + 2, 40 * W, 40 * W + 5}) {
            for (int off : new int[] {0, 1}) {
                if (off + n > x.length) continue;
                float expected = stated(x, off, n);
                assertEquals(
                        Float.floatToIntBits(expected),
                        Float.floatToIntBits(Elementwise.sum(x, off, n)),
                        "n " + n + " off " + off + ": " + expected + " vs " + Elementwise.sum(x, off, n));
                if (n >= W && expected != reversedLanes(x, off, n)) differ++;
            }
        }
        assertNotEquals(0, differ, "the data must tell lane orders apart");
    }
}
