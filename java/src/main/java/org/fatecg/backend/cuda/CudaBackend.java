package org.fatecg.backend.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.fatecg.backend.Backend;
import org.fatecg.backend.BinaryOp;
import org.fatecg.backend.EventClock;
import org.fatecg.backend.Storage;
import org.fatecg.backend.UnaryOp;

/**
 * The GPU backend: cuBLAS for GEMM, conv1d as im2col + cuBLAS GEMM (cuDNN is not used: see README,
 * "CUDA backend"), and the custom kernels of kernels/fatecg_kernels.cu for everything else. Each method
 * only queues work on one stream: data stays on the device, and only {@link #download} waits. Buffers
 * come from a size-keyed pool, and conv1d's im2col scratch grows to the largest shape seen and stays,
 * so a steady PGD loop or training epoch allocates no device memory.
 *
 * <p>Semantics are the CPU backend's (see fatecg_kernels.cuh); results agree bit for bit except where
 * summation order (GEMM, conv, sumTo) or exp/log/tanh library rounding differ. One deviation: a label
 * outside [0, classes) in softmaxCrossEntropy gives NaN instead of an exception.
 *
 * <p>Not thread-safe beyond this: every method is synchronized, and the device binds its context to
 * whichever thread calls.
 */
public final class CudaBackend implements Backend, EventClock, AutoCloseable {
    /** Reductions at least this long use one block per output element instead of one thread. */
    static final int BLOCK_REDUCE_MIN = 256;

    private final Device device;
    private final Map<Integer, ArrayDeque<CudaStorage>> pool = new HashMap<>();
    private final CudaStorage[] scratch = new CudaStorage[2];

    CudaBackend(Device device) {
        this.device = device;
    }

    /** Opens CUDA device {@code ordinal}; the exception's message says in one line why it cannot. */
    public static CudaBackend open(int ordinal) throws CudaUnavailableException {
        return new CudaBackend(JCudaDevice.open(ordinal));
    }

    @Override
    public String name() {
        return "cuda";
    }

    /** The device model and ordinal, for logs. */
    public String describe() {
        return device.describe();
    }

    @Override
    public int threads() {
        return 1;
    }

    /** Waits until every queued kernel has finished (benchmarks; results never need it). */
    public synchronized void synchronize() {
        device.synchronize();
    }

    /** Profiling: an event on the stream (cuEventRecord), so kernels are timed where they run. */
    @Override
    public synchronized int recordEvent() {
        return device.recordEvent();
    }

    @Override
    public synchronized long[] eventTimes() {
        return device.eventTimes();
    }

    private static DeviceBuffer d(Storage s) {
        return ((CudaStorage) s).buffer;
    }

    // ---- memory -----------------------------------------------------------------------------
    @Override
    public synchronized Storage allocate(int n) {
        ArrayDeque<CudaStorage> free = pool.get(n);
        if (free != null && !free.isEmpty()) return free.pop();
        DeviceBuffer b;
        try {
            b = device.alloc(Math.max(n, 1));
        } catch (RuntimeException outOfMemory) {
            // Pooled buffers of other sizes may be holding the memory: give them back and retry once.
            if (pool.isEmpty()) throw outOfMemory;
            drainPool();
            b = device.alloc(Math.max(n, 1));
        }
        return new CudaStorage(this, b, n);
    }

    @Override
    public synchronized void release(Storage s) {
        pool.computeIfAbsent(s.size(), k -> new ArrayDeque<>()).push((CudaStorage) s);
    }

    private void drainPool() {
        for (ArrayDeque<CudaStorage> q : pool.values()) for (CudaStorage s : q) device.free(s.buffer);
        pool.clear();
    }

    /** A scratch buffer of at least n floats that lives until the backend closes (grow-only). */
    private CudaStorage scratch(int slot, int n) {
        CudaStorage s = scratch[slot];
        if (s == null || s.size() < n) {
            if (s != null) device.free(s.buffer);
            scratch[slot] = s = new CudaStorage(this, device.alloc(Math.max(n, 1)), n);
        }
        return s;
    }

    @Override
    public synchronized Storage upload(float[] host) {
        Storage s = allocate(host.length);
        device.upload(d(s), host);
        return s;
    }

    @Override
    public synchronized void download(float[] host, Storage src) {
        device.download(host, d(src), src.size());
    }

    @Override
    public synchronized void copy(Storage dst, int dstOffset, Storage src, int srcOffset, int n) {
        if (n > 0) device.copy(d(dst), dstOffset, d(src), srcOffset, n);
    }

    @Override
    public synchronized void fill(Storage dst, float value) {
        if (dst.size() > 0) device.memset32(d(dst), Float.floatToRawIntBits(value), dst.size());
    }

    // ---- GEMM and convolution ---------------------------------------------------------------
    @Override
    public synchronized void gemm(
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
        rowMajorGemm(d(c), d(a), d(b), transA, transB, m, n, k, alpha, beta);
    }

    /**
     * Row-major C (M, N) = alpha op(A) op(B) + beta C through column-major cuBLAS: a row-major (R, S)
     * array is the column-major (S, R) array, its transpose, so cuBLAS computes
     * C^T (N, M) = op(B)^T (N, K) op(A)^T (K, M) with the operands swapped and no data moved.
     * Stored row-major, B is (K, N), ld N (or (N, K), ld K, when transB); A is (M, K), ld K (or (K, M), ld M).
     */
    private void rowMajorGemm(
            DeviceBuffer c,
            DeviceBuffer a,
            DeviceBuffer b,
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float alpha,
            float beta) {
        if (m == 0 || n == 0) return;
        if (k == 0) { // cuBLAS may leave C untouched here; the CPU backend scales it
            device.launch(
                    CudaKernel.SCALE,
                    m * n,
                    new KernelArgs(CudaKernel.SCALE)
                            .buf("c", c)
                            .f("beta", beta)
                            .i("n", m * n)
                            .complete());
            return;
        }
        device.sgemm(transB, transA, n, m, k, alpha, b, transB ? k : n, a, transA ? m : k, beta, c, n);
    }

    @Override
    public synchronized void conv1dForward(
            Storage y, Storage x, Storage w, int n, int c, int l, int o, int k, int pad) {
        int lout = l + 2 * pad - k + 1, width = n * lout, ck = c * k;
        DeviceBuffer cols = im2col(x, n, c, l, k, pad, lout);
        DeviceBuffer big = scratch(1, o * width).buffer;
        rowMajorGemm(big, d(w), cols, false, false, o, width, ck, 1f, 0f); // Y (O, N*Lout) = W (O, CK) . cols
        int total = n * o * lout;
        device.launch(
                CudaKernel.ONL_TO_NOL,
                total,
                new KernelArgs(CudaKernel.ONL_TO_NOL)
                        .buf("y", d(y))
                        .buf("big", big)
                        .i("n", n)
                        .i("o", o)
                        .i("l", lout)
                        .i("total", total)
                        .complete());
    }

    @Override
    public synchronized void conv1dBackwardInput(
            Storage dx, Storage dy, Storage w, int n, int c, int l, int o, int k, int pad) {
        int lout = l + 2 * pad - k + 1, width = n * lout, ck = c * k;
        DeviceBuffer dyT = nolToOnl(dy, n, o, lout);
        DeviceBuffer dcols = scratch(0, ck * width).buffer;
        rowMajorGemm(dcols, d(w), dyT, true, false, ck, width, o, 1f, 0f); // dcols (CK, N*Lout) = W^T . dY
        int total = n * c * l;
        device.launch(
                CudaKernel.COL2IM,
                total,
                new KernelArgs(CudaKernel.COL2IM)
                        .buf("dx", d(dx))
                        .buf("dcols", dcols)
                        .i("n", n)
                        .i("c", c)
                        .i("l", l)
                        .i("k", k)
                        .i("pad", pad)
                        .i("lout", lout)
                        .i("total", total)
                        .complete());
    }

    @Override
    public synchronized void conv1dBackwardWeight(
            Storage dw, Storage x, Storage dy, int n, int c, int l, int o, int k, int pad) {
        int lout = l + 2 * pad - k + 1, width = n * lout, ck = c * k;
        DeviceBuffer cols = im2col(x, n, c, l, k, pad, lout);
        DeviceBuffer dyT = nolToOnl(dy, n, o, lout);
        rowMajorGemm(d(dw), dyT, cols, false, true, o, ck, width, 1f, 0f); // dW (O, CK) = dY . cols^T
    }

    /** cols (C*K, N*Lout) in scratch slot 0. */
    private DeviceBuffer im2col(Storage x, int n, int c, int l, int k, int pad, int lout) {
        int total = c * k * n * lout;
        DeviceBuffer cols = scratch(0, total).buffer;
        device.launch(
                CudaKernel.IM2COL,
                total,
                new KernelArgs(CudaKernel.IM2COL)
                        .buf("cols", cols)
                        .buf("x", d(x))
                        .i("n", n)
                        .i("c", c)
                        .i("l", l)
                        .i("k", k)
                        .i("pad", pad)
                        .i("lout", lout)
                        .i("total", total)
                        .complete());
        return cols;
    }

    /** dY (O, N*Lout) from dy (N, O, Lout), in scratch slot 1. */
    private DeviceBuffer nolToOnl(Storage dy, int n, int o, int lout) {
        int total = n * o * lout;
        DeviceBuffer big = scratch(1, total).buffer;
        device.launch(
                CudaKernel.NOL_TO_ONL,
                total,
                new KernelArgs(CudaKernel.NOL_TO_ONL)
                        .buf("big", big)
                        .buf("y", d(dy))
                        .i("n", n)
                        .i("o", o)
                        .i("l", lout)
                        .i("total", total)
                        .complete());
        return big;
    }

    // ---- pooling ------------------------------------------------------------------------------
    @Override
    public synchronized void maxPoolSelect(Storage out, Storage v, Storage x, int rows, int l) {
        int total = rows * (l / 2);
        device.launch(
                CudaKernel.MAX_POOL_SELECT,
                total,
                new KernelArgs(CudaKernel.MAX_POOL_SELECT)
                        .buf("out", d(out))
                        .buf("v", d(v))
                        .buf("x", d(x))
                        .i("l", l)
                        .i("n", total)
                        .complete());
    }

    @Override
    public synchronized void maxPoolScatter(Storage dx, Storage g, Storage x, int rows, int l) {
        int total = rows * ((l + 1) / 2); // one item per window, plus the dangling element of an odd row
        device.launch(
                CudaKernel.MAX_POOL_SCATTER,
                total,
                new KernelArgs(CudaKernel.MAX_POOL_SCATTER)
                        .buf("dx", d(dx))
                        .buf("g", d(g))
                        .buf("x", d(x))
                        .i("l", l)
                        .i("n", total)
                        .complete());
    }

    // ---- elementwise and reductions -----------------------------------------------------------
    @Override
    public synchronized void unary(Storage out, Storage in, UnaryOp op, int n) {
        device.launch(
                CudaKernel.UNARY,
                n,
                new KernelArgs(CudaKernel.UNARY)
                        .buf("out", d(out))
                        .buf("in", d(in))
                        .i("op", op.ordinal())
                        .i("n", n)
                        .complete());
    }

    @Override
    public synchronized void clamp(Storage out, Storage in, float lo, float hi, int n) {
        device.launch(
                CudaKernel.CLAMP,
                n,
                new KernelArgs(CudaKernel.CLAMP)
                        .buf("out", d(out))
                        .buf("in", d(in))
                        .f("lo", lo)
                        .f("hi", hi)
                        .i("n", n)
                        .complete());
    }

    @Override
    public synchronized void binary(
            Storage out, Storage a, int[] aStrides, Storage b, int[] bStrides, BinaryOp op, int[] shape) {
        Layout s = Layout.coalesce(shape, Layout.contiguous(shape), aStrides, bStrides);
        int n = Layout.count(shape);
        device.launch(
                CudaKernel.BINARY,
                n,
                new KernelArgs(CudaKernel.BINARY)
                        .buf("out", d(out))
                        .buf("a", d(a))
                        .strides("aStrides", s.strides[1])
                        .buf("b", d(b))
                        .strides("bStrides", s.strides[2])
                        .dims("shape", s.shape)
                        .i("op", op.ordinal())
                        .i("n", n)
                        .complete());
    }

    @Override
    public synchronized void strided(Storage out, Storage in, int inOffset, int[] inStrides, int[] shape) {
        Layout s = Layout.coalesce(shape, Layout.contiguous(shape), inStrides);
        int n = Layout.count(shape);
        device.launch(
                CudaKernel.STRIDED,
                n,
                new KernelArgs(CudaKernel.STRIDED)
                        .buf("out", d(out))
                        .buf("in", d(in))
                        .i("inOffset", inOffset)
                        .strides("inStrides", s.strides[1])
                        .dims("shape", s.shape)
                        .i("n", n)
                        .complete());
    }

    @Override
    public synchronized void sumTo(Storage out, int[] outStrides, int outSize, Storage in, int[] inShape) {
        int[][] split =
                Layout.coalesce(inShape, Layout.contiguous(inShape), outStrides).splitKeptReduced();
        int kept = Layout.count(split[0]), red = Layout.count(split[3]);
        // Each kept tuple writes its own output element; zero first only if some element has no tuple.
        if (kept < outSize) device.memset32(d(out), 0, outSize);
        CudaKernel kernel = red >= BLOCK_REDUCE_MIN ? CudaKernel.SUM_TO_BLOCK : CudaKernel.SUM_TO_SERIAL;
        device.launch(
                kernel,
                kept,
                new KernelArgs(kernel)
                        .buf("out", d(out))
                        .buf("in", d(in))
                        .dims("kept", split[0])
                        .strides("keptIn", split[1])
                        .strides("keptOut", split[2])
                        .dims("red", split[3])
                        .strides("redIn", split[4])
                        .i("keptCount", kept)
                        .i("redCount", red)
                        .complete());
    }

    @Override
    public synchronized void maxAxis(Storage out, Storage in, int outer, int dim, int inner) {
        int n = outer * inner;
        device.launch(
                CudaKernel.MAX_AXIS,
                n,
                new KernelArgs(CudaKernel.MAX_AXIS)
                        .buf("out", d(out))
                        .buf("in", d(in))
                        .i("dim", dim)
                        .i("inner", inner)
                        .i("n", n)
                        .complete());
    }

    // ---- fused ------------------------------------------------------------------------------
    @Override
    public synchronized void softmaxCrossEntropy(Storage out, Storage logits, Storage labels, int n, int classes) {
        device.launch(
                CudaKernel.SOFTMAX_CROSS_ENTROPY,
                n,
                new KernelArgs(CudaKernel.SOFTMAX_CROSS_ENTROPY)
                        .buf("out", d(out))
                        .buf("logits", d(logits))
                        .buf("labels", d(labels))
                        .i("classes", classes)
                        .i("n", n)
                        .complete());
    }

    @Override
    public synchronized void signStep(
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
        device.launch(
                CudaKernel.SIGN_STEP,
                n,
                new KernelArgs(CudaKernel.SIGN_STEP)
                        .buf("out", d(out))
                        .buf("xAdv", d(xAdv))
                        .buf("grad", d(grad))
                        .buf("x0", d(x0))
                        .f("alpha", alpha)
                        .f("eps", eps)
                        .f("lo", lo)
                        .f("hi", hi)
                        .i("clipForm", clipForm ? 1 : 0)
                        .i("n", n)
                        .complete());
    }

    @Override
    public synchronized void adamStep(
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
        device.launch(
                CudaKernel.ADAM_STEP,
                n,
                new KernelArgs(CudaKernel.ADAM_STEP)
                        .buf("p", d(p))
                        .buf("m", d(m))
                        .buf("v", d(v))
                        .buf("g", d(g))
                        .f("lr", lr)
                        .f("b1", b1)
                        .f("b2", b2)
                        .f("eps", eps)
                        .f("bc1", bc1)
                        .f("bc2", bc2)
                        .i("n", n)
                        .complete());
    }

    @Override
    public synchronized void adamaxStep(
            Storage p, Storage g, Storage m, Storage u, float lr, float b1, float b2, float eps, float bc1, int n) {
        device.launch(
                CudaKernel.ADAMAX_STEP,
                n,
                new KernelArgs(CudaKernel.ADAMAX_STEP)
                        .buf("p", d(p))
                        .buf("m", d(m))
                        .buf("u", d(u))
                        .buf("g", d(g))
                        .f("lr", lr)
                        .f("b1", b1)
                        .f("b2", b2)
                        .f("eps", eps)
                        .f("bc1", bc1)
                        .i("n", n)
                        .complete());
    }

    @Override
    public synchronized void sgdStep(Storage p, Storage g, float lr, int n) {
        device.launch(
                CudaKernel.SGD_STEP,
                n,
                new KernelArgs(CudaKernel.SGD_STEP)
                        .buf("p", d(p))
                        .buf("g", d(g))
                        .f("lr", lr)
                        .i("n", n)
                        .complete());
    }

    /** Frees the pool and scratch and releases the device; storages of this backend become invalid. */
    @Override
    public synchronized void close() {
        drainPool();
        for (int i = 0; i < scratch.length; i++) {
            if (scratch[i] != null) device.free(scratch[i].buffer);
            scratch[i] = null;
        }
        device.close();
    }
}
