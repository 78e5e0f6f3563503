package org.fatecg.backend.cuda;

import java.util.Arrays;

/**
 * Shape bookkeeping for the strided kernels, done once on the host per launch: size-1 dimensions are
 * dropped and neighbours that are contiguous for every operand are merged, so that a kernel's index
 * arithmetic runs over as few dimensions as possible (and the rank fits the kernels' MAX_RANK).
 * A scalar coalesces to rank 0 (the kernels' offset arithmetic then gives offset 0).
 */
final class Layout {
    final int[] shape;
    /** strides[o] are operand o's element strides over shape. */
    final int[][] strides;

    private Layout(int[] shape, int[][] strides) {
        this.shape = shape;
        this.strides = strides;
    }

    static int[] contiguous(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    static int count(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("more than 2^31 elements: " + Arrays.toString(shape));
        return (int) n;
    }

    /** Merges (i, i+1) where stride[i] == stride[i+1] * shape[i+1] for every operand. */
    static Layout coalesce(int[] shape, int[]... strides) {
        for (int[] s : strides)
            if (s.length != shape.length)
                throw new IllegalArgumentException("strides " + Arrays.toString(s) + " do not match shape " + Arrays.toString(shape));
        int r = shape.length;
        int[] sh = new int[r];
        int[][] st = new int[strides.length][r];
        int out = 0;
        for (int i = 0; i < r; i++) {
            if (shape[i] == 1) continue;
            boolean merge = out > 0;
            for (int o = 0; o < strides.length && merge; o++) merge = st[o][out - 1] == strides[o][i] * shape[i];
            if (merge) {
                sh[out - 1] *= shape[i];
                for (int o = 0; o < strides.length; o++) st[o][out - 1] = strides[o][i];
                continue;
            }
            sh[out] = shape[i];
            for (int o = 0; o < strides.length; o++) st[o][out] = strides[o][i];
            out++;
        }
        int[][] fst = new int[strides.length][];
        for (int o = 0; o < strides.length; o++) fst[o] = Arrays.copyOf(st[o], out);
        return new Layout(Arrays.copyOf(sh, out), fst);
    }

    /**
     * The sumTo split of a coalesced (in, out) layout: dims whose out stride is nonzero are kept (one
     * output element per kept tuple), the others are reduced. Returns {keptShape, keptIn, keptOut,
     * redShape, redIn}, each in the original dimension order.
     */
    int[][] splitKeptReduced() {
        int kept = 0;
        for (int d = 0; d < shape.length; d++) if (strides[1][d] != 0) kept++;
        int red = shape.length - kept;
        int[] ks = new int[kept], ki = new int[kept], ko = new int[kept], rs = new int[red], ri = new int[red];
        int a = 0, b = 0;
        for (int d = 0; d < shape.length; d++) {
            if (strides[1][d] != 0) {
                ks[a] = shape[d];
                ki[a] = strides[0][d];
                ko[a++] = strides[1][d];
            } else {
                rs[b] = shape[d];
                ri[b++] = strides[0][d];
            }
        }
        return new int[][] {ks, ki, ko, rs, ri};
    }
}
