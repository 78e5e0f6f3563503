package org.fatecg.backend.cpu;

import org.fatecg.backend.Coalesced;

/**
 * Shape bookkeeping for strided elementwise kernels: merges adjacent dimensions that are contiguous for
 * every operand, so that most calls become one or two flat loops.
 */
final class Strided {
    final int[] shape;
    final int[][] strides;

    private Strided(int[] shape, int[][] strides) {
        this.shape = shape;
        this.strides = strides;
    }

    static int[] contiguousStrides(int[] shape) {
        return Coalesced.contiguous(shape);
    }

    /** Coalesced dimensions (see Coalesced); a scalar becomes one dimension of size 1 for the row loops. */
    static Strided coalesce(int[] shape, int[]... strides) {
        Coalesced c = Coalesced.of(shape, strides);
        if (c.shape.length > 0) return new Strided(c.shape, c.strides);
        int[][] one = new int[strides.length][1];
        return new Strided(new int[] {1}, one);
    }

    int rank() {
        return shape.length;
    }

    int last() {
        return shape[shape.length - 1];
    }

    int outerCount() {
        int n = 1;
        for (int i = 0; i < shape.length - 1; i++) n *= shape[i];
        return n;
    }

    /**
     * Walks rows (all dimensions but the last) in order from a starting row, keeping each operand's
     * offset by carrying counters instead of dividing per row.
     */
    final class Rows {
        private final int[] index = new int[Math.max(0, shape.length - 1)];
        final int[] offset = new int[strides.length];

        Rows(int startRow) {
            int r = startRow;
            for (int d = shape.length - 2; d >= 0; d--) {
                index[d] = r % shape[d];
                r /= shape[d];
            }
            for (int o = 0; o < strides.length; o++) {
                int off = 0;
                for (int d = 0; d < index.length; d++) off += index[d] * strides[o][d];
                offset[o] = off;
            }
        }

        void next() {
            for (int d = index.length - 1; d >= 0; d--) {
                index[d]++;
                for (int o = 0; o < offset.length; o++) offset[o] += strides[o][d];
                if (index[d] < shape[d]) return;
                for (int o = 0; o < offset.length; o++) offset[o] -= strides[o][d] * shape[d];
                index[d] = 0;
            }
        }
    }

    int lastStride(int o) {
        return strides[o][shape.length - 1];
    }
}
