package org.fatecg.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.fatecg.backend.Parallel;

/**
 * Direct conv1d for the shapes a GEMM handles badly: few input taps (C*K small, e.g. the first layer's
 * 1 x 3) or few output channels (the first layer's input gradient has O = 1). Vectorised along the
 * signal: y[b, o, t:t+W] += w[o, c, j] * x[b, c, t+j-pad : t+j-pad+W], one pass per tap (c, j) over an
 * output row that stays in L1.
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
        par.forRange(n * o, Math.max(1, 8192 / Math.max(1, lo * c * k)), (r0, r1) -> {
            for (int row = r0; row < r1; row++) {
                int b = row / o, oc = row % o;
                int dst = row * lo;
                java.util.Arrays.fill(y, dst, dst + lo, 0f);
                for (int ic = 0; ic < c; ic++) {
                    int src = (b * c + ic) * l;
                    for (int j = 0; j < k; j++) {
                        float wv = w[(oc * c + ic) * k + j];
                        int shift = j - pad;
                        int t = Math.max(0, -shift), tEnd = Math.min(lo, l - shift);
                        FloatVector wb = FloatVector.broadcast(S, wv);
                        for (; t + W <= tEnd; t += W) {
                            FloatVector acc = FloatVector.fromArray(S, y, dst + t);
                            wb.fma(FloatVector.fromArray(S, x, src + t + shift), acc)
                                    .intoArray(y, dst + t);
                        }
                        for (; t < tEnd; t++) y[dst + t] = Math.fma(wv, x[src + t + shift], y[dst + t]);
                    }
                }
            }
        });
    }
}
