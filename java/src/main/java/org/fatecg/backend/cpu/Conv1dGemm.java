package org.fatecg.backend.cpu;

import org.fatecg.backend.Parallel;

/**
 * Fast conv1d (stride 1, zero padding) as one GEMM over the whole minibatch, with im2col done inside
 * the GEMM's panel packing and the (N, O, L) layout written by the GEMM's store, so no column matrix
 * and no transposed copy of the output is ever materialised.
 *
 * <pre>
 *   columns j = (b, t) of the batch, rows q = (c, j') of the receptive field:
 *   cols[q, j] = x[b, c, t + j' - pad]                    (0 outside the signal)
 *   forward:          y[b, o, t] = sum_q W[o, q] cols[q, j]          (M = O, N = B*Lout, K = C*K)
 *   backward input:   dx = conv1d(dy, W', K - 1 - pad), W'[c, o, j'] = W[o, c, K - 1 - j']
 *                     (the transposed convolution of stride 1 is a convolution with flipped weights)
 *   backward weight:  dW[o, q] = sum_j dY[o, j] cols[q, j]               (M = O, N = C*K, K = B*Lout)
 * </pre>
 * The plain reference is {@link Conv1dNaive}; parity tests compare the two at awkward shapes.
 */
final class Conv1dGemm {
    private Conv1dGemm() {}

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0]});

    private static float[] scratch(int slot, int size) {
        float[][] s = SCRATCH.get();
        if (s[slot].length < size) s[slot] = new float[size];
        return s[slot];
    }

    static void forward(Parallel par, float[] y, // (N, O, Lout)
                        float[] x,               // (N, C, L)
                        float[] w,               // (O, C, K)
                        int n, int c, int l, int o, int k, int pad) {
        if (Conv1dDirect.suits(c, o, k)) {
            Conv1dDirect.forward(par, y, x, w, n, c, l, o, k, pad);
            return;
        }
        int lo = l + 2 * pad - k + 1;
        GemmVector.run(par, o, n * lo, c * k, w, 0, c * k, 1, im2colPacker(x, c, l, k, pad, lo),
                null, 0, nclStore(y, o, lo), 1f, 0f);
    }

    static void backwardInput(Parallel par, float[] dx, // (N, C, L)
                              float[] dy,               // (N, O, Lout)
                              float[] w,                // (O, C, K)
                              int n, int c, int l, int o, int k, int pad) {
        float[] flipped = scratch(0, c * o * k); // (C, O, K)
        for (int oc = 0; oc < o; oc++)
            for (int ic = 0; ic < c; ic++)
                for (int j = 0; j < k; j++) flipped[(ic * o + oc) * k + (k - 1 - j)] = w[(oc * c + ic) * k + j];
        int lo = l + 2 * pad - k + 1;
        forward(par, dx, dy, flipped, n, o, lo, c, k, k - 1 - pad);
    }

    static void backwardWeight(Parallel par, float[] dw, // (O, C, K)
                               float[] x,                // (N, C, L)
                               float[] dy,               // (N, O, Lout)
                               int n, int c, int l, int o, int k, int pad) {
        int lo = l + 2 * pad - k + 1;
        int cols = n * lo;
        float[] dyT = scratch(1, o * cols); // (O, N*Lout)
        par.forRange(n, 1, (b0, b1) -> {
            for (int b = b0; b < b1; b++)
                for (int oc = 0; oc < o; oc++) System.arraycopy(dy, (b * o + oc) * lo, dyT, oc * cols + b * lo, lo);
        });
        GemmVector.run(par, o, c * k, cols, dyT, 0, cols, 1, colsTransposedPacker(x, c, l, k, pad, lo), dw, c * k, null, 1f, 0f);
    }

    /** Panels of cols (C*K, N*Lout), cut from x on the fly; a panel may span several samples. */
    static GemmVector.Packer im2colPacker(float[] x, int c, int l, int k, int pad, int lo) {
        return (dst, p0, kc, j0, nr) -> {
            for (int p = 0; p < kc; p++) {
                int q = p0 + p, ic = q / k, shift = q % k - pad;
                int d = p * GemmVector.NR;
                int j = 0;
                while (j < nr) {
                    int col = j0 + j, b = col / lo, t = col - b * lo;
                    int run = Math.min(nr - j, lo - t);           // columns left in this sample
                    int src = (b * c + ic) * l + shift;            // x index of t = 0 (before clipping)
                    int tStart = Math.max(t, -shift), tEnd = Math.min(t + run, l - shift);
                    for (int u = t; u < Math.min(tStart, t + run); u++) dst[d + j + u - t] = 0f;
                    if (tEnd > tStart) System.arraycopy(x, src + tStart, dst, d + j + tStart - t, tEnd - tStart);
                    for (int u = Math.max(tEnd, tStart); u < t + run; u++) dst[d + j + u - t] = 0f;
                    j += run;
                }
                for (int z = nr; z < GemmVector.NR; z++) dst[d + z] = 0f;
            }
        };
    }

    /** Panels of cols^T (N*Lout, C*K): row p = (b, t), column q = (c, j'). A gather, used for dW only. */
    static GemmVector.Packer colsTransposedPacker(float[] x, int c, int l, int k, int pad, int lo) {
        return (dst, p0, kc, j0, nr) -> {
            for (int p = 0; p < kc; p++) {
                int row = p0 + p, b = row / lo, t = row - b * lo;
                int d = p * GemmVector.NR;
                for (int j = 0; j < GemmVector.NR; j++) {
                    float v = 0f;
                    if (j < nr) {
                        int q = j0 + j, ic = q / k, i = t + q % k - pad;
                        if (i >= 0 && i < l) v = x[(b * c + ic) * l + i];
                    }
                    dst[d + j] = v;
                }
            }
        };
    }

    /** Writes tile rows (output channels) and columns (b, t) into y (N, O, Lout). */
    static GemmVector.Store nclStore(float[] y, int o, int lo) {
        return (tile, i0, mr, j0, nr, alpha, beta) -> {
            int j = 0;
            while (j < nr) {
                int col = j0 + j, b = col / lo, t = col - b * lo;
                int run = Math.min(nr - j, lo - t);
                for (int r = 0; r < mr; r++) {
                    int dst = (b * o + i0 + r) * lo + t, src = r * GemmVector.NR + j;
                    if (beta == 0f && alpha == 1f) {
                        System.arraycopy(tile, src, y, dst, run);
                    } else {
                        for (int u = 0; u < run; u++) y[dst + u] = alpha * tile[src + u] + (beta == 0 ? 0f : beta * y[dst + u]);
                    }
                }
                j += run;
            }
        };
    }
}
