package org.fatecg.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.fatecg.backend.Parallel;

/**
 * The forward-only conv block of a 1-D CNN in one pass over the batch:
 *
 * <pre>
 *   y[b, o, j] = maxpool2( relu( conv1d(x, w, pad)[b, o, :] + bias[o] ) )[j],   j < floor(Lout / 2)
 * </pre>
 *
 * computed with the same kernels, in the same order, as the four separate operations (conv1d through
 * {@link Conv1dGemm}, the broadcast add, ReLU as max(v, 0), and {@link MaxPool}'s pair selection), so
 * the result is bit for bit theirs. What changes is where the work runs:
 *
 * <ul>
 *   <li>The batch is split once, one contiguous range of samples per thread, and each thread runs the
 *       whole block on its samples: one synchronisation point per block instead of one per operation
 *       (four), and each thread's GEMMs run without splitting.</li>
 *   <li>Each thread works through its samples a few at a time, so a chunk's conv output (at most
 *       {@link #CHUNK_FLOATS} floats) stays in its core's L2 cache while bias, ReLU and pooling read it
 *       back; the unfused path writes the (N, O, Lout) map to memory, then reads and writes it twice more
 *       (add, ReLU) and once more to pool.</li>
 *   <li>The only buffer written out is y, half the length of the conv map; the intermediate lives in
 *       a per-thread scratch array reused across calls (no allocation, no zeroing).</li>
 * </ul>
 *
 * Every output element is computed by one thread from the same operands in the same order whatever
 * the split, so results do not depend on the thread count. The reference twin is the composition of
 * the four primitives (and, below them, {@link Conv1dNaive}); the parity test compares both.
 */
final class ConvBlock {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int W = S.length();
    /** Floats of conv output per chunk: 128 KiB, inside one core's L2 on the machines measured (512 KiB, 2 MiB). */
    static final int CHUNK_FLOATS = 1 << 15;

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

    private ConvBlock() {}

    static void forward(
            Parallel par,
            float[] y, // (N, O, Lout / 2)
            float[] x, // (N, C, L)
            float[] w, // (O, C, K)
            float[] bias, // (O), or null for none
            int n,
            int c,
            int l,
            int o,
            int k,
            int pad) {
        int lo = l + 2 * pad - k + 1, lp = lo / 2;
        if (lo <= 0 || n == 0 || o == 0) return;
        int chunk = Math.max(1, CHUNK_FLOATS / (o * lo));
        par.forRange(n, 1, (b0, b1) -> {
            float[][] s = SCRATCH.get();
            int need = Math.min(chunk, b1 - b0) * o * lo;
            if (s[0].length < need) s[0] = new float[need];
            float[] conv = s[0];
            for (int b = b0; b < b1; b += chunk) {
                int m = Math.min(chunk, b1 - b);
                // nested inside a chunk of forRange, the conv's own parallel loops run inline on this thread
                Conv1dGemm.forward(par, conv, x, b * c * l, w, m, c, l, o, k, pad);
                biasRelu(conv, bias, m * o, o, lo);
                if ((lo & 1) == 0) {
                    MaxPool.selectPairs(y, conv, conv, 0, b * o * lp, 0, m * o * lp);
                } else {
                    for (int r = 0; r < m * o; r++) MaxPool.selectPairs(y, conv, conv, r * lo, (b * o + r) * lp, 0, lp);
                }
            }
        });
    }

    /** v[r, t] = max(v[r, t] + bias[r mod o], 0) in place (bias null: max(v, 0)), as the add then ReLU kernels. */
    private static void biasRelu(float[] v, float[] bias, int rows, int o, int lo) {
        for (int r = 0; r < rows; r++) {
            float b = bias == null ? 0f : bias[r % o];
            int i = r * lo, end = i + lo, bound = i + S.loopBound(lo);
            if (bias == null) {
                for (; i < bound; i += W) FloatVector.fromArray(S, v, i).max(0f).intoArray(v, i);
                for (; i < end; i++) v[i] = Math.max(v[i], 0f);
            } else {
                for (; i < bound; i += W)
                    FloatVector.fromArray(S, v, i).add(b).max(0f).intoArray(v, i);
                for (; i < end; i++) v[i] = Math.max(v[i] + b, 0f);
            }
        }
    }
}
