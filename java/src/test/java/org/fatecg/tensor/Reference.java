package org.fatecg.tensor;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Test-only double-precision reference forward for every {@link Primitive}, as plain
 * loops over {@code double[]} with a shape. It shares no code with the engine (its own broadcasting, its
 * own convolution loops in a different order), so a wrong shape rule or kernel cannot hide in both.
 *
 * <p>What it is not: fast, or differentiable. Gradients of these functions are taken by central finite
 * differences in the tests; at h = 1e-6 in double the rounding error of a difference quotient is about
 * 1e-16 |f| / 1e-6 = 1e-10 relative, far below float32's 6e-8.
 */
public final class Reference {
    private Reference() {}

    /** A row-major n-d array of doubles; the shape [] is a scalar. */
    public static final class Nd {
        public final double[] v;
        public final int[] shape;

        public Nd(double[] v, int... shape) {
            if (v.length != Reference.size(shape))
                throw new IllegalArgumentException(v.length + " values for shape " + Arrays.toString(shape));
            this.v = v;
            this.shape = shape.clone();
        }

        public static Nd zeros(int... shape) {
            return new Nd(new double[Reference.size(shape)], shape);
        }

        /** The engine tensor's float values, widened exactly. */
        public static Nd of(Tensor t) {
            float[] f = t.toArray();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) d[i] = f[i];
            return new Nd(d, t.shape());
        }

        /** The values rounded to float32 (tests draw them as floats, so this is exact). */
        public Tensor tensor() {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
            return Tensor.of(f, shape);
        }

        public int size() {
            return v.length;
        }

        public Nd copy() {
            return new Nd(v.clone(), shape);
        }

        @Override
        public String toString() {
            return "Nd" + Arrays.toString(shape);
        }
    }

    // ---- index arithmetic (written independently of the engine's Shape) -----------------------
    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** Multi-index of flat position i in shape (row-major). */
    static void unravel(int i, int[] shape, int[] idx) {
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = i % shape[d];
            i /= shape[d];
        }
    }

    /**
     * Flat position in an array of shape s of the element that a (larger, right-aligned) multi-index
     * idx broadcasts from: size-1 dimensions of s read index 0.
     */
    static int broadcastAt(int[] s, int[] idx) {
        int off = idx.length - s.length, flat = 0;
        for (int d = 0; d < s.length; d++) flat = flat * s[d] + (s[d] == 1 ? 0 : idx[d + off]);
        return flat;
    }

    static int[] broadcastShape(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 1; i <= r; i++) {
            int da = i <= a.length ? a[a.length - i] : 1, db = i <= b.length ? b[b.length - i] : 1;
            if (da != db && da != 1 && db != 1)
                throw new IllegalArgumentException(Arrays.toString(a) + " vs " + Arrays.toString(b));
            out[r - i] = Math.max(da, db);
        }
        return out;
    }

    private static int axis(int dim, int rank) {
        return dim < 0 ? rank + dim : dim;
    }

    // ---- elementwise ---------------------------------------------------------------------------
    public static Nd map(Nd a, DoubleUnaryOperator f) {
        Nd r = Nd.zeros(a.shape);
        for (int i = 0; i < a.size(); i++) r.v[i] = f.applyAsDouble(a.v[i]);
        return r;
    }

    /** numpy broadcasting: shapes aligned on the right, size 1 stretches. */
    public static Nd zip(Nd a, Nd b, DoubleBinaryOperator f) {
        int[] out = broadcastShape(a.shape, b.shape);
        Nd r = Nd.zeros(out);
        int[] idx = new int[out.length];
        for (int i = 0; i < r.size(); i++) {
            unravel(i, out, idx);
            r.v[i] = f.applyAsDouble(a.v[broadcastAt(a.shape, idx)], b.v[broadcastAt(b.shape, idx)]);
        }
        return r;
    }

    public static Nd add(Nd a, Nd b) {
        return zip(a, b, (x, y) -> x + y);
    }

    public static Nd sub(Nd a, Nd b) {
        return zip(a, b, (x, y) -> x - y);
    }

    public static Nd mul(Nd a, Nd b) {
        return zip(a, b, (x, y) -> x * y);
    }

    public static Nd div(Nd a, Nd b) {
        return zip(a, b, (x, y) -> x / y);
    }

    public static Nd gt(Nd a, Nd b) {
        return zip(a, b, (x, y) -> x > y ? 1 : 0);
    }

    public static Nd ge(Nd a, Nd b) {
        return zip(a, b, (x, y) -> x >= y ? 1 : 0);
    }

    public static Nd eq(Nd a, Nd b) {
        return zip(a, b, (x, y) -> x == y ? 1 : 0);
    }

    public static Nd neg(Nd a) {
        return map(a, x -> -x);
    }

    public static Nd exp(Nd a) {
        return map(a, Math::exp);
    }

    public static Nd log(Nd a) {
        return map(a, Math::log);
    }

    public static Nd tanh(Nd a) {
        return map(a, Math::tanh);
    }
    /** atanh(x) = 0.5 log((1 + x) / (1 - x)) = 0.5 log1p(2x / (1 - x)), accurate near 0 too. */
    public static Nd atanh(Nd a) {
        return map(a, x -> 0.5 * Math.log1p(2 * x / (1 - x)));
    }

    public static Nd abs(Nd a) {
        return map(a, Math::abs);
    }

    public static Nd sign(Nd a) {
        return map(a, Math::signum);
    }

    public static Nd relu(Nd a) {
        return map(a, x -> x > 0 ? x : 0);
    }

    public static Nd clamp(Nd a, double lo, double hi) {
        return map(a, x -> Math.min(Math.max(x, lo), hi));
    }

    public static Nd scalar(double c) {
        return new Nd(new double[] {c});
    }

    // ---- shapes and reductions -----------------------------------------------------------------
    /** Sums a into target, which must broadcast to a's shape: the adjoint of expand. */
    public static Nd sumTo(Nd a, int... target) {
        if (!Arrays.equals(broadcastShape(target, a.shape), a.shape))
            throw new IllegalArgumentException(
                    Arrays.toString(target) + " does not broadcast to " + Arrays.toString(a.shape));
        Nd r = Nd.zeros(target);
        int[] idx = new int[a.shape.length];
        for (int i = 0; i < a.size(); i++) {
            unravel(i, a.shape, idx);
            r.v[broadcastAt(target, idx)] += a.v[i];
        }
        return r;
    }

    public static Nd expand(Nd a, int... target) {
        Nd r = Nd.zeros(target);
        int[] idx = new int[target.length];
        for (int i = 0; i < r.size(); i++) {
            unravel(i, target, idx);
            r.v[i] = a.v[broadcastAt(a.shape, idx)];
        }
        return r;
    }

    /** The same values in a new shape; one -1 is inferred. */
    public static Nd reshape(Nd a, int... shape) {
        int[] s = shape.clone();
        int known = 1, unknown = -1;
        for (int i = 0; i < s.length; i++)
            if (s[i] == -1) unknown = i;
            else known *= s[i];
        if (unknown >= 0) s[unknown] = a.size() / known;
        return new Nd(a.v.clone(), s);
    }

    public static Nd sum(Nd a) {
        return sumTo(a);
    }

    /** Maximum over one dimension, kept as size 1. */
    public static Nd maxAlong(Nd a, int dim) {
        int d = axis(dim, a.shape.length);
        int[] out = a.shape.clone();
        out[d] = 1;
        Nd r = Nd.zeros(out);
        Arrays.fill(r.v, Double.NEGATIVE_INFINITY);
        int[] idx = new int[a.shape.length];
        for (int i = 0; i < a.size(); i++) {
            unravel(i, a.shape, idx);
            int at = broadcastAt(out, idx);
            r.v[at] = Math.max(r.v[at], a.v[i]);
        }
        return r;
    }

    public static Nd concat(int dim, Nd... parts) {
        int d = axis(dim, parts[0].shape.length);
        int[] out = parts[0].shape.clone();
        out[d] = 0;
        for (Nd p : parts) out[d] += p.shape[d];
        Nd r = Nd.zeros(out);
        int[] idx = new int[out.length];
        int start = 0;
        for (Nd p : parts) {
            for (int i = 0; i < p.size(); i++) {
                unravel(i, p.shape, idx);
                idx[d] += start;
                r.v[flat(out, idx)] = p.v[i];
            }
            start += p.shape[d];
        }
        return r;
    }

    public static Nd slice(Nd a, int dim, int start, int len) {
        int d = axis(dim, a.shape.length);
        int[] out = a.shape.clone();
        out[d] = len;
        Nd r = Nd.zeros(out);
        int[] idx = new int[out.length];
        for (int i = 0; i < r.size(); i++) {
            unravel(i, out, idx);
            idx[d] += start;
            r.v[i] = a.v[flat(a.shape, idx)];
        }
        return r;
    }

    static int flat(int[] shape, int[] idx) {
        int f = 0;
        for (int d = 0; d < shape.length; d++) f = f * shape[d] + idx[d];
        return f;
    }

    // ---- the fused layers --------------------------------------------------------------------
    /** op(a) op(b): a is (M, K) or stored (K, M) when transA; b is (K, N) or stored (N, K) when transB. */
    public static Nd matmul(Nd a, Nd b, boolean transA, boolean transB) {
        int m = transA ? a.shape[1] : a.shape[0], k = transA ? a.shape[0] : a.shape[1];
        int n = transB ? b.shape[0] : b.shape[1];
        Nd r = Nd.zeros(m, n);
        for (int i = 0; i < m; i++)
            for (int p = 0; p < k; p++) {
                double av = transA ? a.v[p * m + i] : a.v[i * k + p];
                for (int j = 0; j < n; j++) r.v[i * n + j] += av * (transB ? b.v[j * k + p] : b.v[p * n + j]);
            }
        return r;
    }

    /** y (N, O, L + 2 pad - K + 1) = sum_{c, j} w[o, c, j] x[n, c, t + j - pad], zero outside x. */
    public static Nd conv1d(Nd x, Nd w, int pad) {
        int n = x.shape[0], c = x.shape[1], l = x.shape[2], o = w.shape[0], k = w.shape[2];
        int lo = l + 2 * pad - k + 1;
        Nd y = Nd.zeros(n, o, lo);
        // Scatter each input sample into the outputs it touches (the engine's kernels gather).
        for (int b = 0; b < n; b++)
            for (int ic = 0; ic < c; ic++)
                for (int i = 0; i < l; i++) {
                    double xv = x.v[(b * c + ic) * l + i];
                    for (int oc = 0; oc < o; oc++)
                        for (int j = 0; j < k; j++) {
                            int t = i - j + pad;
                            if (t >= 0 && t < lo) y.v[(b * o + oc) * lo + t] += w.v[(oc * c + ic) * k + j] * xv;
                        }
                }
        return y;
    }

    /** The adjoint of conv1d in x: dx (N, C, L) = sum_{o, t} w[o, c, i - t + pad] dy[n, o, t]. */
    public static Nd conv1dBackInput(Nd dy, Nd w, int l, int pad) {
        int n = dy.shape[0], o = dy.shape[1], lo = dy.shape[2], c = w.shape[1], k = w.shape[2];
        if (lo != l + 2 * pad - k + 1) throw new IllegalArgumentException("dy length " + lo);
        Nd dx = Nd.zeros(n, c, l);
        for (int b = 0; b < n; b++)
            for (int oc = 0; oc < o; oc++)
                for (int t = 0; t < lo; t++) {
                    double g = dy.v[(b * o + oc) * lo + t];
                    for (int ic = 0; ic < c; ic++)
                        for (int j = 0; j < k; j++) {
                            int i = t + j - pad;
                            if (i >= 0 && i < l) dx.v[(b * c + ic) * l + i] += w.v[(oc * c + ic) * k + j] * g;
                        }
                }
        return dx;
    }

    /** The adjoint of conv1d in w: dw (O, C, K) = sum_{n, t} dy[n, o, t] x[n, c, t + j - pad]. */
    public static Nd conv1dBackWeight(Nd x, Nd dy, int k, int pad) {
        int n = x.shape[0], c = x.shape[1], l = x.shape[2], o = dy.shape[1], lo = dy.shape[2];
        if (lo != l + 2 * pad - k + 1) throw new IllegalArgumentException("dy length " + lo);
        Nd dw = Nd.zeros(o, c, k);
        for (int oc = 0; oc < o; oc++)
            for (int ic = 0; ic < c; ic++)
                for (int j = 0; j < k; j++) {
                    double s = 0;
                    for (int b = 0; b < n; b++)
                        for (int i = Math.max(0, j - pad); i < Math.min(l, lo + j - pad); i++)
                            s += dy.v[(b * o + oc) * lo + i - j + pad] * x.v[(b * c + ic) * l + i];
                    dw.v[(oc * c + ic) * k + j] = s;
                }
        return dw;
    }

    /** 1 when the second element of window j of row r of by is the larger (ties: the first). */
    static boolean second(Nd by, int r, int l, int j) {
        return by.v[r * l + 2 * j + 1] > by.v[r * l + 2 * j];
    }

    /** out[..., j] = v[..., argmax of by over (2j, 2j+1)], length floor(L / 2). */
    public static Nd poolSelect(Nd v, Nd by) {
        int l = v.shape[v.shape.length - 1], rows = v.size() / l, lo = l / 2;
        int[] out = v.shape.clone();
        out[out.length - 1] = lo;
        Nd r = Nd.zeros(out);
        for (int row = 0; row < rows; row++)
            for (int j = 0; j < lo; j++) r.v[row * lo + j] = v.v[row * l + 2 * j + (second(by, row, l, j) ? 1 : 0)];
        return r;
    }

    /** The adjoint of poolSelect: g (..., L/2) placed at the argmax positions of by (..., L). */
    public static Nd poolScatter(Nd g, Nd by, int... fullShape) {
        int l = fullShape[fullShape.length - 1], rows = size(fullShape) / l, lo = l / 2;
        Nd r = Nd.zeros(fullShape);
        for (int row = 0; row < rows; row++)
            for (int j = 0; j < lo; j++) r.v[row * l + 2 * j + (second(by, row, l, j) ? 1 : 0)] = g.v[row * lo + j];
        return r;
    }

    /** l_i = log sum_j exp(z_ij) - z_{i, y_i}, shifted by the row maximum. */
    public static Nd crossEntropy(Nd z, Nd labels) {
        int n = z.shape[0], c = z.shape[1];
        Nd r = Nd.zeros(n);
        for (int i = 0; i < n; i++) {
            double m = Double.NEGATIVE_INFINITY, s = 0;
            for (int j = 0; j < c; j++) m = Math.max(m, z.v[i * c + j]);
            for (int j = 0; j < c; j++) s += Math.exp(z.v[i * c + j] - m);
            r.v[i] = m + Math.log(s) - z.v[i * c + (int) labels.v[i]];
        }
        return r;
    }

    // ---- composites used by the whole-model references ---------------------------------------
    public static Nd softmax(Nd z) {
        Nd e = exp(sub(z, maxAlong(z, -1)));
        return div(e, sumTo(e, z.shape[0], 1));
    }

    public static Nd mean(Nd a) {
        return new Nd(new double[] {sum(a).v[0] / a.size()});
    }

    public static double dot(Nd a, Nd b) {
        if (!Arrays.equals(a.shape, b.shape)) throw new IllegalArgumentException(a + " . " + b);
        double s = 0;
        for (int i = 0; i < a.size(); i++) s += a.v[i] * b.v[i];
        return s;
    }
}
