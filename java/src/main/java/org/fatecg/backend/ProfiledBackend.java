package org.fatecg.backend;

/**
 * A backend that times every kernel of another and counts its work, for the {@link Profiler}. It
 * hands each call on unchanged (same storages, same arguments), so results are the wrapped backend's
 * bit for bit; memory management (allocate, release) passes through untimed.
 *
 * <p>Work counted per call, FLOPs as 2 per multiply-add and 1 per other arithmetic or comparison;
 * bytes as 4 per float read or written, each operand element once (a broadcast operand counts its own
 * size, not the output's):
 * <ul>
 *   <li>gemm: 2 M N K; A, B and C (C twice when beta != 0).</li>
 *   <li>conv1d and its two adjoints: 2 N O Lout C K each; input, weight and output once.</li>
 *   <li>pointwise, clamp, reductions, strided copies: one per element; inputs and output.</li>
 *   <li>fused steps (sign step, Adam): the operations of their formula per element.</li>
 * </ul>
 */
final class ProfiledBackend implements Backend, FusedInference {
    private static final double F = 4.0;
    private final Backend inner;
    private final ProfileSession session;
    private int startEvent;

    ProfiledBackend(Backend inner, ProfileSession session) {
        this.inner = inner;
        this.session = session;
    }

    private long begin() {
        startEvent = session.recordEvent();
        return session.now();
    }

    private void end(long start, String name, Storage out, double flops, double bytes) {
        end(start, name, out, flops, bytes, false);
    }

    private void end(long start, String name, Storage out, double flops, double bytes, boolean transfer) {
        int endEvent = startEvent >= 0 ? session.recordEvent() : -1;
        session.kernel(name, out, start, session.now(), flops, bytes, transfer, startEvent, endEvent);
    }

    /** Elements of an operand read through strides over shape: the product of the dimensions it does not broadcast. */
    static double distinct(int[] strides, int[] shape) {
        double n = 1;
        for (int i = 0; i < shape.length; i++) if (strides[i] != 0) n *= shape[i];
        return n;
    }

    static double size(int[] shape) {
        double n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public int threads() {
        return inner.threads();
    }

    @Override
    public Storage allocate(int n) {
        return inner.allocate(n);
    }

    @Override
    public void release(Storage s) {
        inner.release(s);
    }

    @Override
    public Storage upload(float[] host) {
        long t = begin();
        Storage s = inner.upload(host);
        end(t, "upload", null, 0, F * host.length, true);
        return s;
    }

    @Override
    public void download(float[] host, Storage src) {
        long t = begin();
        inner.download(host, src);
        end(t, "download", null, 0, F * src.size(), true);
    }

    @Override
    public void copy(Storage dst, int dstOffset, Storage src, int srcOffset, int n) {
        long t = begin();
        inner.copy(dst, dstOffset, src, srcOffset, n);
        end(t, "copy", dst, 0, 2 * F * n);
    }

    @Override
    public void fill(Storage dst, float value) {
        long t = begin();
        inner.fill(dst, value);
        end(t, "fill", dst, 0, F * dst.size());
    }

    @Override
    public void gemm(
            Storage c,
            Storage a,
            Storage b,
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float alpha,
            float beta) {
        long t = begin();
        inner.gemm(c, a, b, transA, transB, m, n, k, alpha, beta);
        double mn = (double) m * n;
        end(t, "gemm", c, 2 * mn * k, F * ((double) m * k + (double) k * n + (beta == 0 ? 1 : 2) * mn));
    }

    private static double convFlops(int n, int c, int l, int o, int k, int pad) {
        return 2.0 * n * o * (l + 2 * pad - k + 1) * c * k;
    }

    private static double convBytes(int n, int c, int l, int o, int k, int pad) {
        return F * ((double) n * c * l + (double) o * c * k + (double) n * o * (l + 2 * pad - k + 1));
    }

    @Override
    public void conv1dForward(Storage y, Storage x, Storage w, int n, int c, int l, int o, int k, int pad) {
        long t = begin();
        inner.conv1dForward(y, x, w, n, c, l, o, k, pad);
        end(t, "conv1d.forward", y, convFlops(n, c, l, o, k, pad), convBytes(n, c, l, o, k, pad));
    }

    @Override
    public boolean fusesConvBlocks() {
        return inner instanceof FusedInference && ((FusedInference) inner).fusesConvBlocks();
    }

    /** Counted as its conv (the bias, ReLU and pooling passes add about 3 Lout per output row). */
    @Override
    public void conv1dBiasReluPool(
            Storage y, Storage x, Storage w, Storage bias, int n, int c, int l, int o, int k, int pad) {
        if (!fusesConvBlocks()) throw new UnsupportedOperationException(inner.name() + " has no fused conv block");
        long t = begin();
        ((FusedInference) inner).conv1dBiasReluPool(y, x, w, bias, n, c, l, o, k, pad);
        int lo = l + 2 * pad - k + 1;
        double maps = (double) n * o * lo;
        end(
                t,
                "conv1d.biasReluPool",
                y,
                convFlops(n, c, l, o, k, pad) + 3 * maps,
                F * ((double) n * c * l + (double) o * c * k + o + (double) n * o * (lo / 2)));
    }

    @Override
    public void conv1dBackwardInput(Storage dx, Storage dy, Storage w, int n, int c, int l, int o, int k, int pad) {
        long t = begin();
        inner.conv1dBackwardInput(dx, dy, w, n, c, l, o, k, pad);
        end(t, "conv1d.backInput", dx, convFlops(n, c, l, o, k, pad), convBytes(n, c, l, o, k, pad));
    }

    @Override
    public void conv1dBackwardWeight(Storage dw, Storage x, Storage dy, int n, int c, int l, int o, int k, int pad) {
        long t = begin();
        inner.conv1dBackwardWeight(dw, x, dy, n, c, l, o, k, pad);
        end(t, "conv1d.backWeight", dw, convFlops(n, c, l, o, k, pad), convBytes(n, c, l, o, k, pad));
    }

    @Override
    public void maxPoolSelect(Storage out, Storage v, Storage x, int rows, int l) {
        long t = begin();
        inner.maxPoolSelect(out, v, x, rows, l);
        double half = (double) rows * (l / 2);
        end(t, "maxpool.select", out, half, F * ((v == x ? 2 : 4) * half + half));
    }

    @Override
    public void maxPoolScatter(Storage dx, Storage g, Storage x, int rows, int l) {
        long t = begin();
        inner.maxPoolScatter(dx, g, x, rows, l);
        double full = (double) rows * l;
        end(t, "maxpool.scatter", dx, full / 2, F * (full + full / 2 + full));
    }

    @Override
    public void unary(Storage out, Storage in, UnaryOp op, int n) {
        long t = begin();
        inner.unary(out, in, op, n);
        end(t, "unary." + op.name().toLowerCase(java.util.Locale.ROOT), out, n, 2 * F * n);
    }

    @Override
    public void clamp(Storage out, Storage in, float lo, float hi, int n) {
        long t = begin();
        inner.clamp(out, in, lo, hi, n);
        end(t, "clamp", out, 2.0 * n, 2 * F * n);
    }

    @Override
    public void binary(Storage out, Storage a, int[] aStrides, Storage b, int[] bStrides, BinaryOp op, int[] shape) {
        long t = begin();
        inner.binary(out, a, aStrides, b, bStrides, op, shape);
        double n = size(shape);
        end(
                t,
                "binary." + op.name().toLowerCase(java.util.Locale.ROOT),
                out,
                n,
                F * (n + distinct(aStrides, shape) + distinct(bStrides, shape)));
    }

    @Override
    public void strided(Storage out, Storage in, int inOffset, int[] inStrides, int[] shape) {
        long t = begin();
        inner.strided(out, in, inOffset, inStrides, shape);
        end(t, "strided", out, 0, F * (size(shape) + distinct(inStrides, shape)));
    }

    @Override
    public void sumTo(Storage out, int[] outStrides, int outSize, Storage in, int[] inShape) {
        long t = begin();
        inner.sumTo(out, outStrides, outSize, in, inShape);
        double n = size(inShape);
        end(t, "sumTo", out, n, F * (n + outSize));
    }

    @Override
    public void maxAxis(Storage out, Storage in, int outer, int dim, int inner) {
        long t = begin();
        this.inner.maxAxis(out, in, outer, dim, inner);
        double n = (double) outer * dim * inner;
        end(t, "maxAxis", out, n, F * (n + (double) outer * inner));
    }

    @Override
    public void softmaxCrossEntropy(Storage out, Storage logits, Storage labels, int n, int classes) {
        long t = begin();
        inner.softmaxCrossEntropy(out, logits, labels, n, classes);
        // max, subtract, exp, sum per logit; a log and a pick per row
        end(t, "softmaxCrossEntropy", out, 4.0 * n * classes + 2.0 * n, F * ((double) n * classes + 2.0 * n));
    }

    @Override
    public void signStep(
            Storage out,
            Storage xAdv,
            Storage grad,
            Storage x0,
            float alpha,
            float eps,
            float lo,
            float hi,
            boolean clipForm,
            int n) {
        long t = begin();
        inner.signStep(out, xAdv, grad, x0, alpha, eps, lo, hi, clipForm, n);
        // sign, multiply-add, subtract, two clamps (4 comparisons), add
        end(t, "signStep", out, 9.0 * n, 4 * F * n);
    }

    @Override
    public void adamStep(
            Storage p,
            Storage g,
            Storage m,
            Storage v,
            float lr,
            float b1,
            float b2,
            float eps,
            float bc1,
            float bc2,
            int n) {
        long t = begin();
        inner.adamStep(p, g, m, v, lr, b1, b2, eps, bc1, bc2, n);
        // m: 3, v: 4, bias corrections 2, sqrt, add, divide, multiply-subtract 2
        end(t, "adamStep", p, 13.0 * n, 7 * F * n);
    }

    @Override
    public void adamaxStep(
            Storage p, Storage g, Storage m, Storage u, float lr, float b1, float b2, float eps, float bc1, int n) {
        long t = begin();
        inner.adamaxStep(p, g, m, u, lr, b1, b2, eps, bc1, n);
        end(t, "adamaxStep", p, 10.0 * n, 7 * F * n);
    }

    @Override
    public void sgdStep(Storage p, Storage g, float lr, int n) {
        long t = begin();
        inner.sgdStep(p, g, lr, n);
        end(t, "sgdStep", p, 2.0 * n, 3 * F * n);
    }
}
