package org.fatecg.tensor;

import java.util.Arrays;

/** Shape arithmetic: sizes, row-major strides, numpy broadcasting. */
final class Shape {
    private Shape() {}

    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            n *= d;
        }
        return n;
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

    /** The numpy broadcast of two shapes (aligned on the right, size 1 stretches). */
    static int[] broadcast(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.length ? 1 : a[i - (r - a.length)];
            int db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da != db && da != 1 && db != 1)
                throw new IllegalArgumentException(
                        "shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Strides that read a tensor of shape src as if it had shape out (0 on stretched dimensions). */
    static int[] broadcastStrides(int[] src, int[] out) {
        int[] s = contiguousStrides(src);
        int[] r = new int[out.length];
        int off = out.length - src.length;
        if (off < 0)
            throw new IllegalArgumentException(Arrays.toString(src) + " does not broadcast to " + Arrays.toString(out));
        for (int i = 0; i < out.length; i++) {
            if (i < off) continue;
            int d = src[i - off];
            if (d == out[i]) r[i] = s[i - off];
            else if (d == 1) r[i] = 0;
            else
                throw new IllegalArgumentException(
                        Arrays.toString(src) + " does not broadcast to " + Arrays.toString(out));
        }
        return r;
    }

    /** Strides of a target (that broadcasts to full) over full's index space: 0 on summed dimensions. */
    static int[] reduceStrides(int[] target, int[] full) {
        return broadcastStrides(target, full);
    }

    static int[] infer(int[] shape, int size) {
        int[] s = shape.clone();
        int unknown = -1, known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (unknown >= 0) throw new IllegalArgumentException("two -1 in " + Arrays.toString(shape));
                unknown = i;
            } else {
                known *= s[i];
            }
        }
        if (unknown >= 0) {
            if (known == 0 || size % known != 0)
                throw new IllegalArgumentException("cannot reshape " + size + " elements to " + Arrays.toString(shape));
            s[unknown] = size / known;
        }
        if (size(s) != size)
            throw new IllegalArgumentException("cannot reshape " + size + " elements to " + Arrays.toString(shape));
        return s;
    }
}
