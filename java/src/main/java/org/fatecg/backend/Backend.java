package org.fatecg.backend;

/**
 * Every numeric kernel of fatecg goes through this interface, so that a GPU backend can replace the CPU
 * one op by op. The tensor layer above owns shapes and autodiff; a backend sees flat buffers and sizes.
 *
 * <p>Conventions (llm.c's): outputs first, then inputs, then sizes. Arrays are row-major and contiguous
 * unless strides are passed. A kernel writes every element of its output (buffers from
 * {@link #allocate} hold garbage), except where "accumulates" is said. One-letter sizes: N batch,
 * C input channels, O output channels, L length, K kernel width.
 */
public interface Backend {
    String name();

    /** Threads the backend's kernels use (1 for a GPU backend's host side). */
    int threads();

    // ---- memory -------------------------------------------------------------------------------
    /** A buffer of n floats with unspecified contents, recycled from an internal pool when possible. */
    Storage allocate(int n);

    /** Gives a buffer back to the pool; the caller must not use it afterwards. */
    void release(Storage s);

    Storage upload(float[] host);

    /** Copies src into host[0 .. src.size()). */
    void download(float[] host, Storage src);

    /** dst[dstOffset + i] = src[srcOffset + i] for i in [0, n). */
    void copy(Storage dst, int dstOffset, Storage src, int srcOffset, int n);

    void fill(Storage dst, float value);

    // ---- dense linear algebra -----------------------------------------------------------------
    /**
     * C = alpha * op(A) op(B) + beta * C, row-major; op(A) is (M, K), op(B) is (K, N), C is (M, N).
     * A is stored (M, K), or (K, M) when transA; B is stored (K, N), or (N, K) when transB.
     */
    void gemm(
            Storage c,
            Storage a,
            Storage b,
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float alpha,
            float beta);

    // ---- convolution, stride 1, zero padding, no bias -----------------------------------------
    /** y (N, O, Lout) = conv1d(x (N, C, L), w (O, C, K)), Lout = L + 2 pad - K + 1. */
    void conv1dForward(Storage y, Storage x, Storage w, int n, int c, int l, int o, int k, int pad);

    /** dx (N, C, L) = d conv1d / d x applied to dy (N, O, Lout) (a transposed convolution). */
    void conv1dBackwardInput(Storage dx, Storage dy, Storage w, int n, int c, int l, int o, int k, int pad);

    /** dw (O, C, K) = d conv1d / d w applied to dy: sum over n, l of dy[n,o,l] x[n,c,l+k-pad]. */
    void conv1dBackwardWeight(Storage dw, Storage x, Storage dy, int n, int c, int l, int o, int k, int pad);

    // ---- max pooling, kernel 2, stride 2, floor -----------------------------------------------
    /**
     * out (R, L/2): out[r, j] = v[r, argmax(x[r, 2j], x[r, 2j+1])] (first index on ties, as PyTorch).
     * With v = x this is max pooling; with v = an upstream gradient it is the pooled gradient's gradient.
     */
    void maxPoolSelect(Storage out, Storage v, Storage x, int rows, int l);

    /** dx (R, L): the transpose of maxPoolSelect: g (R, L/2) routed to each window's argmax, 0 elsewhere. */
    void maxPoolScatter(Storage dx, Storage g, Storage x, int rows, int l);

    // ---- elementwise and reductions -----------------------------------------------------------
    void unary(Storage out, Storage in, UnaryOp op, int n);

    /** out = clamp(in, lo, hi) elementwise. */
    void clamp(Storage out, Storage in, float lo, float hi, int n);

    /**
     * out (shape, contiguous) = op(a, b) where a and b are read through element strides over the output
     * shape (stride 0 on a broadcast dimension).
     */
    void binary(Storage out, Storage a, int[] aStrides, Storage b, int[] bStrides, BinaryOp op, int[] shape);

    /**
     * out = in read through strides over shape: a strided copy (broadcast, permutation, slicing with an offset).
     */
    void strided(Storage out, Storage in, int inOffset, int[] inStrides, int[] shape);

    /**
     * Sums in (inShape, contiguous) into out, whose strides over inShape are outStrides (0 on the summed
     * dimensions). out is overwritten.
     */
    void sumTo(Storage out, int[] outStrides, int outSize, Storage in, int[] inShape);

    /** out (outer, inner) = max over the middle axis of in (outer, dim, inner). */
    void maxAxis(Storage out, Storage in, int outer, int dim, int inner);

    // ---- fused ops for losses, attacks and optimisers -----------------------------------------
    /**
     * Per-sample cross-entropy, out[i] = logsumexp(z[i, :]) - z[i, y_i], computed stably; labels hold
     * the class index as a float.
     */
    void softmaxCrossEntropy(Storage out, Storage logits, Storage labels, int n, int classes);

    /**
     * The sign-gradient attack step with projection, fused (FGSM, PGD, BIM). With x' = xAdv + alpha sign(grad):
     * <ul>
     *   <li>delta form (PGD): out = clamp(x0 + clamp(x' - x0, -eps, eps), lo, hi);</li>
     *   <li>clip form (BIM, FGSM): out = min(min(max(x', max(x0 - eps, lo)), x0 + eps), hi).</li>
     * </ul>
     * The two agree in exact arithmetic; in float32 they round differently, and each matches the
     * reference implementation of its attack bit for bit.
     */
    void signStep(
            Storage out,
            Storage xAdv,
            Storage grad,
            Storage x0,
            float alpha,
            float eps,
            float lo,
            float hi,
            boolean clipForm,
            int n);

    /**
     * Adam (PyTorch semantics) in place: m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
     * p -= lr * (m / bc1) / (sqrt(v / bc2) + eps), with bc1 = 1 - b1^t and bc2 = 1 - b2^t.
     */
    void adamStep(
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
            int n);

    /** Adamax in place: m = b1 m + (1-b1) g; u = max(b2 u, |g| + eps); p -= (lr / bc1) m / u. */
    void adamaxStep(
            Storage p, Storage g, Storage m, Storage u, float lr, float b1, float b2, float eps, float bc1, int n);

    /** p = p - lr * g. */
    void sgdStep(Storage p, Storage g, float lr, int n);
}
