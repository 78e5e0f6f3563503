package org.fatecg.tensor;

import static org.fatecg.tensor.Tensor.result;

/**
 * The fused layer primitives of {@link Tensor}: matmul, conv1d with its two adjoints, max-pool select
 * and scatter, and cross-entropy. Each is one backend kernel whose backward is again expressed with
 * primitives (conv1d's input gradient is a transposed convolution, itself a primitive), so the set
 * closes under differentiation and double backprop works through every layer.
 */
final class LayerPrimitives {
    private LayerPrimitives() {}

    /**
     * op(a) op(b) for 2-d tensors. With C = A B: dA = G B^T and dB = A^T G; the transposed forms follow
     * by transposing those identities, so every backward is again one matmul.
     */
    static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        if (a.rank() != 2 || b.rank() != 2)
            throw new IllegalArgumentException("matmul needs 2-d tensors, got " + a + " and " + b);
        int m = transA ? a.shape[1] : a.shape[0], k = transA ? a.shape[0] : a.shape[1];
        int kb = transB ? b.shape[1] : b.shape[0], n = transB ? b.shape[0] : b.shape[1];
        if (k != kb)
            throw new IllegalArgumentException(
                    "matmul inner sizes differ: " + a + (transA ? "^T" : "") + " x " + b + (transB ? "^T" : ""));
        Tensor r = result(Primitive.MATMUL, new int[] {m, n}, new Tensor[] {a, b}, (g, need) -> {
            Tensor ga = null, gb = null;
            if (need[0])
                ga = transA
                        ? (transB ? b.matmul(g, true, true) : b.matmul(g, false, true))
                        : (transB ? g.matmul(b, false, false) : g.matmul(b, false, true));
            if (need[1])
                gb = transB
                        ? (transA ? g.matmul(a, true, true) : g.matmul(a, true, false))
                        : (transA ? a.matmul(g, false, false) : a.matmul(g, true, false));
            return new Tensor[] {ga, gb};
        });
        a.storage.backend().gemm(r.storage, a.storage, b.storage, transA, transB, m, n, k, 1f, 0f);
        return r;
    }

    /**
     * y (N, O, Lout) = conv1d(x (N, C, L), w (O, C, K)), stride 1, zero padding. The input gradient is a
     * transposed convolution and the weight gradient a correlation of x with g; those two are primitives
     * too, and the three close under differentiation.
     */
    static Tensor conv1d(Tensor x, Tensor w, int pad) {
        int n = x.shape[0], c = x.shape[1], l = x.shape[2], o = w.shape[0], k = w.shape[2];
        if (w.shape[1] != c) throw new IllegalArgumentException("conv1d weight " + w + " does not fit input " + x);
        int lo = l + 2 * pad - k + 1;
        Tensor r = result(Primitive.CONV1D, new int[] {n, o, lo}, new Tensor[] {x, w}, (g, need) -> new Tensor[] {
            need[0] ? g.conv1dBackInput(w, l, pad) : null, need[1] ? x.conv1dBackWeight(g, k, pad) : null
        });
        x.storage.backend().conv1dForward(r.storage, x.storage, w.storage, n, c, l, o, k, pad);
        return r;
    }

    /** dx (N, C, L) from dy (N, O, Lout) and w (O, C, K): linear in both, adjoint of conv1d. */
    static Tensor conv1dBackInput(Tensor dy, Tensor w, int l, int pad) {
        int n = dy.shape[0], o = dy.shape[1], c = w.shape[1], k = w.shape[2];
        Tensor r = result(Primitive.CONV1D_BACK_INPUT, new int[] {n, c, l}, new Tensor[] {dy, w}, (g, need) ->
                new Tensor[] {need[0] ? g.conv1d(w, pad) : null, need[1] ? g.conv1dBackWeight(dy, k, pad) : null});
        dy.storage.backend().conv1dBackwardInput(r.storage, dy.storage, w.storage, n, c, l, o, k, pad);
        return r;
    }

    /** dw (O, C, K) from x (N, C, L) and dy (N, O, Lout): sum_{n,t} dy[n,o,t] x[n,c,t+j-pad]. */
    static Tensor conv1dBackWeight(Tensor x, Tensor dy, int k, int pad) {
        int n = x.shape[0], c = x.shape[1], l = x.shape[2], o = dy.shape[1];
        Tensor r = result(Primitive.CONV1D_BACK_WEIGHT, new int[] {o, c, k}, new Tensor[] {x, dy}, (g, need) ->
                new Tensor[] {need[0] ? dy.conv1dBackInput(g, l, pad) : null, need[1] ? x.conv1d(g, pad) : null});
        x.storage.backend().conv1dBackwardWeight(r.storage, x.storage, dy.storage, n, c, l, o, k, pad);
        return r;
    }

    /**
     * out[r, j] = v[r, argmax of by over window j] (kernel 2, stride 2, floor). Linear in v; by only picks
     * the positions, so no gradient flows to it. The adjoint routes the gradient back to the picked positions.
     */
    static Tensor poolSelect(Tensor v, Tensor by) {
        int l = v.shape[v.shape.length - 1], rows = v.size / l;
        int[] out = v.shape.clone();
        out[out.length - 1] = l / 2;
        Tensor r = result(
                Primitive.POOL_SELECT, out, new Tensor[] {v}, (g, need) -> new Tensor[] {g.poolScatter(by, v.shape)});
        v.storage.backend().maxPoolSelect(r.storage, v.storage, by.storage, rows, l);
        return r;
    }

    /** The adjoint of poolSelect: g (R, L/2) placed at the argmax positions of by (R, L). */
    static Tensor poolScatter(Tensor g0, Tensor by, int[] fullShape) {
        int l = fullShape[fullShape.length - 1], rows = Shape.size(fullShape) / l;
        Tensor r = result(Primitive.POOL_SCATTER, fullShape.clone(), new Tensor[] {g0}, (g, need) ->
                new Tensor[] {g.poolSelect(by)});
        g0.storage.backend().maxPoolScatter(r.storage, g0.storage, by.storage, rows, l);
        return r;
    }

    /**
     * Per-sample cross-entropy of logits z (N, classes) against labels (N, class index as float):
     * l_i = logsumexp(z_i) - z_i[y_i], fused and stable. Its gradient, (softmax(z) - onehot(y)) g, is
     * written with differentiable ops so that the gradient itself can be differentiated.
     */
    static Tensor crossEntropy(Tensor z, Tensor labels) {
        int n = z.shape[0], classes = z.shape[1];
        Tensor r = result(Primitive.CROSS_ENTROPY, new int[] {n}, new Tensor[] {z}, (g, need) -> {
            Tensor p = Functional.softmax(z);
            return new Tensor[] {p.sub(Functional.oneHot(labels, classes)).mul(g.reshape(n, 1))};
        });
        z.storage.backend().softmaxCrossEntropy(r.storage, z.storage, labels.storage, n, classes);
        return r;
    }
}
