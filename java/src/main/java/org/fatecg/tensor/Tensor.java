package org.fatecg.tensor;

import java.util.Arrays;
import org.fatecg.backend.Backend;
import org.fatecg.backend.BinaryOp;
import org.fatecg.backend.Profiler;
import org.fatecg.backend.Storage;

/**
 * A float32 n-d array with reverse-mode autodiff, in the spirit of micrograd: every primitive builds its
 * output and, right under it, says how a gradient flows back to its inputs. Backward rules are written
 * with these same tensor operations, so running them with recording on yields a differentiable gradient
 * (double backpropagation comes for free).
 *
 * <p>The primitives are a small closed set, the constants of {@link Primitive}; every node records the
 * one that made it. This file holds the array and its graph node, creation and bookkeeping, and the
 * public methods; the primitives themselves live by family in {@link PointwisePrimitives},
 * {@link ShapePrimitives} and {@link LayerPrimitives}, each with its backward under its forward, and
 * the methods here only hand over to them. Everything else (softmax, losses, mean, linear layers) is composed in
 * {@link Functional}. Tensors are always contiguous and row-major; reshape shares the buffer. The
 * numbers live in a backend {@link Storage}.
 *
 * <p>What this is not: a general array library (no views with strides, no in-place autodiff, no dtype
 * other than float32).
 */
public final class Tensor {
    /** How a gradient g of the output flows to each parent; returns null where need[i] is false. */
    @FunctionalInterface
    interface BackwardRule {
        Tensor[] apply(Tensor g, boolean[] need);
    }

    final Storage storage;
    /** Not cloned inside the package: never written after construction. */
    final int[] shape;

    final int size;
    final Tensor[] parents;
    final BackwardRule rule;
    /** The primitive that made this tensor; null for a leaf (made from numbers, or detached). */
    final Primitive op;

    private boolean requiresGrad;

    private Tensor(Storage storage, int[] shape, Primitive op, Tensor[] parents, BackwardRule rule) {
        Profiler.produced(storage, op);
        this.storage = storage;
        this.shape = shape;
        this.size = Shape.size(shape);
        if (storage.size() < size)
            throw new IllegalArgumentException(
                    "storage of " + storage.size() + " floats for shape " + Arrays.toString(shape));
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
        return new Tensor(allocate(Shape.size(shape)), shape.clone(), null, null, null);
    }

    /** A fresh output of a primitive (shape is kept, not copied); the graph is recorded if needed. */
    static Tensor result(Primitive op, int[] shape, Tensor[] parents, BackwardRule rule) {
        return new Tensor(allocate(Shape.size(shape)), shape, op, parents, rule);
    }

    /** An output of a primitive that shares the buffer of an input (reshape). */
    static Tensor view(Storage storage, int[] shape, Primitive op, Tensor[] parents, BackwardRule rule) {
        return new Tensor(storage, shape, op, parents, rule);
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
        return new Tensor(storage, shape, null, null, null);
    }

    /** A fresh copy of the numbers, cut from the graph. */
    public Tensor copy() {
        Tensor t = empty(shape);
        storage.backend().copy(t.storage, 0, storage, 0, size);
        return t;
    }

    /** In place: this = src (same size); not recorded. For optimisers, attacks and weight loading. */
    public Tensor assign(Tensor src) {
        if (src.size != size)
            throw new IllegalArgumentException(
                    "assign " + Arrays.toString(src.shape) + " to " + Arrays.toString(shape));
        storage.backend().copy(storage, 0, src.storage, 0, size);
        return this;
    }

    /** In place: this += other (same size); not recorded. */
    public Tensor addInPlace(Tensor other) {
        if (other.size != size)
            throw new IllegalArgumentException(
                    "addInPlace " + Arrays.toString(other.shape) + " to " + Arrays.toString(shape));
        int[] st = Shape.contiguousStrides(shape);
        storage.backend().binary(storage, storage, st, other.storage, st, BinaryOp.ADD, shape);
        return this;
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape) + (op != null ? " (" + op + ")" : "");
    }

    // ---- pointwise (PointwisePrimitives) ------------------------------------------------------
    /** a + b with broadcasting. */
    public Tensor add(Tensor b) {
        return PointwisePrimitives.add(this, b);
    }

    public Tensor sub(Tensor b) {
        return PointwisePrimitives.sub(this, b);
    }

    public Tensor mul(Tensor b) {
        return PointwisePrimitives.mul(this, b);
    }

    public Tensor div(Tensor b) {
        return PointwisePrimitives.div(this, b);
    }

    /** 1 where this > b, else 0; a step function, so no gradient flows (as for ge and eq). */
    public Tensor gt(Tensor b) {
        return PointwisePrimitives.gt(this, b);
    }

    public Tensor ge(Tensor b) {
        return PointwisePrimitives.ge(this, b);
    }

    public Tensor eq(Tensor b) {
        return PointwisePrimitives.eq(this, b);
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

    public Tensor neg() {
        return PointwisePrimitives.neg(this);
    }

    public Tensor exp() {
        return PointwisePrimitives.exp(this);
    }

    public Tensor log() {
        return PointwisePrimitives.log(this);
    }

    public Tensor tanh() {
        return PointwisePrimitives.tanh(this);
    }

    /** atanh(x) = 0.5 log((1 + x) / (1 - x)); +-1 give +-infinity (CW's tanh box keeps them infinite). */
    public Tensor atanh() {
        return PointwisePrimitives.atanh(this);
    }

    public Tensor abs() {
        return PointwisePrimitives.abs(this);
    }

    /** sign(x) in {-1, 0, 1} (sign(0) = 0): piecewise constant, no gradient. */
    public Tensor sign() {
        return PointwisePrimitives.sign(this);
    }

    public Tensor relu() {
        return PointwisePrimitives.relu(this);
    }

    /** min(max(x, lo), hi); the gradient passes where lo <= x <= hi (as PyTorch's clamp). */
    public Tensor clamp(float lo, float hi) {
        return PointwisePrimitives.clamp(this, lo, hi);
    }

    // ---- shapes and reductions (ShapePrimitives) ----------------------------------------------
    /** Sums over broadcast dimensions so the result has the given shape (the adjoint of expand). */
    public Tensor sumTo(int... target) {
        return ShapePrimitives.sumTo(this, target);
    }

    /** Broadcasts to a larger shape (the adjoint of sumTo). */
    public Tensor expand(int... target) {
        return ShapePrimitives.expand(this, target);
    }

    /** Same buffer, new shape; -1 infers one dimension. */
    public Tensor reshape(int... newShape) {
        return ShapePrimitives.reshape(this, newShape);
    }

    /** Maximum along one dimension (kept as size 1). Ties share the gradient evenly, as PyTorch's amax. */
    public Tensor maxAlong(int dim) {
        return ShapePrimitives.maxAlong(this, dim);
    }

    /** Joins tensors along a dimension; the gradient is cut back into slices. */
    public static Tensor concat(int dim, Tensor... parts) {
        return ShapePrimitives.concat(dim, parts);
    }

    /** Elements [start, start+len) along a dimension; the gradient is padded back with zeros. */
    public Tensor slice(int dim, int start, int len) {
        return ShapePrimitives.slice(this, dim, start, len);
    }

    // ---- the fused layers (LayerPrimitives) -----------------------------------------------------
    /** op(a) op(b) for 2-d tensors, op = transpose where asked. */
    public Tensor matmul(Tensor b, boolean transA, boolean transB) {
        return LayerPrimitives.matmul(this, b, transA, transB);
    }

    /** y (N, O, Lout) = conv1d(x (N, C, L), w (O, C, K)), stride 1, zero padding. */
    public Tensor conv1d(Tensor w, int pad) {
        return LayerPrimitives.conv1d(this, w, pad);
    }

    /** dx (N, C, L) from this = dy (N, O, Lout) and w (O, C, K): the adjoint of conv1d in x. */
    public Tensor conv1dBackInput(Tensor w, int l, int pad) {
        return LayerPrimitives.conv1dBackInput(this, w, l, pad);
    }

    /** dw (O, C, K) from this = x (N, C, L) and dy (N, O, Lout): the adjoint of conv1d in w. */
    public Tensor conv1dBackWeight(Tensor dy, int k, int pad) {
        return LayerPrimitives.conv1dBackWeight(this, dy, k, pad);
    }

    /** Max pooling, kernel 2, stride 2, floor: poolSelect(x, by = x). */
    public Tensor maxPool2() {
        return poolSelect(this);
    }

    /** out[r, j] = this[r, argmax of by over window j]; no gradient flows to by. */
    public Tensor poolSelect(Tensor by) {
        return LayerPrimitives.poolSelect(this, by);
    }

    /** The adjoint of poolSelect: this (R, L/2) placed at the argmax positions of by (R, L). */
    public Tensor poolScatter(Tensor by, int[] fullShape) {
        return LayerPrimitives.poolScatter(this, by, fullShape);
    }

    /** Per-sample cross-entropy of logits (N, classes) against labels (N, class index as float). */
    public Tensor crossEntropy(Tensor labels) {
        return LayerPrimitives.crossEntropy(this, labels);
    }
}
