package org.fatecg.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.fatecg.backend.Parallel;

/**
 * Fast conv1d (stride 1, zero padding) as one GEMM over the whole minibatch. The forward reads its
 * taps in place from a zero-padded copy of the batch laid end to end (no im2col matrix, no packing) and
 * the (N, O, L) layout is written by the GEMM's store, so no transposed copy of the output is made.
 *
 * <pre>
 *   columns j = (b, t) of the batch, rows q = (c, j') of the receptive field:
 *   cols[q, j] = x[b, c, t + j' - pad]                    (0 outside the signal)
 *   forward:          y[b, o, t] = sum_q W[o, q] cols[q, j]          (M = O, N = B*Lout, K = C*K)
 *   backward input:   dx = conv1d(dy, W', K - 1 - pad), W'[c, o, j'] = W[o, c, K - 1 - j']
 *                     (the transposed convolution of stride 1 is a convolution with flipped weights)
 *   backward weight:  dW[o, q] = sum_j dY[o, j] cols[q, j]               (M = O, N = C*K, K = B*Lout),
 *                     summed over the padded batch signal with dY zero-filled between samples
 * </pre>
 * The plain reference is {@link Conv1dNaive}; parity tests compare the two at awkward shapes.
 */
final class Conv1dGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int W = S.length();

    private Conv1dGemm() {}

    private static final ThreadLocal<float[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0], new float[0]});

    private static float[] scratch(int slot, int size) {
        float[][] s = SCRATCH.get();
        if (s[slot].length < size) s[slot] = new float[size];
        return s[slot];
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
        forward(par, y, x, 0, w, n, c, l, o, k, pad);
    }

    /** As above for the N samples of x that start at x[xOff] (a slice of a larger batch); y from y[0]. */
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
        if (Conv1dDirect.suits(c, o, k)) {
            Conv1dDirect.forward(par, y, x, xOff, w, n, c, l, o, k, pad);
            return;
        }
        int lo = l + 2 * pad - k + 1;
        if (pad < 0) { // a crop, only reached by exotic transposed shapes: take the packing path
            GemmVector.run(
                    par,
                    o,
                    n * lo,
                    c * k,
                    w,
                    0,
                    c * k,
                    1,
                    im2colPacker(x, xOff, c, l, k, pad, lo),
                    null,
                    0,
                    nclStore(y, o, lo, lo),
                    1f,
                    0f);
            return;
        }
        // The batch as one long zero-padded signal per channel: xpad[c, b*lp + pad + t] = x[b, c, t]. Tap
        // (c, j) of output column J is then xpad[c, J + j], so B's rows are shifted views of xpad and
        // nothing is packed; columns whose window straddles two samples are computed and dropped.
        int lp = l + 2 * pad, stride = paddedStride(n, lp, k);
        float[] xpad = padded(par, 2, x, xOff, n, c, l, pad, stride);
        int[] rowStart = tapStarts(c, k, stride);
        GemmVector.run(
                par,
                o,
                n * lp,
                c * k,
                w,
                0,
                c * k,
                1,
                new GemmVector.InPlaceB(xpad, rowStart),
                null,
                0,
                nclStore(y, o, lo, lp),
                1f,
                0f);
    }

    /** Row length of a padded batch signal, with room for the last window's taps and one panel. */
    private static int paddedStride(int n, int lp, int k) {
        return n * lp + k + GemmVector.NR;
    }

    /** xpad[c, b*lp + pad + t] = x[xOff + (b, c, t)], zero elsewhere: each channel's batch as one padded signal. */
    private static float[] padded(
            Parallel par, int slot, float[] x, int xOff, int n, int c, int l, int pad, int stride) {
        int lp = l + 2 * pad;
        float[] xpad = scratch(slot, c * stride);
        par.forRange(c, 1, (c0, c1) -> {
            for (int ic = c0; ic < c1; ic++) {
                int base = ic * stride;
                java.util.Arrays.fill(xpad, base, base + stride, 0f);
                for (int b = 0; b < n; b++) System.arraycopy(x, xOff + (b * c + ic) * l, xpad, base + b * lp + pad, l);
            }
        });
        return xpad;
    }

    /** Where tap q = (c, j) starts in a padded signal: c * stride + j. */
    private static int[] tapStarts(int c, int k, int stride) {
        int[] start = new int[c * k];
        for (int q = 0; q < c * k; q++) start[q] = (q / k) * stride + q % k;
        return start;
    }

    static void backwardInput(
            Parallel par,
            float[] dx, // (N, C, L)
            float[] dy, // (N, O, Lout)
            float[] w, // (O, C, K)
            int n,
            int c,
            int l,
            int o,
            int k,
            int pad) {
        float[] flipped = scratch(0, c * o * k); // (C, O, K)
        for (int oc = 0; oc < o; oc++)
            for (int ic = 0; ic < c; ic++)
                for (int j = 0; j < k; j++) flipped[(ic * o + oc) * k + (k - 1 - j)] = w[(oc * c + ic) * k + j];
        int lo = l + 2 * pad - k + 1;
        forward(par, dx, dy, flipped, n, o, lo, c, k, k - 1 - pad);
    }

    static void backwardWeight(
            Parallel par,
            float[] dw, // (O, C, K)
            float[] x, // (N, C, L)
            float[] dy, // (N, O, Lout)
            int n,
            int c,
            int l,
            int o,
            int k,
            int pad) {
        if (pad < 0) throw new IllegalArgumentException("conv1d padding must be >= 0, got " + pad);
        // dW[o, (c, j)] = sum_J dYpad[o, J] xpad[c, J + j] over the padded batch signal; dYpad is zero
        // wherever no output exists, so the straddling columns contribute nothing.
        int lo = l + 2 * pad - k + 1, lp = l + 2 * pad, cols = n * lp, stride = paddedStride(n, lp, k);
        float[] xpad = padded(par, 2, x, 0, n, c, l, pad, stride);
        float[] dyPad = scratch(1, o * cols); // (O, N*lp)
        par.forRange(o, 1, (o0, o1) -> {
            for (int oc = o0; oc < o1; oc++) {
                for (int b = 0; b < n; b++) {
                    int dst = oc * cols + b * lp;
                    System.arraycopy(dy, (b * o + oc) * lo, dyPad, dst, lo);
                    java.util.Arrays.fill(dyPad, dst + lo, dst + lp, 0f);
                }
            }
        });
        int[] tapStart = tapStarts(c, k, stride);
        GemmVector.Packer taps = (dst, p0, kc, j0, nr) -> {
            for (int j = 0; j < GemmVector.NR; j++) {
                if (j < nr) {
                    int src = tapStart[j0 + j] + p0;
                    for (int p = 0; p < kc; p++) dst[p * GemmVector.NR + j] = xpad[src + p];
                } else {
                    for (int p = 0; p < kc; p++) dst[p * GemmVector.NR + j] = 0f;
                }
            }
        };
        GemmVector.run(par, o, c * k, cols, dyPad, 0, cols, 1, taps, dw, c * k, null, 1f, 0f);
    }

    /** Panels of cols (C*K, N*Lout), cut on the fly from x (from x[xOff]); a panel may span several samples. */
    static GemmVector.Packer im2colPacker(float[] x, int xOff, int c, int l, int k, int pad, int lo) {
        return (dst, p0, kc, j0, nr) -> {
            for (int p = 0; p < kc; p++) {
                int q = p0 + p, ic = q / k, shift = q % k - pad;
                int d = p * GemmVector.NR;
                int j = 0;
                while (j < nr) {
                    int col = j0 + j, b = col / lo, t = col - b * lo;
                    int run = Math.min(nr - j, lo - t); // columns left in this sample
                    int src = xOff + (b * c + ic) * l + shift; // x index of t = 0 (before clipping)
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

    /**
     * Writes tile rows (output channels) and columns J = b * span + t into y (N, O, Lout), keeping only
     * t < Lout (span > Lout when columns run over a padded signal).
     */
    static GemmVector.Store nclStore(float[] y, int o, int lo, int span) {
        GemmVector.Store tiles = nclTiles(y, o, lo, span);
        return new GemmVector.DirectStore() {
            @Override
            public float[] target() {
                return y;
            }

            @Override
            public int rowStride() {
                return lo;
            }

            /** Column J = b * span + t: contiguous in every row when the panel stays inside t < Lout. */
            @Override
            public int panelStart(int j0) {
                int b = j0 / span, t = j0 - b * span;
                return t + GemmVector.NR <= lo ? b * o * lo + t : -1;
            }

            @Override
            public void store(float[] tile, int i0, int mr, int j0, int nr, float alpha, float beta) {
                tiles.store(tile, i0, mr, j0, nr, alpha, beta);
            }
        };
    }

    private static GemmVector.Store nclTiles(float[] y, int o, int lo, int span) {
        return (tile, i0, mr, j0, nr, alpha, beta) -> {
            int j = 0;
            while (j < nr) {
                int col = j0 + j, b = col / span, t = col - b * span;
                int step = Math.min(nr - j, span - t);
                int run = Math.min(step, lo - t);
                if (run <= 0) {
                    j += step;
                    continue;
                }
                for (int r = 0; r < mr; r++) {
                    int dst = (b * o + i0 + r) * lo + t, src = r * GemmVector.NR + j;
                    if (beta == 0f && alpha == 1f) {
                        // runs are short (at most one panel): vector copies, then a scalar tail, beat
                        // arraycopy's call overhead
                        int u = 0;
                        for (; u + W <= run; u += W)
                            FloatVector.fromArray(S, tile, src + u).intoArray(y, dst + u);
                        for (; u < run; u++) y[dst + u] = tile[src + u];
                    } else {
                        // a second K block (C*K > KC) adds onto the first: y = alpha tile + beta y
                        int u = 0;
                        for (; u + W <= run; u += W) {
                            FloatVector scaled =
                                    FloatVector.fromArray(S, tile, src + u).mul(alpha);
                            FloatVector old = beta == 0
                                    ? FloatVector.zero(S)
                                    : FloatVector.fromArray(S, y, dst + u).mul(beta);
                            scaled.add(old).intoArray(y, dst + u);
                        }
                        for (; u < run; u++) y[dst + u] = alpha * tile[src + u] + (beta == 0 ? 0f : beta * y[dst + u]);
                    }
                }
                j += step;
            }
        };
    }
}
