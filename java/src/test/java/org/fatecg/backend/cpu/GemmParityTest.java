package org.fatecg.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.fatecg.Close;
import org.fatecg.backend.Parallel;
import org.fatecg.tensor.Rng;
import org.junit.jupiter.api.Test;

/**
 * llm.c-style parity: the packed Vector API sgemm ({@link GemmVector}) against the three-loop reference
 * ({@link GemmNaive}) for all four transpose layouts, at shapes that are not multiples of the 6-row
 * micro-tile, of the 2-vector column panel, of the KC = 256 depth block or of MC = 96 (1x1x1, 7x13x5,
 * 6x32x256, 65x33x257, the paper's fc1 at batch 64: 64x1408x256, 131x300x47, 9x385x21, and K = 0), and for the
 * alpha/beta variants of C = alpha op(A) op(B) + beta C, including beta = 0 over a NaN-filled C (which
 * must overwrite, never read, C).
 *
 * <p>Tolerance atol + rtol |ref| with atol = 2e-6 sqrt(K) |alpha| and rtol = 1e-5: entries of A and B are
 * U(-1, 1), so a product row sums K terms of size ~1/3 and float32 accumulation in a different order
 * differs by a few ulps of the partial sums, which grow like sqrt(K). The multi-threaded kernel must
 * equal the single-threaded one bit for bit: threads only split independent outputs.
 */
class GemmParityTest {
    static final int[][] SHAPES = {
        {1, 1, 1}, {7, 13, 5}, {6, 32, 256}, {65, 33, 257}, {64, 1408, 256}, {131, 300, 47}, {9, 385, 21}, {3, 0, 4}
    };
    static final float[][] ALPHA_BETA = {{1, 0}, {0.5f, 0}, {1, 1}, {-1.5f, 0.25f}};
    static final Parallel ONE = new Parallel(1), TWO = new Parallel(2);

    static float[] random(Rng rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = 2 * rng.nextFloat() - 1;
        return v;
    }

    @Test
    void vectorMatchesNaiveInEveryLayoutAndThreadCount() {
        Rng rng = new Rng(11);
        for (int[] s : SHAPES) {
            int m = s[0], k = s[1], n = s[2];
            for (int layout = 0; layout < 4; layout++) {
                boolean ta = (layout & 1) != 0, tb = (layout & 2) != 0;
                float[] a = random(rng, m * k), b = random(rng, k * n);
                for (float[] ab : ALPHA_BETA) {
                    float alpha = ab[0], beta = ab[1];
                    float[] c0 = random(rng, m * n);
                    if (beta == 0) Arrays.fill(c0, Float.NaN);
                    float[] ref = c0.clone(), one = c0.clone(), two = c0.clone();
                    GemmNaive.gemm(ref, a, b, ta, tb, m, n, k, alpha, beta);
                    GemmVector.gemm(ONE, one, a, b, ta, tb, m, n, k, alpha, beta);
                    GemmVector.gemm(TWO, two, a, b, ta, tb, m, n, k, alpha, beta);
                    String what = String.format(
                            "gemm M=%d K=%d N=%d %s%s alpha=%s beta=%s",
                            m, k, n, ta ? "A^T" : "A", tb ? " B^T" : " B", alpha, beta);
                    Close.assertClose(what, ref, one, 2e-6 * Math.sqrt(Math.max(k, 1)) * Math.abs(alpha), 1e-5);
                    Close.assertBitIdentical(what + " 1 vs 2 threads", one, two);
                    if (beta == 0)
                        for (float v : one) assertFalse(Float.isNaN(v), what + ": NaN read from C with beta = 0");
                }
            }
        }
    }

    /** EJML, the project's independent oracle, agrees with the naive kernel too (same tolerance). */
    @Test
    void ejmlMatchesNaive() {
        Rng rng = new Rng(13);
        for (int[] s : new int[][] {{7, 13, 5}, {65, 33, 257}}) {
            int m = s[0], k = s[1], n = s[2];
            for (int layout = 0; layout < 4; layout++) {
                boolean ta = (layout & 1) != 0, tb = (layout & 2) != 0;
                float[] a = random(rng, m * k), b = random(rng, k * n), c0 = random(rng, m * n);
                float[] ref = c0.clone(), ejml = c0.clone();
                GemmNaive.gemm(ref, a, b, ta, tb, m, n, k, -1.5f, 0.25f);
                GemmEjml.gemm(ejml, a, b, ta, tb, m, n, k, -1.5f, 0.25f);
                Close.assertClose(
                        "ejml " + Arrays.toString(s) + " layout " + layout, ref, ejml, 2e-6 * Math.sqrt(k) * 1.5, 1e-5);
            }
        }
    }

    /** The naive kernel is itself right: one entry against a hand-written dot product in double. */
    @Test
    void naiveIsTheDefinition() {
        Rng rng = new Rng(12);
        int m = 5, k = 9, n = 4;
        float[] a = random(rng, m * k), b = random(rng, k * n), c = random(rng, m * n), c0 = c.clone();
        GemmNaive.gemm(c, a, b, false, false, m, n, k, 2f, 0.5f);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += (double) a[i * k + p] * b[p * n + j];
                Close.assertClose(
                        "naive[" + i + "," + j + "]",
                        new double[] {2 * s + 0.5 * c0[i * n + j]},
                        new double[] {c[i * n + j]},
                        1e-6,
                        1e-6);
            }
    }
}
