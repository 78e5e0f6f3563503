package org.fatecg.tensor;

import java.util.Arrays;
import org.fatecg.backend.Backend;
import org.fatecg.backend.BinaryOp;
import org.fatecg.backend.Storage;
import org.fatecg.backend.UnaryOp;

/**
 * A float32 n-d array with reverse-mode autodiff, in the spirit of micrograd: every primitive builds its
 * output and, right under it, says how a gradient flows back to its inputs. Backward rules are written
 * with these same tensor operations, so running them with recording on yields a differentiable gradient
 * (double backpropagation comes for free).
 *
 * <p>The primitives are a small closed set (listed in {@link #PRIMITIVES}); everything else (softmax,
 * losses, mean, linear layers) is composed in {@link Functional}. Tensors are always contiguous and
 * row-major; reshape shares the buffer. The numbers live in a backend {@link Storage}.
 *
 * <p>What this is not: a general array library (no views with strides, no in-place autodiff, no dtype
 * other than float32).
 */
public final class Tensor {
    /** The primitive operations, each with one backward rule; everything else is composed of them. */
    public static final String[] PRIMITIVES = {
        "add", "sub", "mul", "div", "neg", "exp", "log", "tanh", "abs", "sign", "relu", "clamp",
        "gt", "ge", "eq", "sumTo", "expand", "reshape", "matmul", "conv1d", "conv1dBackInput",
        "conv1dBackWeight", "poolSelect", "poolScatter", "concat", "slice", "maxAlong", "crossEntropy"
    };

    /** How a gradient g of the output flows to each parent; returns null where need[i] is false. */
    @FunctionalInterface
    interface BackwardRule {
        Tensor[] apply(Tensor g, boolean[] need);
    }

    private final Storage storage;
    private final int[] shape;
    private final int size;
    final Tensor[] parents;
    final BackwardRule rule;
    final String op;
    private boolean requiresGrad;
    /** Gradient accumulated by {@link Autograd#backward} for leaves that require it. */
    public Tensor grad;
    /** The buffer of a cleared gradient, reused by the next backward (a training loop allocates none). */
    Tensor spareGrad;

    private Tensor(Storage storage, int[] shape, String op, Tensor[] parents, BackwardRule rule) {
        this.storage = storage;
        this.shape = shape;
        this.size = Shape.size(shape);
        if (storage.size() < size) throw new IllegalArgumentException("storage of " + storage.size() + " floats for shape " + Arrays.toString(shape));
        boolean record = rule != null && Grad.enabled() && anyRequiresGrad(parents);
        this.op = op;
        this.parents = record ? parents : null;
        this.rule = record ? rule : null;
        this.requiresGrad = record;
    }

    private static boolean anyRequiresGrad(Tensor[] ts) {
        for (Tensor t : ts) if (t.requiresGrad) return true;
        return false;
    }

    // ---- creation ---------------------------------------------------------------------------
    static Storage allocate(int n) {
        Storage s = Engine.backend().allocate(n);
        Arena.track(s);
        return s;
    }

    /** Uninitialised tensor: every op that makes one writes all of it. */
    static Tensor empty(int... shape) {
        return new Tensor(allocate(Shape.size(shape)), shape.clone(), "empty", null, null);
    }

    private static Tensor result(String op, int[] shape, Tensor[] parents, BackwardRule rule) {
        return new Tensor(allocate(Shape.size(shape)), shape, op, parents, rule);
    }

    public static Tensor of(float[] data, int... shape) {
        if (data.length != Shape.size(shape))
            throw new IllegalArgumentException(data.length + " values do not fill shape " + Arrays.toString(shape));
        Tensor t = empty(shape);
        Backend b = t.storage.backend();
        Storage up = b.upload(data);
        b.copy(t.storage, 0, up, 0, data.length);
        return t;
    }

    public static Tensor full(float value, int... shape) {
        Tensor t = empty(shape);
        t.storage.backend().fill(t.storage, value);
        return t;
    }

    public static Tensor zeros(int... shape) {
        return full(0f, shape);
    }

    public static Tensor scalar(float value) {
        return full(value, new int[0]);
    }

    /** Uniform in [lo, hi), drawn on the host from the seeded source so that runs repeat exactly. */
    public static Tensor uniform(Rng rng, float lo, float hi, int... shape) {
        float[] v = new float[Shape.size(shape)];
        for (int i = 0; i < v.length; i++) v[i] = lo + (hi - lo) * rng.nextFloat();
        return of(v, shape);
    }

    // ---- accessors --------------------------------------------------------------------------
    public int[] shape() {
        return shape.clone();
    }

    public int dim(int i) {
        return shape[i < 0 ? shape.length + i : i];
    }

    public int rank() {
        return shape.length;
    }

    public int size() {
        return size;
    }

    public Storage storage() {
        return storage;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf (parameter or attacked input) as wanting gradients; returns this. */
    public Tensor requiresGrad(boolean on) {
        if (parents != null) throw new IllegalStateException("only leaves can change requiresGrad (op " + op + ")");
        requiresGrad = on;
        return this;
    }

    /** Drops the gradient (as PyTorch's zero_grad(set_to_none=True)), keeping its buffer for reuse. */
    public void clearGrad() {
        if (grad != null) spareGrad = grad;
        grad = null;
    }

    public boolean isLeaf() {
        return parents == null;
    }

    public float[] toArray() {
        float[] out = new float[size];
        if (size == storage.size()) {
            storage.backend().download(out, storage);
        } else {
            float[] all = new float[storage.size()];
            storage.backend().download(all, storage);
            System.arraycopy(all, 0, out, 0, size);
        }
        return out;
    }

    public float item() {
        if (size != 1) throw new IllegalStateException("item() of a tensor of shape " + Arrays.toString(shape));
        return toArray()[0];
    }

    /** The same numbers, cut from the graph. */
    public Tensor detach() {
        return new Tensor(storage, shape, "detach", null, null);
    }

    /** A fresh copy of the numbers, cut from the graph. */
    public Tensor copy() {
        Tensor t = empty(shape);
        storage.backend().copy(t.storage, 0, storage, 0, size);
        return t;
    }

    /** In place: this = src (same size); not recorded. For optimisers, attacks and weight loading. */
    public Tensor assign(Tensor src) {
        if (src.size != size) throw new IllegalArgumentException("assign " + Arrays.toString(src.shape) + " to " + Arrays.toString(shape));
        storage.backend().copy(storage, 0, src.storage, 0, size);
        return this;
    }

    /** In place: this += other (same size); not recorded. Accumulates gradients. */
    public Tensor addInPlace(Tensor other) {
        if (other.size != size) throw new IllegalArgumentException("addInPlace " + Arrays.toString(other.shape) + " to " + Arrays.toString(shape));
        int[] st = Shape.contiguousStrides(shape);
        storage.backend().binary(storage, storage, st, other.storage, st, BinaryOp.ADD, shape);
        return this;
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape) + (op != null ? " (" + op + ")" : "");
    }

    // ---- elementwise binary with broadcasting -----------------------------------------------
    private Tensor binary(Tensor b, BinaryOp kind, String name, BackwardRule rule) {
        int[] out = Shape.broadcast(shape, b.shape);
        Tensor r = result(name, out, new Tensor[] {this, b}, rule);
        storage.backend().binary(r.storage, storage, Shape.broadcastStrides(shape, out), b.storage,
                Shape.broadcastStrides(b.shape, out), kind, out);
        return r;
    }

    public Tensor add(Tensor b) {
        Tensor a = this;
        return binary(b, BinaryOp.ADD, "add", (g, need) -> new Tensor[] {
            need[0] ? g.sumTo(a.shape) : null,
            need[1] ? g.sumTo(b.shape) : null});
    }

    public Tensor sub(Tensor b) {
        Tensor a = this;
        return binary(b, BinaryOp.SUB, "sub", (g, need) -> new Tensor[] {
            need[0] ? g.sumTo(a.shape) : null,
            need[1] ? g.neg().sumTo(b.shape) : null});
    }

    public Tensor mul(Tensor b) {
        Tensor a = this;
        return binary(b, BinaryOp.MUL, "mul", (g, need) -> new Tensor[] {
            need[0] ? g.mul(b).sumTo(a.shape) : null,
            need[1] ? g.mul(a).sumTo(b.shape) : null});
    }

    /** d(a/b) = da / b - a db / b^2. */
    public Tensor div(Tensor b) {
        Tensor a = this;
        return binary(b, BinaryOp.DIV, "div", (g, need) -> new Tensor[] {
            need[0] ? g.div(b).sumTo(a.shape) : null,
            need[1] ? g.mul(a).div(b.mul(b)).neg().sumTo(b.shape) : null});
    }

    /** 1 where this > b, else 0; a step function, so no gradient flows. */
    public Tensor gt(Tensor b) {
        return binary(b, BinaryOp.GT, "gt", null);
    }

    public Tensor ge(Tensor b) {
        return binary(b, BinaryOp.GE, "ge", null);
    }

    public Tensor eq(Tensor b) {
        return binary(b, BinaryOp.EQ, "eq", null);
    }

    public Tensor add(float c) {
        return add(scalar(c));
    }

    public Tensor mul(float c) {
        return mul(scalar(c));
    }

    public Tensor sub(float c) {
        return sub(scalar(c));
    }

    public Tensor div(float c) {
        return div(scalar(c));
    }

    // ---- elementwise unary ------------------------------------------------------------------
    private Tensor unary(UnaryOp kind, String name, BackwardRule rule) {
        Tensor r = result(name, shape.clone(), new Tensor[] {this}, rule);
        storage.backend().unary(r.storage, storage, kind, size);
        return r;
    }

    public Tensor neg() {
        return unary(UnaryOp.NEG, "neg", (g, need) -> new Tensor[] {g.neg()});
    }

    public Tensor exp() {
        Tensor[] out = new Tensor[1];
        out[0] = unary(UnaryOp.EXP, "exp", (g, need) -> new Tensor[] {g.mul(out[0])});
        return out[0];
    }

    public Tensor log() {
        Tensor a = this;
        return unary(UnaryOp.LOG, "log", (g, need) -> new Tensor[] {g.div(a)});
    }

    /** d tanh = (1 - tanh^2). */
    public Tensor tanh() {
        Tensor[] out = new Tensor[1];
        out[0] = unary(UnaryOp.TANH, "tanh", (g, need) -> new Tensor[] {g.mul(scalar(1f).sub(out[0].mul(out[0])))});
        return out[0];
    }

    /** d|x| = sign(x) (0 at 0, as PyTorch). */
    public Tensor abs() {
        Tensor a = this;
        return unary(UnaryOp.ABS, "abs", (g, need) -> new Tensor[] {g.mul(a.sign())});
    }

    /** sign(x) in {-1, 0, 1}: piecewise constant, no gradient. */
    public Tensor sign() {
        return unary(UnaryOp.SIGN, "sign", null);
    }

    /** relu' = 1 where the output is positive: sign(relu(x)), itself gradient-free, so relu'' = 0. */
    public Tensor relu() {
        Tensor[] out = new Tensor[1];
        out[0] = unary(UnaryOp.RELU, "relu", (g, need) -> new Tensor[] {g.mul(out[0].sign())});
        return out[0];
    }

    /** Gradient passes where lo <= x <= hi (as PyTorch's clamp). */
    public Tensor clamp(float lo, float hi) {
        Tensor a = this;
        Tensor r = result("clamp", shape.clone(), new Tensor[] {this},
                (g, need) -> new Tensor[] {g.mul(a.ge(scalar(lo))).mul(scalar(hi).ge(a))});
        storage.backend().clamp(r.storage, storage, lo, hi, size);
        return r;
    }

    // ---- shapes and reductions --------------------------------------------------------------
    /** Sums over broadcast dimensions so the result has the given shape (the adjoint of expand). */
    public Tensor sumTo(int... target) {
        if (Arrays.equals(target, shape)) return this;
        Tensor a = this;
        Tensor r = result("sumTo", target.clone(), new Tensor[] {this}, (g, need) -> new Tensor[] {g.expand(a.shape)});
        storage.backend().sumTo(r.storage, Shape.reduceStrides(target, shape), r.size, storage, shape);
        return r;
    }

    /** Broadcasts to a larger shape (the adjoint of sumTo). */
    public Tensor expand(int... target) {
        if (Arrays.equals(target, shape)) return this;
        Tensor a = this;
        Tensor r = result("expand", target.clone(), new Tensor[] {this}, (g, need) -> new Tensor[] {g.sumTo(a.shape)});
        storage.backend().strided(r.storage, storage, 0, Shape.broadcastStrides(shape, target), target);
        return r;
    }

    /** Same buffer, new shape; -1 infers one dimension. */
    public Tensor reshape(int... newShape) {
        int[] s = Shape.infer(newShape, size);
        Tensor a = this;
        return new Tensor(storage, s, "reshape", new Tensor[] {this}, (g, need) -> new Tensor[] {g.reshape(a.shape)});
    }

    /** Maximum along one dimension (kept as size 1). Ties share the gradient evenly, as PyTorch's amax. */
    public Tensor maxAlong(int dim) {
        int d = dim < 0 ? shape.length + dim : dim;
        int outer = 1, inner = 1;
        for (int i = 0; i < d; i++) outer *= shape[i];
        for (int i = d + 1; i < shape.length; i++) inner *= shape[i];
        int[] out = shape.clone();
        out[d] = 1;
        Tensor a = this;
        Tensor[] res = new Tensor[1];
        res[0] = result("maxAlong", out, new Tensor[] {this}, (g, need) -> {
            Tensor hit = a.eq(res[0].detach());
            return new Tensor[] {g.expand(a.shape).mul(hit.div(hit.sumTo(out)))};
        });
        storage.backend().maxAxis(res[0].storage, storage, outer, shape[d], inner);
        return res[0];
    }

    /** Joins tensors along a dimension; the gradient is cut back into slices. */
    public static Tensor concat(int dim, Tensor... parts) {
        int[] out = parts[0].shape.clone();
        int d = dim < 0 ? out.length + dim : dim;
        out[d] = 0;
        for (Tensor p : parts) {
            if (p.rank() != out.length) throw new IllegalArgumentException("concat of ranks " + p.rank() + " and " + out.length);
            out[d] += p.shape[d];
        }
        int[] starts = new int[parts.length];
        for (int i = 1; i < parts.length; i++) starts[i] = starts[i - 1] + parts[i - 1].shape[d];
        Tensor r = result("concat", out, parts.clone(), (g, need) -> {
            Tensor[] gs = new Tensor[parts.length];
            for (int i = 0; i < parts.length; i++) if (need[i]) gs[i] = g.slice(d, starts[i], parts[i].shape[d]);
            return gs;
        });
        int outer = 1, inner = 1;
        for (int i = 0; i < d; i++) outer *= out[i];
        for (int i = d + 1; i < out.length; i++) inner *= out[i];
        Backend be = r.storage.backend();
        for (int i = 0; i < parts.length; i++) {
            int chunk = parts[i].shape[d] * inner;
            int[] strides = {chunk, 1};
            if (outer == 1) {
                be.copy(r.storage, starts[i] * inner, parts[i].storage, 0, chunk);
            } else {
                // rows of the part land at stride out[d]*inner in the result: copy row by row
                for (int o = 0; o < outer; o++)
                    be.copy(r.storage, o * out[d] * inner + starts[i] * inner, parts[i].storage, o * chunk, chunk);
            }
        }
        return r;
    }

    /** Elements [start, start+len) along a dimension; the gradient is padded back with zeros. */
    public Tensor slice(int dim, int start, int len) {
        int d = dim < 0 ? shape.length + dim : dim;
        if (start < 0 || len < 0 || start + len > shape[d])
            throw new IllegalArgumentException("slice [" + start + ", " + (start + len) + ") of dim " + d + " of size " + shape[d]);
        int[] out = shape.clone();
        out[d] = len;
        Tensor a = this;
        Tensor r = result("slice", out, new Tensor[] {this}, (g, need) -> {
            int[] before = a.shape.clone(), after = a.shape.clone();
            before[d] = start;
            after[d] = a.shape[d] - start - len;
            return new Tensor[] {concat(d, zeros(before), g, zeros(after))};
        });
        int inner = 1;
        for (int i = d + 1; i < shape.length; i++) inner *= shape[i];
        storage.backend().strided(r.storage, storage, start * inner, Shape.contiguousStrides(shape), out);
        return r;
    }

    // ---- the fused layers ---------------------------------------------------------------------
    /**
     * op(a) op(b) for 2-d tensors. With C = A B: dA = G B^T and dB = A^T G; the transposed forms follow
     * by transposing those identities, so every backward is again one matmul.
     */
    public Tensor matmul(Tensor b, boolean transA, boolean transB) {
        Tensor a = this;
        if (a.rank() != 2 || b.rank() != 2) throw new IllegalArgumentException("matmul needs 2-d tensors, got " + this + " and " + b);
        int m = transA ? a.shape[1] : a.shape[0], k = transA ? a.shape[0] : a.shape[1];
        int kb = transB ? b.shape[1] : b.shape[0], n = transB ? b.shape[0] : b.shape[1];
        if (k != kb) throw new IllegalArgumentException("matmul inner sizes differ: " + this + (transA ? "^T" : "") + " x " + b + (transB ? "^T" : ""));
        Tensor r = result("matmul", new int[] {m, n}, new Tensor[] {a, b}, (g, need) -> {
            Tensor ga = null, gb = null;
            if (need[0]) ga = transA ? (transB ? b.matmul(g, true, true) : b.matmul(g, false, true))
                                     : (transB ? g.matmul(b, false, false) : g.matmul(b, false, true));
            if (need[1]) gb = transB ? (transA ? g.matmul(a, true, true) : g.matmul(a, true, false))
                                     : (transA ? a.matmul(g, false, false) : a.matmul(g, true, false));
            return new Tensor[] {ga, gb};
        });
        storage.backend().gemm(r.storage, a.storage, b.storage, transA, transB, m, n, k, 1f, 0f);
        return r;
    }

    /**
     * y (N, O, Lout) = conv1d(x (N, C, L), w (O, C, K)), stride 1, zero padding. The input gradient is a
     * transposed convolution and the weight gradient a correlation of x with g; those two are primitives
     * too, and the three close under differentiation.
     */
    public Tensor conv1d(Tensor w, int pad) {
        Tensor x = this;
        int n = x.shape[0], c = x.shape[1], l = x.shape[2], o = w.shape[0], k = w.shape[2];
        if (w.shape[1] != c) throw new IllegalArgumentException("conv1d weight " + w + " does not fit input " + x);
        int lo = l + 2 * pad - k + 1;
        Tensor r = result("conv1d", new int[] {n, o, lo}, new Tensor[] {x, w}, (g, need) -> new Tensor[] {
            need[0] ? g.conv1dBackInput(w, l, pad) : null,
            need[1] ? x.conv1dBackWeight(g, k, pad) : null});
        storage.backend().conv1dForward(r.storage, x.storage, w.storage, n, c, l, o, k, pad);
        return r;
    }

    /** dx (N, C, L) from this = dy (N, O, Lout) and w (O, C, K): linear in both, adjoint of conv1d. */
    public Tensor conv1dBackInput(Tensor w, int l, int pad) {
        Tensor dy = this;
        int n = dy.shape[0], o = dy.shape[1], c = w.shape[1], k = w.shape[2];
        Tensor r = result("conv1dBackInput", new int[] {n, c, l}, new Tensor[] {dy, w}, (g, need) -> new Tensor[] {
            need[0] ? g.conv1d(w, pad) : null,
            need[1] ? g.conv1dBackWeight(dy, k, pad) : null});
        storage.backend().conv1dBackwardInput(r.storage, dy.storage, w.storage, n, c, l, o, k, pad);
        return r;
    }

    /** dw (O, C, K) from this = x (N, C, L) and dy (N, O, Lout): sum_{n,t} dy[n,o,t] x[n,c,t+j-pad]. */
    public Tensor conv1dBackWeight(Tensor dy, int k, int pad) {
        Tensor x = this;
        int n = x.shape[0], c = x.shape[1], l = x.shape[2], o = dy.shape[1];
        Tensor r = result("conv1dBackWeight", new int[] {o, c, k}, new Tensor[] {x, dy}, (g, need) -> new Tensor[] {
            need[0] ? dy.conv1dBackInput(g, l, pad) : null,
            need[1] ? x.conv1d(g, pad) : null});
        storage.backend().conv1dBackwardWeight(r.storage, x.storage, dy.storage, n, c, l, o, k, pad);
        return r;
    }

    /** Max pooling, kernel 2, stride 2, floor: poolSelect(x, by = x). */
    public Tensor maxPool2() {
        return poolSelect(this);
    }

    /**
     * out[r, j] = this[r, argmax of by over window j]. Linear in this; by only picks the positions, so no
     * gradient flows to it. The adjoint routes the gradient back to the picked positions.
     */
    public Tensor poolSelect(Tensor by) {
        int l = shape[shape.length - 1], rows = size / l;
        int[] out = shape.clone();
        out[out.length - 1] = l / 2;
        Tensor v = this;
        Tensor r = result("poolSelect", out, new Tensor[] {v}, (g, need) -> new Tensor[] {g.poolScatter(by, v.shape)});
        storage.backend().maxPoolSelect(r.storage, storage, by.storage, rows, l);
        return r;
    }

    /** The adjoint of poolSelect: this (R, L/2) placed at the argmax positions of by (R, L). */
    public Tensor poolScatter(Tensor by, int[] fullShape) {
        int l = fullShape[fullShape.length - 1], rows = Shape.size(fullShape) / l;
        Tensor r = result("poolScatter", fullShape.clone(), new Tensor[] {this}, (g, need) -> new Tensor[] {g.poolSelect(by)});
        storage.backend().maxPoolScatter(r.storage, storage, by.storage, rows, l);
        return r;
    }

    /**
     * Per-sample cross-entropy of logits (N, classes) against labels (N, class index as float):
     * l_i = logsumexp(z_i) - z_i[y_i], fused and stable. Its gradient, (softmax(z) - onehot(y)) g, is
     * written with differentiable ops so that the gradient itself can be differentiated.
     */
    public Tensor crossEntropy(Tensor labels) {
        Tensor z = this;
        int n = shape[0], classes = shape[1];
        Tensor r = result("crossEntropy", new int[] {n}, new Tensor[] {z}, (g, need) -> {
            Tensor p = Functional.softmax(z);
            return new Tensor[] {p.sub(Functional.oneHot(labels, classes)).mul(g.reshape(n, 1))};
        });
        storage.backend().softmaxCrossEntropy(r.storage, storage, labels.storage, n, classes);
        return r;
    }
}
