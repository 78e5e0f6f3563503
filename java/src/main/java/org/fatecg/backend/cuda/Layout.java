package org.fatecg.backend.cuda;

import java.util.Arrays;
import org.fatecg.backend.Coalesced;

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
        return Coalesced.contiguous(shape);
    }

    static int count(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        if (n > Integer.MAX_VALUE)
            throw new IllegalArgumentException("more than 2^31 elements: " + Arrays.toString(shape));
        return (int) n;
    }

    /** Merges (i, i+1) where stride[i] == stride[i+1] * shape[i+1] for every operand (see Coalesced). */
    static Layout coalesce(int[] shape, int[]... strides) {
        Coalesced c = Coalesced.of(shape, strides);
        return new Layout(c.shape, c.strides);
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
