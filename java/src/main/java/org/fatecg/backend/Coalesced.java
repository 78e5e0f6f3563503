package org.fatecg.backend;

import java.util.Arrays;

/**
 * Shape bookkeeping shared by the backends' strided kernels: size-1 dimensions are dropped and
 * neighbours that are contiguous for every operand are merged, so that a kernel's index arithmetic runs
 * over as few dimensions as possible (most calls become one or two flat loops). A scalar coalesces to
 * rank 0.
 */
public final class Coalesced {
    /** The merged shape. */
    public final int[] shape;
    /** strides[o] are operand o's element strides over shape. */
    public final int[][] strides;

    private Coalesced(int[] shape, int[][] strides) {
        this.shape = shape;
        this.strides = strides;
    }

    /** Row-major strides of a contiguous array of this shape. */
    public static int[] contiguous(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** Merges (i, i+1) where stride[i] == stride[i+1] * shape[i+1] for every operand. */
    public static Coalesced of(int[] shape, int[]... strides) {
        for (int[] s : strides)
            if (s.length != shape.length)
                throw new IllegalArgumentException(
                        "strides " + Arrays.toString(s) + " do not match shape " + Arrays.toString(shape));
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
        return new Coalesced(Arrays.copyOf(sh, out), fst);
    }
}
