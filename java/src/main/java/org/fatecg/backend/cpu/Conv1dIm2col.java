package org.fatecg.backend.cpu;

import org.fatecg.backend.Parallel;

/**
 * Fast conv1d as im2col + packed GEMM, batched over the whole minibatch so that the GEMM's N dimension is
 * N*Lout (thousands of columns) rather than one sample's Lout.
 *
 * <pre>
 *   cols (C*K, N*Lout):  cols[c*K + j, b*Lout + t] = x[b, c, t + j - pad]   (0 outside the signal)
 *   forward:          Y (O, N*Lout) = W (O, C*K) . cols          then y[b,o,t] = Y[o, b*Lout + t]
 *   backward input:   dcols = W^T . dY,                          then dx = col2im(dcols)
 *   backward weight:  dW (O, C*K) = dY (O, N*Lout) . cols^T
 * </pre>
 * Scratch buffers are per thread and grow to the largest shape seen, so a steady loop allocates nothing.
 */
final class Conv1dIm2col {
    private Conv1dIm2col() {}

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0]});

    private static float[] scratch(int slot, int size) {
        float[][] s = SCRATCH.get();
        if (s[slot].length < size) s[slot] = new float[size];
        return s[slot];
    }

    static void forward(Parallel par, float[] y, float[] x, float[] w, int n, int c, int l, int o, int k, int pad) {
        int lo = Conv1dNaive.outLength(l, k, pad);
        int cols = n * lo;
        float[] col = scratch(0, c * k * cols);
        im2col(par, col, x, n, c, l, k, pad, lo);
        float[] big = scratch(1, o * cols);
        GemmVector.gemm(par, big, w, col, false, false, o, cols, c * k, 1f, 0f);
        onlToNol(par, y, big, n, o, lo);
    }

    static void backwardInput(Parallel par, float[] dx, float[] dy, float[] w, int n, int c, int l, int o, int k, int pad) {
        int lo = Conv1dNaive.outLength(l, k, pad);
        int cols = n * lo;
        float[] dyT = scratch(1, o * cols);
        nolToOnl(par, dyT, dy, n, o, lo);
        float[] dcol = scratch(0, c * k * cols);
        GemmVector.gemm(par, dcol, w, dyT, true, false, c * k, cols, o, 1f, 0f);
        col2im(par, dx, dcol, n, c, l, k, pad, lo);
    }

    static void backwardWeight(Parallel par, float[] dw, float[] x, float[] dy, int n, int c, int l, int o, int k, int pad) {
        int lo = Conv1dNaive.outLength(l, k, pad);
        int cols = n * lo;
        float[] col = scratch(0, c * k * cols);
        im2col(par, col, x, n, c, l, k, pad, lo);
        float[] dyT = scratch(1, o * cols);
        nolToOnl(par, dyT, dy, n, o, lo);
        GemmVector.gemm(par, dw, dyT, col, false, true, o, c * k, cols, 1f, 0f);
    }

    /** col (C*K, N*Lout) from x (N, C, L). */
    static void im2col(Parallel par, float[] col, float[] x, int n, int c, int l, int k, int pad, int lo) {
        int cols = n * lo;
        par.forRange(c * k, 1, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int ic = r / k, j = r % k;
                int shift = j - pad;
                int tStart = Math.max(0, -shift), tEnd = Math.min(lo, l - shift);
                for (int b = 0; b < n; b++) {
                    int dst = r * cols + b * lo;
                    int src = (b * c + ic) * l + shift;
                    for (int t = 0; t < tStart; t++) col[dst + t] = 0f;
                    if (tEnd > tStart) System.arraycopy(x, src + tStart, col, dst + tStart, tEnd - tStart);
                    for (int t = Math.max(tEnd, tStart); t < lo; t++) col[dst + t] = 0f;
                }
            }
        });
    }

    /** dx (N, C, L) = sum over j of the shifted rows of dcol (C*K, N*Lout): the transpose of im2col. */
    static void col2im(Parallel par, float[] dx, float[] dcol, int n, int c, int l, int k, int pad, int lo) {
        int cols = n * lo;
        par.forRange(c, 1, (c0, c1) -> {
            for (int ic = c0; ic < c1; ic++) {
                for (int b = 0; b < n; b++) {
                    int d = (b * c + ic) * l;
                    for (int i = 0; i < l; i++) dx[d + i] = 0f;
                    for (int j = 0; j < k; j++) {
                        int shift = j - pad;
                        int tStart = Math.max(0, -shift), tEnd = Math.min(lo, l - shift);
                        int src = (ic * k + j) * cols + b * lo;
                        for (int t = tStart; t < tEnd; t++) dx[d + t + shift] += dcol[src + t];
                    }
                }
            }
        });
    }

    /** y (N, O, L) from Y (O, N*L). */
    static void onlToNol(Parallel par, float[] y, float[] big, int n, int o, int lo) {
        par.forRange(n, 1, (b0, b1) -> {
            for (int b = b0; b < b1; b++)
                for (int oc = 0; oc < o; oc++)
                    System.arraycopy(big, oc * n * lo + b * lo, y, (b * o + oc) * lo, lo);
        });
    }

    /** Y (O, N*L) from y (N, O, L). */
    static void nolToOnl(Parallel par, float[] big, float[] y, int n, int o, int lo) {
        par.forRange(n, 1, (b0, b1) -> {
            for (int b = b0; b < b1; b++)
                for (int oc = 0; oc < o; oc++)
                    System.arraycopy(y, (b * o + oc) * lo, big, oc * n * lo + b * lo, lo);
        });
    }
}
