package org.fatecg.backend.cpu;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.fatecg.backend.Backend;
import org.fatecg.backend.BinaryOp;
import org.fatecg.backend.FusedInference;
import org.fatecg.backend.Parallel;
import org.fatecg.backend.Storage;
import org.fatecg.backend.UnaryOp;

/**
 * The pure-Java backend: packed Vector API GEMM for linear layers and convolutions (im2col), vectorised
 * elementwise loops, and a size-keyed buffer pool so that a steady training loop allocates no arrays.
 * Each kernel's plain reference is beside it (GemmNaive, Conv1dNaive) or is the scalar definition in
 * UnaryOp/BinaryOp; parity tests compare them.
 */
public final class CpuBackend implements Backend, FusedInference {
    private static final int PARALLEL_MIN = 1 << 15;

    private final Parallel par;
    private final Map<Integer, ArrayDeque<CpuStorage>> pool = new HashMap<>();

    public CpuBackend(int threads) {
        this.par = new Parallel(threads);
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int threads() {
        return par.threads();
    }

    public Parallel parallel() {
        return par;
    }

    static float[] a(Storage s) {
        return ((CpuStorage) s).data;
    }

    // ---- memory -----------------------------------------------------------------------------
    @Override
    public synchronized Storage allocate(int n) {
        ArrayDeque<CpuStorage> free = pool.get(n);
        if (free != null && !free.isEmpty()) return free.pop();
        return new CpuStorage(this, new float[n]);
    }

    @Override
    public synchronized void release(Storage s) {
        pool.computeIfAbsent(s.size(), k -> new ArrayDeque<>()).push((CpuStorage) s);
    }

    /** Wraps an existing array without a copy (the caller gives up ownership). */
    public Storage wrap(float[] data) {
        return new CpuStorage(this, data);
    }

    @Override
    public Storage upload(float[] host) {
        return new CpuStorage(this, host.clone());
    }

    @Override
    public void download(float[] host, Storage src) {
        System.arraycopy(a(src), 0, host, 0, src.size());
    }

    @Override
    public void copy(Storage dst, int dstOffset, Storage src, int srcOffset, int n) {
        System.arraycopy(a(src), srcOffset, a(dst), dstOffset, n);
    }

    @Override
    public void fill(Storage dst, float value) {
        java.util.Arrays.fill(a(dst), value);
    }

    // ---- GEMM and convolution ---------------------------------------------------------------
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
        GemmVector.gemm(par, a(c), a(a), a(b), transA, transB, m, n, k, alpha, beta);
    }

    @Override
    public void conv1dForward(Storage y, Storage x, Storage w, int n, int c, int l, int o, int k, int pad) {
        Conv1dGemm.forward(par, a(y), a(x), a(w), n, c, l, o, k, pad);
    }

    @Override
    public void conv1dBackwardInput(Storage dx, Storage dy, Storage w, int n, int c, int l, int o, int k, int pad) {
        Conv1dGemm.backwardInput(par, a(dx), a(dy), a(w), n, c, l, o, k, pad);
    }

    @Override
    public void conv1dBackwardWeight(Storage dw, Storage x, Storage dy, int n, int c, int l, int o, int k, int pad) {
        Conv1dGemm.backwardWeight(par, a(dw), a(x), a(dy), n, c, l, o, k, pad);
    }

    @Override
    public void conv1dBiasReluPool(
            Storage y, Storage x, Storage w, Storage bias, int n, int c, int l, int o, int k, int pad) {
        ConvBlock.forward(par, a(y), a(x), a(w), bias == null ? null : a(bias), n, c, l, o, k, pad);
    }

    // ---- pooling ------------------------------------------------------------------------------
    @Override
    public void maxPoolSelect(Storage out, Storage v, Storage x, int rows, int l) {
        MaxPool.select(par, a(out), a(v), a(x), rows, l);
    }

    @Override
    public void maxPoolScatter(Storage dx, Storage g, Storage x, int rows, int l) {
        MaxPool.scatter(par, a(dx), a(g), a(x), rows, l);
    }

    // ---- elementwise ------------------------------------------------------------------------
    @Override
    public void unary(Storage out, Storage in, UnaryOp op, int n) {
        float[] o = a(out), x = a(in);
        par.forRange(n, PARALLEL_MIN, (from, to) -> Elementwise.unary(o, x, op, from, to));
    }

    @Override
    public void clamp(Storage out, Storage in, float lo, float hi, int n) {
        float[] o = a(out), x = a(in);
        par.forRange(n, PARALLEL_MIN, (from, to) -> Elementwise.clamp(o, x, lo, hi, from, to));
    }

    @Override
    public void binary(Storage out, Storage a, int[] aStrides, Storage b, int[] bStrides, BinaryOp op, int[] shape) {
        float[] o = a(out), x = a(a), y = a(b);
        Strided s = Strided.coalesce(shape, Strided.contiguousStrides(shape), aStrides, bStrides);
        int last = s.last(), sa = s.lastStride(1), sb = s.lastStride(2);
        int outer = s.outerCount();
        par.forRange(outer, Math.max(1, PARALLEL_MIN / last), (r0, r1) -> {
            Strided.Rows rows = s.new Rows(r0);
            for (int r = r0; r < r1; r++, rows.next()) {
                Elementwise.binaryRow(o, r * last, x, rows.offset[1], sa, y, rows.offset[2], sb, op, last);
            }
        });
    }

    @Override
    public void strided(Storage out, Storage in, int inOffset, int[] inStrides, int[] shape) {
        float[] o = a(out), x = a(in);
        Strided s = Strided.coalesce(shape, Strided.contiguousStrides(shape), inStrides);
        int last = s.last(), si = s.lastStride(1);
        par.forRange(s.outerCount(), Math.max(1, PARALLEL_MIN / last), (r0, r1) -> {
            Strided.Rows rows = s.new Rows(r0);
            for (int r = r0; r < r1; r++, rows.next()) {
                int src = inOffset + rows.offset[1], dst = r * last;
                if (si == 1) {
                    System.arraycopy(x, src, o, dst, last);
                } else {
                    for (int i = 0; i < last; i++) o[dst + i] = x[src + i * si];
                }
            }
        });
    }

    @Override
    public void sumTo(Storage out, int[] outStrides, int outSize, Storage in, int[] inShape) {
        float[] o = a(out), x = a(in);
        java.util.Arrays.fill(o, 0, outSize, 0f);
        Strided s = Strided.coalesce(inShape, Strided.contiguousStrides(inShape), outStrides);
        int last = s.last(), so = s.lastStride(1);
        int outer = s.outerCount();
        // Single-threaded: several input rows may land on one output row, and a fixed order keeps the
        // sum reproducible. Reductions here are small next to the GEMMs.
        Strided.Rows rows = s.new Rows(0);
        for (int r = 0; r < outer; r++, rows.next()) {
            int src = r * last, dst = rows.offset[1];
            if (so == 0) {
                o[dst] += Elementwise.sum(x, src, last);
            } else if (so == 1) {
                Elementwise.addInto(o, dst, x, src, last);
            } else {
                for (int i = 0; i < last; i++) o[dst + i * so] += x[src + i];
            }
        }
    }

    @Override
    public void maxAxis(Storage out, Storage in, int outer, int dim, int inner) {
        float[] o = a(out), x = a(in);
        for (int b = 0; b < outer; b++)
            for (int i = 0; i < inner; i++) {
                float m = Float.NEGATIVE_INFINITY;
                int base = b * dim * inner + i;
                for (int d = 0; d < dim; d++) {
                    float v = x[base + d * inner];
                    if (v > m || Float.isNaN(v)) m = v;
                    if (Float.isNaN(m)) break;
                }
                o[b * inner + i] = m;
            }
    }

    // ---- fused ------------------------------------------------------------------------------
    @Override
    public void softmaxCrossEntropy(Storage out, Storage logits, Storage labels, int n, int classes) {
        float[] o = a(out), z = a(logits), y = a(labels);
        for (int i = 0; i < n; i++) {
            int base = i * classes;
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) m = Math.max(m, z[base + j]);
            double s = 0;
            for (int j = 0; j < classes; j++) s += Math.exp(z[base + j] - m);
            int label = (int) y[i];
            if (label < 0 || label >= classes)
                throw new IllegalArgumentException("label " + label + " at row " + i + " outside [0, " + classes + ")");
            o[i] = (float) (m + Math.log(s) - z[base + label]);
        }
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
        float[] o = a(out), xa = a(xAdv), g = a(grad), x = a(x0);
        par.forRange(
                n,
                PARALLEL_MIN,
                (from, to) -> Elementwise.signStep(o, xa, g, x, alpha, eps, lo, hi, clipForm, from, to));
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
        float[] pp = a(p), gg = a(g), mm = a(m), vv = a(v);
        par.forRange(
                n, PARALLEL_MIN, (from, to) -> Elementwise.adam(pp, gg, mm, vv, lr, b1, b2, eps, bc1, bc2, from, to));
    }

    @Override
    public void adamaxStep(
            Storage p, Storage g, Storage m, Storage u, float lr, float b1, float b2, float eps, float bc1, int n) {
        float[] pp = a(p), gg = a(g), mm = a(m), uu = a(u);
        float step = lr / bc1;
        for (int i = 0; i < n; i++) {
            mm[i] = b1 * mm[i] + (1 - b1) * gg[i];
            uu[i] = Math.max(b2 * uu[i], Math.abs(gg[i]) + eps);
            pp[i] -= step * mm[i] / uu[i];
        }
    }

    @Override
    public void sgdStep(Storage p, Storage g, float lr, int n) {
        float[] pp = a(p), gg = a(g);
        for (int i = 0; i < n; i++) pp[i] -= lr * gg[i];
    }
}
