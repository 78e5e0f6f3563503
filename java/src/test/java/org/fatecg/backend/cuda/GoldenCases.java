package org.fatecg.backend.cuda;

import static org.fatecg.backend.cuda.GoldenData.maxAbs;
import static org.fatecg.backend.cuda.GoldenData.with;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.fatecg.backend.Backend;
import org.fatecg.backend.BinaryOp;
import org.fatecg.backend.UnaryOp;

/**
 * The golden cases: every CudaBackend method that launches a kernel, at awkward sizes (odd lengths,
 * sizes that are no multiple of a block or vector width) and with the special values that decide
 * semantics (NaN, +-0, infinities, ties, exact zeros of the gradient).
 *
 * <p>Tolerances: 0 where the kernel's arithmetic is the CPU's term by term (the kernels are built with
 * --fmad=false): pooling, clamps, comparisons, signStep, Adam, Adamax, SGD, im2col/col2im and copies.
 * 1e-6 relative for exp/log/tanh/atanh (CUDA's and glibc's float functions against Java's double ones,
 * a few ulps). For sums (GEMM, conv, sumTo) the order differs: atol = 1e-6 * terms * max|x|^2 (or
 * max|x|), rtol 1e-5.
 */
final class GoldenCases {
    /** Makes the case for a label: golden mode (recording) or parity mode (a real candidate). */
    private final Function<String, GoldenCase> make;

    private final boolean golden;

    private GoldenCases(Function<String, GoldenCase> make, boolean golden) {
        this.make = make;
        this.golden = golden;
    }

    /** The golden-mode cases, for the harness. */
    static List<GoldenCase> golden() {
        return new GoldenCases(GoldenCase::new, true).all();
    }

    /** The same cases run on a candidate backend against the CPU backend. */
    static List<GoldenCase> parity(Backend candidate) {
        return new GoldenCases(label -> new GoldenCase(label, candidate), false).all();
    }

    private static final float NAN = Float.NaN, INF = Float.POSITIVE_INFINITY;

    List<GoldenCase> all() {
        List<GoldenCase> cases = new ArrayList<>();
        if (golden) cases.add(enums()); // the harness's op tables against the Java enums
        for (UnaryOp op : UnaryOp.values()) cases.add(unary(op));
        cases.add(clamp());
        for (BinaryOp op : BinaryOp.values()) cases.add(binaryBroadcast(op));
        cases.add(binaryTransposed());
        cases.add(binaryRank4());
        cases.add(strided("strided_permuted", 200, 3, new int[] {4, 3, 5}, new int[] {1, 40, 8}));
        cases.add(strided("strided_broadcast", 40, 7, new int[] {6, 3, 5}, new int[] {0, 5, 1}));
        cases.add(strided("strided_slice", 60, 1, new int[] {2, 9}, new int[] {20, 1}));
        cases.add(sumTo("sumTo_middle", new int[] {6, 7, 9}, new int[] {0, 1, 0}, 7));
        cases.add(sumTo("sumTo_outer_inner", new int[] {6, 7, 9}, new int[] {9, 0, 1}, 54));
        cases.add(sumTo("sumTo_all_block", new int[] {4, 300}, new int[] {0, 0}, 1));
        cases.add(sumTo("sumTo_bias_block", new int[] {5, 3, 181}, new int[] {0, 1, 0}, 3));
        cases.add(sumTo("sumTo_larger_out", new int[] {2, 7, 3}, new int[] {0, 1, 0}, 10));
        cases.add(maxAxis("maxAxis_middle", 3, 11, 4));
        cases.add(maxAxis("maxAxis_rows", 5, 7, 1));
        cases.add(maxPool("maxPool_odd", 7, 13));
        cases.add(maxPool("maxPool_paper", 3, 45));
        cases.add(softmaxCrossEntropy("softmaxCE_small", 9, 5));
        cases.add(softmaxCrossEntropy("softmaxCE_batch", 33, 5));
        cases.add(signStep(false));
        cases.add(signStep(true));
        cases.add(adam());
        cases.add(adamax());
        cases.add(sgd());
        for (int t = 0; t < 4; t++) cases.add(gemm((t & 1) != 0, (t & 2) != 0, 0.5f));
        cases.add(gemm(false, false, 0f));
        cases.add(gemmEmptyK());
        cases.add(copyAndFill());
        int[][] conv = {{3, 2, 11, 5, 3, 1}, {2, 3, 7, 4, 5, 0}, {2, 16, 45, 32, 3, 1}, {1, 1, 6, 2, 3, 2}};
        for (int[] s : conv) {
            cases.add(convForward(s));
            cases.add(convBackwardInput(s));
            cases.add(convBackwardWeight(s));
        }
        return cases;
    }

    /** The harness checks its op tables against the Java enums' names and order. */
    GoldenCase enums() {
        GoldenCase c = make.apply("enums");
        c.device.out.append("enum unary ").append(UnaryOp.values().length);
        for (UnaryOp op : UnaryOp.values()) c.device.out.append(' ').append(op.name());
        c.device.out.append("\nenum binary ").append(BinaryOp.values().length);
        for (BinaryOp op : BinaryOp.values()) c.device.out.append(' ').append(op.name());
        c.device.out.append('\n');
        return c;
    }

    GoldenCase unary(UnaryOp op) {
        GoldenData d = new GoldenData(100 + op.ordinal());
        int n = 1003;
        float[] x;
        switch (op) {
            case ATANH:
                x = with(d.uniform(n, -1, 1), 1f, -1f, 0f, -0f, 0.99999994f, -0.99999994f, 1.5f, NAN);
                break;
            case LOG:
                x = with(d.uniform(n, 1e-6, 50), 0f, -0f, 1f, -1f, INF, NAN, 1.0000001f, 1e-30f);
                break;
            default:
                x = with(d.gauss(n, 3), 0f, -0f, 1f, -1f, INF, -INF, NAN, 1e-30f, -1e-30f, 20f, -20f);
                break;
        }
        GoldenCase c = make.apply("unary_" + op);
        GoldenCase.Twin in = c.upload(x), out = c.alloc(n);
        c.run(b -> b.unary(out.of(b), in.of(b), op, n));
        boolean transcendental = op == UnaryOp.EXP || op == UnaryOp.LOG || op == UnaryOp.TANH || op == UnaryOp.ATANH;
        c.expect("out", out, transcendental ? 1e-30f : 0f, transcendental ? 1e-6f : 0f);
        return c;
    }

    GoldenCase clamp() {
        GoldenData d = new GoldenData(7);
        int n = 777;
        float[] x = with(d.gauss(n, 1), NAN, 0f, -0f, INF, -INF, -0.5f, 0.75f);
        GoldenCase c = make.apply("clamp");
        GoldenCase.Twin in = c.upload(x), out = c.alloc(n);
        c.run(b -> b.clamp(out.of(b), in.of(b), -0.5f, 0.75f, n));
        c.exact("out", out);
        return c;
    }

    /** out (3, 5, 7) = a (3, 5, 7) op b (1, 5, 1). */
    GoldenCase binaryBroadcast(BinaryOp op) {
        GoldenData d = new GoldenData(200 + op.ordinal());
        int[] shape = {3, 5, 7};
        float[] a = with(d.coarse(105, 2), NAN, 0f, -0f, 0f, -0f, INF);
        float[] bv = with(d.coarse(5, 2), 0.5f, 0f, -0f);
        GoldenCase c = make.apply("binary_" + op);
        GoldenCase.Twin ta = c.upload(a), tb = c.upload(bv), out = c.alloc(105);
        c.run(b -> b.binary(out.of(b), ta.of(b), new int[] {35, 7, 1}, tb.of(b), new int[] {0, 1, 0}, op, shape));
        c.exact("out", out);
        return c;
    }

    /** out (5, 7) = a^T - scalar, with a stored (7, 5): a non-contiguous read. */
    GoldenCase binaryTransposed() {
        GoldenData d = new GoldenData(31);
        GoldenCase c = make.apply("binary_transposed");
        GoldenCase.Twin ta = c.upload(d.gauss(35, 1)), tb = c.upload(new float[] {0.25f}), out = c.alloc(35);
        c.run(b -> b.binary(
                out.of(b), ta.of(b), new int[] {1, 5}, tb.of(b), new int[] {0, 0}, BinaryOp.SUB, new int[] {5, 7}));
        c.exact("out", out);
        return c;
    }

    /** Rank 4 with size-1 and mergeable dimensions: out (2, 1, 3, 4, 5) = a * b (1, 1, 3, 1, 5). */
    GoldenCase binaryRank4() {
        GoldenData d = new GoldenData(32);
        GoldenCase c = make.apply("binary_rank5");
        GoldenCase.Twin ta = c.upload(d.gauss(120, 1)), tb = c.upload(d.gauss(15, 1)), out = c.alloc(120);
        c.run(b -> b.binary(
                out.of(b),
                ta.of(b),
                new int[] {60, 60, 20, 5, 1},
                tb.of(b),
                new int[] {0, 0, 5, 0, 1},
                BinaryOp.MUL,
                new int[] {2, 1, 3, 4, 5}));
        c.exact("out", out);
        return c;
    }

    GoldenCase strided(String label, int inSize, int offset, int[] shape, int[] strides) {
        GoldenData d = new GoldenData(label.hashCode());
        int n = Layout.count(shape);
        GoldenCase c = make.apply(label);
        GoldenCase.Twin in = c.upload(d.gauss(inSize, 1)), out = c.alloc(n);
        c.run(b -> b.strided(out.of(b), in.of(b), offset, strides, shape));
        c.exact("out", out);
        return c;
    }

    GoldenCase sumTo(String label, int[] inShape, int[] outStrides, int outSize) {
        GoldenData d = new GoldenData(label.hashCode());
        int n = Layout.count(inShape);
        float[] x = d.gauss(n, 1);
        GoldenCase c = make.apply(label);
        GoldenCase.Twin in = c.upload(x), out = c.alloc(outSize);
        c.run(b -> b.sumTo(out.of(b), outStrides, outSize, in.of(b), inShape));
        int terms = n / Math.max(1, Math.min(n, outSize));
        c.expect("out", out, 1e-6f * terms * maxAbs(x), 1e-5f);
        return c;
    }

    GoldenCase maxAxis(String label, int outer, int dim, int inner) {
        GoldenData d = new GoldenData(label.hashCode());
        float[] x = d.coarse(outer * dim * inner, 2);
        x[inner + 1 < x.length ? inner + 1 : 0] = NAN; // a NaN in one column wins it
        x[x.length - 1] = -INF;
        GoldenCase c = make.apply(label);
        GoldenCase.Twin in = c.upload(x), out = c.alloc(outer * inner);
        c.run(b -> b.maxAxis(out.of(b), in.of(b), outer, dim, inner));
        c.exact("out", out);
        return c;
    }

    /** Both pooling directions at one shape, with ties (first index wins) and NaNs in either slot. */
    GoldenCase maxPool(String label, int rows, int l) {
        GoldenData d = new GoldenData(label.hashCode());
        float[] x = with(d.coarse(rows * l, 1), 1f, 1f, NAN, 2f, 3f, NAN, NAN, NAN);
        float[] v = d.gauss(rows * l, 1);
        float[] g = d.gauss(rows * (l / 2), 1);
        GoldenCase c = make.apply(label);
        GoldenCase.Twin tx = c.upload(x), tv = c.upload(v), tg = c.upload(g);
        GoldenCase.Twin sel = c.alloc(rows * (l / 2)), dx = c.alloc(rows * l);
        c.run(b -> b.maxPoolSelect(sel.of(b), tv.of(b), tx.of(b), rows, l));
        c.run(b -> b.maxPoolScatter(dx.of(b), tg.of(b), tx.of(b), rows, l));
        c.exact("select", sel);
        c.exact("scatter", dx);
        return c;
    }

    GoldenCase softmaxCrossEntropy(String label, int n, int classes) {
        GoldenData d = new GoldenData(label.hashCode());
        float[] z = d.gauss(n * classes, 3);
        for (int j = 0; j < classes; j++) z[classes + j] *= 40; // a row of large logits: the stable path
        float[] y = d.labels(n, classes);
        GoldenCase c = make.apply(label);
        GoldenCase.Twin tz = c.upload(z), ty = c.upload(y), out = c.alloc(n);
        c.run(b -> b.softmaxCrossEntropy(out.of(b), tz.of(b), ty.of(b), n, classes));
        c.expect("loss", out, 1e-6f, 1e-6f);
        return c;
    }

    GoldenCase signStep(boolean clipForm) {
        GoldenData d = new GoldenData(clipForm ? 41 : 42);
        int n = 1001;
        float eps = 8f / 255, alpha = 2f / 255;
        float[] x0 = with(d.uniform(n, 0, 1), 0f, 1f, 0f, 1f, eps, 1 - eps);
        float[] xAdv = d.uniform(n, -eps, eps);
        for (int i = 0; i < n; i++) xAdv[i] = Math.min(Math.max(x0[i] + xAdv[i], 0f), 1f);
        float[] g = d.zeroSome(d.gauss(n, 1), 0.1);
        GoldenCase c = make.apply(clipForm ? "signStep_clip" : "signStep_delta");
        GoldenCase.Twin ta = c.upload(xAdv), tg = c.upload(g), tx = c.upload(x0), out = c.alloc(n);
        c.run(b -> b.signStep(out.of(b), ta.of(b), tg.of(b), tx.of(b), alpha, eps, 0f, 1f, clipForm, n));
        c.exact("out", out);
        return c;
    }

    GoldenCase adam() {
        GoldenData d = new GoldenData(51);
        int n = 1003;
        float b1 = 0.9f, b2 = 0.999f, bc1 = (float) (1 - Math.pow(b1, 3)), bc2 = (float) (1 - Math.pow(b2, 3));
        GoldenCase c = make.apply("adam");
        // p of the size of one step, so that a step rounded differently shows in p's last bits.
        GoldenCase.Twin p = c.upload(d.gauss(n, 0.05)), g = c.upload(d.zeroSome(d.gauss(n, 0.1), 0.05));
        GoldenCase.Twin m = c.upload(d.gauss(n, 0.01)), v = c.upload(d.uniform(n, 0, 1e-3));
        c.run(b -> b.adamStep(p.of(b), g.of(b), m.of(b), v.of(b), 0.05f, b1, b2, 1e-8f, bc1, bc2, n));
        c.exact("p", p);
        c.exact("m", m);
        c.exact("v", v);
        return c;
    }

    GoldenCase adamax() {
        GoldenData d = new GoldenData(52);
        int n = 1003;
        GoldenCase c = make.apply("adamax");
        GoldenCase.Twin p = c.upload(d.gauss(n, 0.05)), g = c.upload(d.zeroSome(d.gauss(n, 0.1), 0.05));
        GoldenCase.Twin m = c.upload(d.gauss(n, 0.01)), u = c.upload(d.uniform(n, 0, 1e-2));
        float bc1 = (float) (1 - Math.pow(0.9, 4));
        c.run(b -> b.adamaxStep(p.of(b), g.of(b), m.of(b), u.of(b), 0.05f, 0.9f, 0.999f, 1e-8f, bc1, n));
        c.exact("p", p);
        c.exact("m", m);
        c.exact("u", u);
        return c;
    }

    GoldenCase sgd() {
        GoldenData d = new GoldenData(53);
        int n = 517;
        GoldenCase c = make.apply("sgd");
        GoldenCase.Twin p = c.upload(d.gauss(n, 0.1)), g = c.upload(d.gauss(n, 1));
        c.run(b -> b.sgdStep(p.of(b), g.of(b), 0.1f, n));
        c.exact("p", p);
        return c;
    }

    /** C (7, 13) = 1.5 op(A) op(B) + beta C, K = 9, in each storage layout; beta 0 over garbage C. */
    GoldenCase gemm(boolean transA, boolean transB, float beta) {
        GoldenData d = new GoldenData((transA ? 2 : 0) + (transB ? 1 : 0) + (beta == 0 ? 10 : 0));
        int m = 7, n = 13, k = 9;
        GoldenCase c = make.apply("gemm_" + (transA ? "T" : "N") + (transB ? "T" : "N") + (beta == 0 ? "_beta0" : ""));
        GoldenCase.Twin a = c.upload(d.gauss(m * k, 1)), bm = c.upload(d.gauss(k * n, 1));
        GoldenCase.Twin out = beta == 0 ? c.alloc(m * n) : c.upload(d.gauss(m * n, 1));
        c.run(b -> b.gemm(out.of(b), a.of(b), bm.of(b), transA, transB, m, n, k, 1.5f, beta));
        c.expect("c", out, 1e-6f * k * 16, 1e-5f);
        return c;
    }

    /** K = 0: C = beta C (cuBLAS is not asked; the scale kernel runs). */
    GoldenCase gemmEmptyK() {
        GoldenData d = new GoldenData(60);
        GoldenCase c = make.apply("gemm_k0");
        GoldenCase.Twin a = c.upload(new float[1]), bm = c.upload(new float[1]);
        GoldenCase.Twin c1 = c.upload(d.gauss(12, 1)), c0 = c.upload(with(d.gauss(12, 1), NAN));
        c.run(b -> b.gemm(c1.of(b), a.of(b), bm.of(b), false, false, 3, 4, 0, 1f, 2f));
        c.run(b -> b.gemm(c0.of(b), a.of(b), bm.of(b), false, false, 3, 4, 0, 1f, 0f));
        c.exact("scaled", c1);
        c.exact("zeroed", c0);
        return c;
    }

    GoldenCase copyAndFill() {
        GoldenData d = new GoldenData(61);
        GoldenCase c = make.apply("copy_fill");
        GoldenCase.Twin src = c.upload(d.gauss(50, 1)), dst = c.upload(d.gauss(40, 1));
        GoldenCase.Twin f1 = c.alloc(17), f2 = c.alloc(9);
        c.run(b -> b.copy(dst.of(b), 5, src.of(b), 11, 23));
        c.run(b -> b.fill(f1.of(b), -0f));
        c.run(b -> b.fill(f2.of(b), 0.3f));
        c.exact("copy", dst);
        c.exact("fillNegZero", f1);
        c.exact("fill", f2);
        return c;
    }

    private static String convLabel(String what, int[] s) {
        return "conv_" + what + "_n" + s[0] + "c" + s[1] + "l" + s[2] + "o" + s[3] + "k" + s[4] + "p" + s[5];
    }

    GoldenCase convForward(int[] s) {
        int n = s[0], ch = s[1], l = s[2], o = s[3], k = s[4], pad = s[5], lout = l + 2 * pad - k + 1;
        GoldenData d = new GoldenData(convLabel("f", s).hashCode());
        GoldenCase c = make.apply(convLabel("forward", s));
        GoldenCase.Twin x = c.upload(d.gauss(n * ch * l, 1)),
                w = c.upload(d.gauss(o * ch * k, 1)),
                y = c.alloc(n * o * lout);
        c.run(b -> b.conv1dForward(y.of(b), x.of(b), w.of(b), n, ch, l, o, k, pad));
        c.expect("y", y, 1e-6f * ch * k * 16, 1e-5f);
        return c;
    }

    GoldenCase convBackwardInput(int[] s) {
        int n = s[0], ch = s[1], l = s[2], o = s[3], k = s[4], pad = s[5], lout = l + 2 * pad - k + 1;
        GoldenData d = new GoldenData(convLabel("i", s).hashCode());
        GoldenCase c = make.apply(convLabel("backwardInput", s));
        GoldenCase.Twin dy = c.upload(d.gauss(n * o * lout, 1)),
                w = c.upload(d.gauss(o * ch * k, 1)),
                dx = c.alloc(n * ch * l);
        c.run(b -> b.conv1dBackwardInput(dx.of(b), dy.of(b), w.of(b), n, ch, l, o, k, pad));
        c.expect("dx", dx, 1e-6f * o * k * 16, 1e-5f);
        return c;
    }

    GoldenCase convBackwardWeight(int[] s) {
        int n = s[0], ch = s[1], l = s[2], o = s[3], k = s[4], pad = s[5], lout = l + 2 * pad - k + 1;
        GoldenData d = new GoldenData(convLabel("w", s).hashCode());
        GoldenCase c = make.apply(convLabel("backwardWeight", s));
        GoldenCase.Twin x = c.upload(d.gauss(n * ch * l, 1)),
                dy = c.upload(d.gauss(n * o * lout, 1)),
                dw = c.alloc(o * ch * k);
        c.run(b -> b.conv1dBackwardWeight(dw.of(b), x.of(b), dy.of(b), n, ch, l, o, k, pad));
        c.expect("dw", dw, 1e-6f * n * lout * 16, 1e-5f);
        return c;
    }
}
