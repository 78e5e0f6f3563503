package org.fatecg.backend.cpu;

import java.util.Arrays;
import org.fatecg.Close;
import org.fatecg.tensor.Rng;
import org.junit.jupiter.api.Test;

/**
 * The backend's conv1d (Conv1dGemm: im2col inside the GEMM's packing, or Conv1dDirect for few taps or
 * few output channels) against {@link Conv1dNaive}, forward, input gradient and weight gradient, at
 * awkward shapes: K = 1, 3, 5; pad 0, 1, 2; odd lengths, lengths shorter than the kernel (L = 3, K = 5),
 * C = 1, O = 1, both the direct and the GEMM path in each direction, and three of the paper's layers at
 * batch 32, 8 and 4 (large enough to run on two threads, and long enough for the direct kernel's blocks). Outputs start NaN-filled: every element must be
 * written.
 *
 * <p>Tolerance atol + rtol |ref| with atol = 2e-6 sqrt(R) and rtol = 1e-5, where R is the reduction
 * length (C*K forward, O*K input gradient, N*Lout weight gradient) and inputs are U(-1, 1); see
 * GemmParityTest for the reasoning. One and two threads must agree bit for bit.
 */
class Conv1dParityTest {
    /** (N, C, L, O, K, pad). */
    static final int[][] SHAPES = {
        {1, 1, 1, 1, 1, 0},
        {2, 1, 7, 3, 3, 1},
        {3, 5, 11, 1, 5, 2},
        {2, 4, 9, 6, 5, 0},
        {1, 3, 3, 2, 5, 1},
        {2, 2, 4, 3, 3, 2},
        {4, 3, 13, 5, 1, 0},
        // GEMM path both ways (Conv1dDirect takes C*K < 8 or O < 6): K = 1, 3, 5, pad 0 and 2, lengths
        // shorter than a column panel, so panels span several samples.
        {2, 8, 11, 9, 1, 0},
        {3, 7, 13, 9, 5, 2},
        {2, 6, 9, 6, 3, 0},
        {32, 16, 90, 32, 3, 1},
        {8, 64, 22, 128, 3, 1},
        // the direct kernel's register blocks of 4 vectors and its edges: the paper's first layer
        // (1 -> 16, L = 180; its input gradient has O = 1 and C*K = 48) and an odd length with K = 5
        {4, 1, 180, 16, 3, 1},
        {3, 2, 77, 4, 5, 2}
    };

    static final CpuBackend ONE = new CpuBackend(1), TWO = new CpuBackend(2);

    static float[] random(Rng rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = 2 * rng.nextFloat() - 1;
        return v;
    }

    static float[] nan(int n) {
        float[] v = new float[n];
        Arrays.fill(v, Float.NaN);
        return v;
    }

    @Test
    void im2colMatchesNaive() {
        Rng rng = new Rng(21);
        for (int[] s : SHAPES) {
            int n = s[0], c = s[1], l = s[2], o = s[3], k = s[4], pad = s[5], lo = l + 2 * pad - k + 1;
            String what = "N,C,L,O,K,pad " + Arrays.toString(s);
            float[] x = random(rng, n * c * l), w = random(rng, o * c * k), dy = random(rng, n * o * lo);

            float[] ref = new float[n * o * lo];
            Conv1dNaive.forward(ref, x, w, n, c, l, o, k, pad);
            float[][] got = new float[2][];
            for (int t = 0; t < 2; t++) {
                CpuBackend be = t == 0 ? ONE : TWO;
                got[t] = nan(ref.length);
                be.conv1dForward(be.wrap(got[t]), be.wrap(x), be.wrap(w), n, c, l, o, k, pad);
            }
            Close.assertClose(what + " forward", ref, got[0], 2e-6 * Math.sqrt(c * k), 1e-5);
            Close.assertBitIdentical(what + " forward 1 vs 2 threads", got[0], got[1]);

            ref = new float[n * c * l];
            Conv1dNaive.backwardInput(ref, dy, w, n, c, l, o, k, pad);
            for (int t = 0; t < 2; t++) {
                CpuBackend be = t == 0 ? ONE : TWO;
                got[t] = nan(ref.length);
                be.conv1dBackwardInput(be.wrap(got[t]), be.wrap(dy), be.wrap(w), n, c, l, o, k, pad);
            }
            Close.assertClose(what + " backInput", ref, got[0], 2e-6 * Math.sqrt(o * k), 1e-5);
            Close.assertBitIdentical(what + " backInput 1 vs 2 threads", got[0], got[1]);

            ref = new float[o * c * k];
            Conv1dNaive.backwardWeight(ref, x, dy, n, c, l, o, k, pad);
            for (int t = 0; t < 2; t++) {
                CpuBackend be = t == 0 ? ONE : TWO;
                got[t] = nan(ref.length);
                be.conv1dBackwardWeight(be.wrap(got[t]), be.wrap(x), be.wrap(dy), n, c, l, o, k, pad);
            }
            Close.assertClose(what + " backWeight", ref, got[0], 2e-6 * Math.sqrt(n * lo), 1e-5);
            Close.assertBitIdentical(what + " backWeight 1 vs 2 threads", got[0], got[1]);
        }
    }

    /**
     * The naive kernels are adjoint to each other, as the definitions require:
     * <dy, conv(x, w)> = <backInput(dy, w), x> = <backWeight(x, dy), w> (in double, to 1e-5 relative).
     */
    @Test
    void naiveKernelsAreAdjoint() {
        Rng rng = new Rng(22);
        for (int[] s : SHAPES) {
            int n = s[0], c = s[1], l = s[2], o = s[3], k = s[4], pad = s[5], lo = l + 2 * pad - k + 1;
            float[] x = random(rng, n * c * l), w = random(rng, o * c * k), dy = random(rng, n * o * lo);
            float[] y = new float[n * o * lo], dx = new float[n * c * l], dw = new float[o * c * k];
            Conv1dNaive.forward(y, x, w, n, c, l, o, k, pad);
            Conv1dNaive.backwardInput(dx, dy, w, n, c, l, o, k, pad);
            Conv1dNaive.backwardWeight(dw, x, dy, n, c, l, o, k, pad);
            double a = dot(dy, y), b = dot(dx, x), cc = dot(dw, w);
            double scale = Math.sqrt(y.length * c * k);
            Close.assertClose(
                    "adjoint input " + Arrays.toString(s), new double[] {a}, new double[] {b}, 1e-5 * scale, 1e-5);
            Close.assertClose(
                    "adjoint weight " + Arrays.toString(s), new double[] {a}, new double[] {cc}, 1e-5 * scale, 1e-5);
        }
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }
}
