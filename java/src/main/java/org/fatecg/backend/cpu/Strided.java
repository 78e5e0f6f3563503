package org.fatecg.backend.cpu;

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
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** Drops size-1 dimensions and merges (i, i+1) where stride[i] == stride[i+1] * shape[i+1] for all. */
    static Strided coalesce(int[] shape, int[]... strides) {
        int r = shape.length;
        int[] sh = new int[Math.max(r, 1)];
        int[][] st = new int[strides.length][Math.max(r, 1)];
        int out = 0;
        for (int i = 0; i < r; i++) {
            if (shape[i] == 1) continue;
            if (out > 0) {
                boolean merge = true;
                for (int o = 0; o < strides.length; o++) merge &= st[o][out - 1] == strides[o][i] * shape[i];
                if (merge) {
                    sh[out - 1] *= shape[i];
                    for (int o = 0; o < strides.length; o++) st[o][out - 1] = strides[o][i];
                    continue;
                }
            }
            sh[out] = shape[i];
            for (int o = 0; o < strides.length; o++) st[o][out] = strides[o][i];
            out++;
        }
        if (out == 0) { // a scalar
            sh[0] = 1;
            out = 1;
        }
        int[] fs = java.util.Arrays.copyOf(sh, out);
        int[][] fst = new int[strides.length][];
        for (int o = 0; o < strides.length; o++) fst[o] = java.util.Arrays.copyOf(st[o], out);
        return new Strided(fs, fst);
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
