package org.fatecg.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import org.fatecg.Close;
import org.fatecg.backend.BinaryOp;
import org.fatecg.backend.UnaryOp;
import org.fatecg.tensor.Rng;
import org.junit.jupiter.api.Test;

/**
 * Every non-GEMM kernel of {@link CpuBackend} against its scalar definition: the unary and binary ops
 * against {@link UnaryOp#apply} / {@link BinaryOp#apply} at every position (so the vector body and the
 * scalar tail of a loop must agree, NaN, infinities, signed zeros and subnormals included); clamp, strided
 * copies, maxAxis, max pooling, signStep (both forms) against formulas written here; sumTo, the fused
 * cross-entropy and the optimiser steps against double precision. Sizes are above 2 x 32768 elements so
 * the two-thread runs really split, and one and two threads must agree bit for bit.
 *
 * <p>Tolerances (atol + rtol |ref|): exact (same bits) wherever the kernel's contract is the float32
 * scalar definition; sumTo 1e-6 sum|x| (float summation of up to 70001 terms in a fixed lane order);
 * cross-entropy 1e-6 + 1e-6; Adam/Adamax first moments 1e-8 + 1e-6 (b1 m + (1-b1) g may cancel, so the
 * float error is an ulp of the terms, <= 0.1 here, not of m), second moments 1e-6 relative, parameters
 * 2e-7 + 1e-6 (half an ulp of p from the final subtraction, plus float rounding of the step).
 */
class CpuKernelParityTest {
    static final CpuBackend ONE = new CpuBackend(1), TWO = new CpuBackend(2);
    static final int BIG = 70_001;
    static final float[] SPECIAL = {
        0f,
        -0f,
        1f,
        -1f,
        Float.NaN,
        Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY,
        Float.MIN_VALUE,
        -Float.MIN_VALUE,
        Float.MAX_VALUE,
        -Float.MAX_VALUE,
        0.5f,
        -2.5f,
        1e-30f,
        88.8f,
        -104f
    };

    /** U(lo, hi) with every 7th element a special value. */
    static float[] values(Rng rng, int n, float lo, float hi, boolean special) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * rng.nextFloat();
        if (special) for (int i = 3, j = 0; i < n; i += 7, j++) v[i] = SPECIAL[j % SPECIAL.length];
        return v;
    }

    static boolean same(float a, float b) {
        return Float.floatToRawIntBits(a) == Float.floatToRawIntBits(b) || (Float.isNaN(a) && Float.isNaN(b));
    }

    static void assertSame(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++)
            if (!same(expected[i], actual[i]))
                fail(what + ": element " + i + " expected " + expected[i] + " got " + actual[i]);
    }

    static int[] contiguous(int[] shape) {
        int[] s = new int[shape.length];
        for (int i = shape.length - 1, acc = 1; i >= 0; acc *= shape[i], i--) s[i] = acc;
        return s;
    }

    /** Strides reading an array of shape src as the right-aligned broadcast shape out. */
    static int[] broadcastStrides(int[] src, int[] out) {
        int[] c = contiguous(src), r = new int[out.length];
        for (int i = 0; i < src.length; i++) {
            int o = i + out.length - src.length;
            r[o] = src[i] == 1 ? 0 : c[i];
        }
        return r;
    }

    static int offset(int flat, int[] shape, int[] strides) {
        int off = 0;
        for (int d = shape.length - 1; d >= 0; d--) {
            off += (flat % shape[d]) * strides[d];
            flat /= shape[d];
        }
        return off;
    }

    @Test
    void unaryAndClampAtEveryPosition() {
        Rng rng = new Rng(31);
        float[] x = values(rng, BIG, -3, 3, true);
        for (UnaryOp op : UnaryOp.values()) {
            float[] expected = new float[BIG];
            for (int i = 0; i < BIG; i++) expected[i] = op.apply(x[i]);
            float[][] got = new float[2][BIG];
            ONE.unary(ONE.wrap(got[0]), ONE.wrap(x), op, BIG);
            TWO.unary(TWO.wrap(got[1]), TWO.wrap(x), op, BIG);
            assertSame("unary " + op, expected, got[0]);
            Close.assertBitIdentical("unary " + op + " 1 vs 2 threads", got[0], got[1]);
        }
        float[] expected = new float[BIG], got = new float[BIG];
        for (int i = 0; i < BIG; i++) expected[i] = Math.min(Math.max(x[i], -0.7f), 1.25f);
        TWO.clamp(TWO.wrap(got), TWO.wrap(x), -0.7f, 1.25f, BIG);
        assertSame("clamp", expected, got);
    }

    /** a (shapeA) op b (shapeB), broadcast; rows long and short, with stride-0 rows (a scalar per row). */
    @Test
    void binaryBroadcastAtEveryPosition() {
        Rng rng = new Rng(32);
        int[][][] cases = {
            {{7, 1, 37}, {5, 37}},
            {{1000, 70}, {70}},
            {{70, 1}, {1, 1001}},
            {{2, 40000}, {}},
            {{3}, {2, 3}},
            {{2, 1, 3, 1}, {4, 1, 5}}
        };
        for (int[][] s : cases) {
            int[] out = broadcast(s[0], s[1]);
            int n = 1;
            for (int d : out) n *= d;
            float[] a = values(rng, size(s[0]), -2, 2, true), b = values(rng, size(s[1]), -2, 2, true);
            // A few exact ties so that GE and EQ see equal operands.
            for (int i = 0; i < Math.min(a.length, b.length); i += 5) a[i] = b[i];
            int[] sa = broadcastStrides(s[0], out), sb = broadcastStrides(s[1], out);
            for (BinaryOp op : BinaryOp.values()) {
                float[] expected = new float[n];
                for (int i = 0; i < n; i++) expected[i] = op.apply(a[offset(i, out, sa)], b[offset(i, out, sb)]);
                float[][] got = new float[2][n];
                for (int t = 0; t < 2; t++) {
                    CpuBackend be = t == 0 ? ONE : TWO;
                    be.binary(be.wrap(got[t]), be.wrap(a), sa, be.wrap(b), sb, op, out);
                }
                String what = "binary " + op + " " + Arrays.toString(s[0]) + " with " + Arrays.toString(s[1]);
                assertSame(what, expected, got[0]);
                Close.assertBitIdentical(what + " 1 vs 2 threads", got[0], got[1]);
            }
        }
    }

    static int size(int[] s) {
        int n = 1;
        for (int d : s) n *= d;
        return n;
    }

    static int[] broadcast(int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] o = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.length ? 1 : a[i - r + a.length], db = i < r - b.length ? 1 : b[i - r + b.length];
            o[i] = Math.max(da, db);
        }
        return o;
    }

    /** sumTo: every input element lands in out[offset(i, outStrides)]; compared with double sums. */
    @Test
    void sumToAgainstDouble() {
        Rng rng = new Rng(33);
        int[][][] cases = {
            {{3, 4, 5}, {4, 1}},
            {{3, 4, 5}, {}},
            {{BIG}, {}},
            {{700, 101}, {101}},
            {{700, 101}, {700, 1}},
            {{2, 3, 7, 5}, {3, 1, 5}}
        };
        for (int[][] s : cases) {
            int[] in = s[0], target = s[1];
            int n = size(in), m = size(target);
            float[] x = values(rng, n, -1, 1, false);
            int[] os = broadcastStrides(target, in);
            double[] sum = new double[m], mag = new double[m];
            for (int i = 0; i < n; i++) {
                int o = offset(i, in, os);
                sum[o] += x[i];
                mag[o] += Math.abs(x[i]);
            }
            float[][] got = new float[2][];
            for (int t = 0; t < 2; t++) {
                CpuBackend be = t == 0 ? ONE : TWO;
                got[t] = new float[m];
                Arrays.fill(got[t], Float.NaN);
                be.sumTo(be.wrap(got[t]), os, m, be.wrap(x), in);
            }
            String what = "sumTo " + Arrays.toString(in) + " to " + Arrays.toString(target);
            for (int o = 0; o < m; o++)
                Close.assertClose(
                        what + " [" + o + "]", new double[] {sum[o]}, new double[] {got[0][o]}, 1e-6 * mag[o], 0);
            Close.assertBitIdentical(what + " 1 vs 2 threads", got[0], got[1]);
        }
    }

    /** strided(out, in, offset, strides, shape): out[i] = in[offset + sum idx_d stride_d], e.g. transposes. */
    @Test
    void stridedCopies() {
        Rng rng = new Rng(34);
        float[] in = values(rng, 300 * 250 + 3, -1, 1, true);
        int[][][] cases = {{{250, 300}, {1, 250}}, {{7, 5}, {1, 9}}, {{4, 3, 2}, {0, 3, 1}}, {{300, 250}, {250, 1}}};
        int[] offsets = {0, 2, 1, 3};
        for (int c = 0; c < cases.length; c++) {
            int[] shape = cases[c][0], st = cases[c][1];
            int n = size(shape);
            float[] expected = new float[n];
            for (int i = 0; i < n; i++) expected[i] = in[offsets[c] + offset(i, shape, st)];
            float[] got = new float[n];
            TWO.strided(TWO.wrap(got), TWO.wrap(in), offsets[c], st, shape);
            assertSame("strided " + Arrays.toString(shape) + " strides " + Arrays.toString(st), expected, got);
        }
    }

    /** max over the middle axis of (outer, dim, inner): NaN if the slice has one, else the first maximum. */
    @Test
    void maxAxisWithNaNAndSignedZeros() {
        Rng rng = new Rng(35);
        int[][] cases = {{3, 17, 5}, {2, 40001, 1}, {1, 1, 7}, {4, 2, 3}};
        for (int[] s : cases) {
            int outer = s[0], dim = s[1], inner = s[2];
            float[] x = values(rng, outer * dim * inner, -5, 5, outer * dim * inner > 100);
            if (dim == 2) { // -0 before +0 and +0 before -0: the first of equal maxima is kept
                x[0] = -0f;
                x[inner] = 0f;
                x[1] = 0f;
                x[1 + inner] = -0f;
                x[2] = -1f;
                x[2 + inner] = -1f;
            }
            float[] expected = new float[outer * inner];
            for (int b = 0; b < outer; b++)
                for (int i = 0; i < inner; i++) {
                    boolean nan = false;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int d = 0; d < dim; d++) {
                        float v = x[(b * dim + d) * inner + i];
                        nan |= Float.isNaN(v);
                        if (!Float.isNaN(v)) max = Math.max(max, v);
                    }
                    float first = Float.NEGATIVE_INFINITY;
                    for (int d = 0; d < dim; d++) {
                        float v = x[(b * dim + d) * inner + i];
                        if (v == max) {
                            first = v;
                            break;
                        }
                    }
                    expected[b * inner + i] = nan ? Float.NaN : first;
                }
            float[] got = new float[outer * inner];
            TWO.maxAxis(TWO.wrap(got), TWO.wrap(x), outer, dim, inner);
            assertSame("maxAxis " + Arrays.toString(s), expected, got);
        }
    }

    /**
     * Pooling windows (2j, 2j+1) of x: the second is picked when x[2j+1] > x[2j] or x[2j+1] is NaN, unless
     * x[2j] is NaN (ties: the first; a NaN wins, as PyTorch). Select reads v at the pick; scatter writes
     * g there and 0 elsewhere, including the dropped last sample of an odd row.
     */
    @Test
    void maxPoolSelectAndScatter() {
        Rng rng = new Rng(36);
        for (int l : new int[] {37, 36, 1, 2}) {
            int rows = 150_000 / l, lo = l / 2;
            float[] x = values(rng, rows * l, -1, 1, true), v = values(rng, rows * l, -1, 1, false);
            for (int i = 0; i + 1 < x.length; i += 11) x[i + 1] = x[i]; // ties
            float[] g = values(rng, rows * lo, -1, 1, false);
            float[] sel = new float[rows * lo], sca = new float[rows * l];
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < lo; j++) {
                    float a = x[r * l + 2 * j], b = x[r * l + 2 * j + 1];
                    int pick = r * l + 2 * j + ((b > a || Float.isNaN(b)) && !Float.isNaN(a) ? 1 : 0);
                    sel[r * lo + j] = v[pick];
                    sca[pick] = g[r * lo + j];
                }
            float[][] gotSel = new float[2][], gotSca = new float[2][];
            for (int t = 0; t < 2; t++) {
                CpuBackend be = t == 0 ? ONE : TWO;
                gotSel[t] = new float[rows * lo];
                gotSca[t] = new float[rows * l];
                Arrays.fill(gotSca[t], Float.NaN);
                be.maxPoolSelect(be.wrap(gotSel[t]), be.wrap(v), be.wrap(x), rows, l);
                be.maxPoolScatter(be.wrap(gotSca[t]), be.wrap(g), be.wrap(x), rows, l);
            }
            assertSame("maxPoolSelect L=" + l, sel, gotSel[0]);
            assertSame("maxPoolScatter L=" + l, sca, gotSca[0]);
            Close.assertBitIdentical("maxPoolSelect 1 vs 2 threads", gotSel[0], gotSel[1]);
            Close.assertBitIdentical("maxPoolScatter 1 vs 2 threads", gotSca[0], gotSca[1]);
        }
    }

    /** l_i = logsumexp(z_i) - z_{i, y_i} in double, including rows around 1000 and -1000. */
    @Test
    void softmaxCrossEntropyAgainstDouble() {
        Rng rng = new Rng(37);
        int n = 257, c = 5;
        float[] z = values(rng, n * c, -6, 6, false), y = new float[n];
        for (int i = 0; i < n; i++) y[i] = rng.nextInt(c);
        for (int j = 0; j < c; j++) {
            z[j] += 1000;
            z[c + j] -= 1000;
        }
        double[] expected = new double[n];
        for (int i = 0; i < n; i++) {
            double m = Double.NEGATIVE_INFINITY, s = 0;
            for (int j = 0; j < c; j++) m = Math.max(m, z[i * c + j]);
            for (int j = 0; j < c; j++) s += Math.exp(z[i * c + j] - m);
            expected[i] = m + Math.log(s) - z[i * c + (int) y[i]];
        }
        float[] got = new float[n];
        TWO.softmaxCrossEntropy(TWO.wrap(got), TWO.wrap(z), TWO.wrap(y), n, c);
        Close.assertClose("softmaxCrossEntropy", expected, got, 1e-6, 1e-6);
        y[3] = c;
        assertThrows(
                IllegalArgumentException.class,
                () -> TWO.softmaxCrossEntropy(TWO.wrap(new float[n]), TWO.wrap(z), TWO.wrap(y), n, c));
    }

    /**
     * With x' = xAdv + alpha sign(g) (sign(NaN) = 0): delta form clamp(x0 + clamp(x' - x0, -eps, eps), lo, hi);
     * clip form min(min(max(x', max(x0 - eps, lo)), x0 + eps), hi). Both stay in the eps-ball and in
     * [lo, hi], and agree to within rounding (2e-7 absolute here, values in [0, 1]).
     */
    @Test
    void signStepBothForms() {
        Rng rng = new Rng(38);
        float alpha = 2 / 255f, eps = 8 / 255f, lo = 0f, hi = 1f;
        float[] x0 = values(rng, BIG, 0, 1, false), xa = new float[BIG], g = values(rng, BIG, -1, 1, false);
        for (int i = 0; i < BIG; i++) {
            xa[i] = Math.min(Math.max(x0[i] + eps * (2 * rng.nextFloat() - 1), 0f), 1f);
            if (i % 13 == 0) g[i] = i % 2 == 0 ? 0f : Float.NaN;
            if (i % 17 == 0) x0[i] = i % 2 == 0 ? 0f : 1f; // on the box edges
        }
        float[][] forms = new float[2][];
        for (int f = 0; f < 2; f++) {
            boolean clip = f == 1;
            float[] expected = new float[BIG];
            for (int i = 0; i < BIG; i++) {
                float step = g[i] > 0 ? alpha : (g[i] < 0 ? -alpha : 0f);
                float moved = xa[i] + step;
                expected[i] = clip
                        ? Math.min(Math.min(Math.max(moved, Math.max(x0[i] - eps, lo)), x0[i] + eps), hi)
                        : Math.min(Math.max(x0[i] + Math.min(Math.max(moved - x0[i], -eps), eps), lo), hi);
            }
            float[][] got = new float[2][BIG];
            for (int t = 0; t < 2; t++) {
                CpuBackend be = t == 0 ? ONE : TWO;
                be.signStep(be.wrap(got[t]), be.wrap(xa), be.wrap(g), be.wrap(x0), alpha, eps, lo, hi, clip, BIG);
            }
            assertSame("signStep " + (clip ? "clip" : "delta"), expected, got[0]);
            Close.assertBitIdentical("signStep 1 vs 2 threads", got[0], got[1]);
            for (int i = 0; i < BIG; i++) {
                assertTrue(got[0][i] >= lo && got[0][i] <= hi, "outside [lo, hi] at " + i);
                assertTrue(Math.abs(got[0][i] - x0[i]) <= eps * (1 + 1e-6), "outside the eps-ball at " + i);
            }
            forms[f] = got[0];
        }
        Close.assertClose("signStep delta vs clip", forms[0], forms[1], 2e-7, 0);
    }

    /**
     * Two Adam steps (t = 1, 2) against PyTorch's formula in double:
     * m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; p -= lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps).
     */
    @Test
    void adamAgainstDouble() {
        Rng rng = new Rng(39);
        float lr = 1e-3f, b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
        float[] p = values(rng, BIG, -1, 1, false);
        float[][] grads = {values(rng, BIG, -1, 1, false), values(rng, BIG, -1e-3f, 1e-3f, false)};
        double[] pd = Close.widen(p), md = new double[BIG], vd = new double[BIG];
        float[][] state = new float[2][];
        float[][] pt = {p.clone(), p.clone()},
                mt = {new float[BIG], new float[BIG]},
                vt = {new float[BIG], new float[BIG]};
        for (int step = 1; step <= 2; step++) {
            float[] g = grads[step - 1];
            float bc1 = (float) (1 - Math.pow(b1, step)), bc2 = (float) (1 - Math.pow(b2, step));
            for (int i = 0; i < BIG; i++) {
                md[i] = b1 * md[i] + (1 - (double) b1) * g[i];
                vd[i] = b2 * vd[i] + (1 - (double) b2) * g[i] * g[i];
                pd[i] -= lr / (double) bc1 * md[i] / (Math.sqrt(vd[i]) / Math.sqrt(bc2) + eps);
            }
            for (int t = 0; t < 2; t++) {
                CpuBackend be = t == 0 ? ONE : TWO;
                be.adamStep(be.wrap(pt[t]), be.wrap(g), be.wrap(mt[t]), be.wrap(vt[t]), lr, b1, b2, eps, bc1, bc2, BIG);
            }
        }
        // m = b1 m + (1-b1) g can cancel: its float error is relative to the terms (<= 0.1 here), not to m.
        Close.assertClose("adam m", md, mt[0], 1e-8, 1e-6);
        Close.assertClose("adam v", vd, vt[0], 1e-15, 1e-6);
        Close.assertClose("adam p", pd, pt[0], 2e-7, 1e-6);
        Close.assertBitIdentical("adam 1 vs 2 threads", pt[0], pt[1]);
    }

    /** Adamax: m = b1 m + (1-b1) g; u = max(b2 u, |g| + eps); p -= lr/bc1 * m / u (two steps, double). */
    @Test
    void adamaxAgainstDouble() {
        Rng rng = new Rng(40);
        int n = 1001;
        float lr = 2e-3f, b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
        float[] p = values(rng, n, -1, 1, false), m = new float[n], u = new float[n];
        float[][] grads = {values(rng, n, -1, 1, false), values(rng, n, -0.1f, 0.1f, false)};
        double[] pd = Close.widen(p), md = new double[n], ud = new double[n];
        for (int step = 1; step <= 2; step++) {
            float[] g = grads[step - 1];
            float bc1 = (float) (1 - Math.pow(b1, step));
            for (int i = 0; i < n; i++) {
                md[i] = b1 * md[i] + (1 - (double) b1) * g[i];
                ud[i] = Math.max(b2 * ud[i], Math.abs(g[i]) + (double) eps);
                pd[i] -= lr / (double) bc1 * md[i] / ud[i];
            }
            TWO.adamaxStep(TWO.wrap(p), TWO.wrap(g), TWO.wrap(m), TWO.wrap(u), lr, b1, b2, eps, bc1, n);
        }
        Close.assertClose("adamax m", md, m, 1e-8, 1e-6);
        Close.assertClose("adamax u", ud, u, 1e-12, 1e-6);
        Close.assertClose("adamax p", pd, p, 2e-7, 1e-6);
    }

    /** SGD is p - lr g in float32, bit for bit. */
    @Test
    void sgdIsExact() {
        Rng rng = new Rng(41);
        float lr = 0.05f;
        float[] p = values(rng, BIG, -1, 1, false), g = values(rng, BIG, -1, 1, true), expected = new float[BIG];
        for (int i = 0; i < BIG; i++) expected[i] = p[i] - lr * g[i];
        TWO.sgdStep(TWO.wrap(p), TWO.wrap(g), lr, BIG);
        assertSame("sgd", expected, p);
    }
}
