package org.fatecg.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.fatecg.backend.Parallel;

/**
 * Direct conv1d for the shapes a GEMM handles badly: few input taps (C*K small, e.g. the first layer's
 * 1 x 3) or few output channels (the first layer's input gradient has O = 1). Vectorised along the
 * signal with the sum held in registers: for a block of 4 W outputs t,
 *
 * <pre>
 *   acc[t:t+4W] = sum over taps (c, j), in that order, of w[o, c, j] * x[b, c, t + j - pad : + 4W]
 * </pre>
 *
 * stored once. (Summing into the output row in memory, one pass per tap, was bound by its stores: a
 * load, an FMA and a store per vector and tap.) Vector blocks cover the interior, where every tap lies
 * inside the signal; the few outputs at the edges, whose taps reach into the zero padding, are summed
 * as scalars in the same tap order, skipping the taps outside the signal.
 */
final class Conv1dDirect {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int W = S.length();

    private Conv1dDirect() {}

    /** True where this kernel beats the GEMM path (measured on the paper CNN's first layer). */
    static boolean suits(int c, int o, int k) {
        return c * k < 8 || o < GemmVector.MR;
    }

    static void forward(
            Parallel par,
            float[] y, // (N, O, Lout)
            float[] x, // (N, C, L)
            float[] w, // (O, C, K)
            int n,
            int c,
            int l,
            int o,
            int k,
            int pad) {
        int lo = l + 2 * pad - k + 1;
        if (lo <= 0) return;
        // interior: every tap t + j - pad of output t lies in [0, l)
        int in0 = Math.min(lo, Math.max(0, pad)), in1 = Math.max(in0, Math.min(lo, l - k + 1 + pad));
        par.forRange(n * o, Math.max(1, 8192 / Math.max(1, lo * c * k)), (r0, r1) -> {
            for (int row = r0; row < r1; row++) {
                int b = row / o, oc = row % o;
                int dst = row * lo, xRow = b * c * l, wRow = oc * c * k;
                for (int t = 0; t < in0; t++) y[dst + t] = edge(x, xRow, w, wRow, c, l, k, pad, t);
                int t = in0;
                for (; t + 4 * W <= in1; t += 4 * W) {
                    FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
                    for (int ic = 0; ic < c; ic++) {
                        int src = xRow + ic * l + t - pad;
                        for (int j = 0; j < k; j++) {
                            FloatVector wb = FloatVector.broadcast(S, w[wRow + ic * k + j]);
                            int at = src + j;
                            a0 = wb.fma(FloatVector.fromArray(S, x, at), a0);
                            a1 = wb.fma(FloatVector.fromArray(S, x, at + W), a1);
                            a2 = wb.fma(FloatVector.fromArray(S, x, at + 2 * W), a2);
                            a3 = wb.fma(FloatVector.fromArray(S, x, at + 3 * W), a3);
                        }
                    }
                    a0.intoArray(y, dst + t);
                    a1.intoArray(y, dst + t + W);
                    a2.intoArray(y, dst + t + 2 * W);
                    a3.intoArray(y, dst + t + 3 * W);
                }
                for (; t + W <= in1; t += W) {
                    FloatVector a0 = FloatVector.zero(S);
                    for (int ic = 0; ic < c; ic++) {
                        int src = xRow + ic * l + t - pad;
                        for (int j = 0; j < k; j++)
                            a0 = FloatVector.broadcast(S, w[wRow + ic * k + j])
                                    .fma(FloatVector.fromArray(S, x, src + j), a0);
                    }
                    a0.intoArray(y, dst + t);
                }
                for (; t < lo; t++) y[dst + t] = edge(x, xRow, w, wRow, c, l, k, pad, t);
            }
        });
    }

    /** One output y[b, o, t] summed as a scalar, taps outside the signal skipped (zero padding). */
    private static float edge(float[] x, int xRow, float[] w, int wRow, int c, int l, int k, int pad, int t) {
        float sum = 0f;
        for (int ic = 0; ic < c; ic++) {
            for (int j = 0; j < k; j++) {
                int at = t + j - pad;
                if (at >= 0 && at < l) sum = Math.fma(w[wRow + ic * k + j], x[xRow + ic * l + at], sum);
            }
        }
        return sum;
    }
}
