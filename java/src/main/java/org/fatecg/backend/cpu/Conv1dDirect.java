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
            float[] x, // (N, C, L) from xOff
            int xOff,
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
        // tap q = (ic, j) of output t reads x[xRow + tapOffset[q] + t - pad]
        int taps = c * k;
        int[] tapOffset = new int[taps];
        for (int q = 0; q < taps; q++) tapOffset[q] = (q / k) * l + q % k;
        par.forRange(n * o, Math.max(1, 8192 / Math.max(1, lo * c * k)), (r0, r1) -> {
            for (int row = r0; row < r1; row++) {
                int b = row / o, oc = row % o;
                int dst = row * lo, xRow = xOff + b * c * l, wRow = oc * c * k;
                for (int t = 0; t < in0; t++) y[dst + t] = edge(x, xRow, w, wRow, c, l, k, pad, t);
                int t = in0;
                for (; t + 4 * W <= in1; t += 4 * W) block4(y, dst + t, x, xRow + t - pad, tapOffset, w, wRow);
                for (; t + W <= in1; t += W) block1(y, dst + t, x, xRow + t - pad, tapOffset, w, wRow);
                for (; t < lo; t++) y[dst + t] = edge(x, xRow, w, wRow, c, l, k, pad, t);
            }
        });
    }

    /**
     * y[dst : dst + 4W] = sum over taps q, in order, of w[wRow + q] * x[src + tapOffset[q] : + 4W]. One
     * flat loop over the taps in a method of its own: with the taps as two nested loops (channels, then
     * kernel positions) inside the row loop, Java 17's C2 did not keep the accumulators in registers and
     * boxed every vector (3.7 MB allocated per call on the paper CNN's first layer at batch 64, 2 GFLOP/s).
     */
    private static void block4(float[] y, int dst, float[] x, int src, int[] tapOffset, float[] w, int wRow) {
        FloatVector a0 = FloatVector.zero(S),
                a1 = FloatVector.zero(S),
                a2 = FloatVector.zero(S),
                a3 = FloatVector.zero(S);
        for (int q = 0; q < tapOffset.length; q++) {
            FloatVector wb = FloatVector.broadcast(S, w[wRow + q]);
            int at = src + tapOffset[q];
            a0 = wb.fma(FloatVector.fromArray(S, x, at), a0);
            a1 = wb.fma(FloatVector.fromArray(S, x, at + W), a1);
            a2 = wb.fma(FloatVector.fromArray(S, x, at + 2 * W), a2);
            a3 = wb.fma(FloatVector.fromArray(S, x, at + 3 * W), a3);
        }
        a0.intoArray(y, dst);
        a1.intoArray(y, dst + W);
        a2.intoArray(y, dst + 2 * W);
        a3.intoArray(y, dst + 3 * W);
    }

    /** As block4 for one vector of W outputs. */
    private static void block1(float[] y, int dst, float[] x, int src, int[] tapOffset, float[] w, int wRow) {
        FloatVector a0 = FloatVector.zero(S);
        for (int q = 0; q < tapOffset.length; q++)
            a0 = FloatVector.broadcast(S, w[wRow + q]).fma(FloatVector.fromArray(S, x, src + tapOffset[q]), a0);
        a0.intoArray(y, dst);
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
