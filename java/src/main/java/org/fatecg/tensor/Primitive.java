package org.fatecg.tensor;

/**
 * The closed set of primitive operations that {@link Tensor} builds its graph from, as tinygrad keeps
 * one: every node records the constant of the primitive that made it, each primitive has exactly one
 * backward rule (written beside its forward, in these same primitives), and the gradient check walks
 * {@link #values()}, so a primitive added here without a first- and a second-order check fails the
 * tests. Everything else (softmax, losses, mean, layers) is composed in {@link Functional}.
 *
 * <p>Where they live: the pointwise ones in {@link PointwisePrimitives}, the shape ones in {@link ShapePrimitives},
 * the fused layers in {@link LayerPrimitives}.
 */
public enum Primitive {
    ADD,
    SUB,
    MUL,
    DIV,
    NEG,
    EXP,
    LOG,
    TANH,
    /** atanh(x) = 0.5 log((1 + x) / (1 - x)); CW's change of variables. */
    ATANH,
    ABS,
    /** sign(x) in {-1, 0, 1}: piecewise constant, no gradient. */
    SIGN(false),
    RELU,
    CLAMP,
    /** Comparisons give 1 or 0: step functions, no gradient. */
    GT(false),
    GE(false),
    EQ(false),
    SUM_TO,
    EXPAND,
    RESHAPE,
    MATMUL,
    CONV1D,
    CONV1D_BACK_INPUT,
    CONV1D_BACK_WEIGHT,
    POOL_SELECT,
    POOL_SCATTER,
    CONCAT,
    SLICE,
    MAX_ALONG,
    CROSS_ENTROPY;

    private final boolean differentiable;

    Primitive() {
        this(true);
    }

    Primitive(boolean differentiable) {
        this.differentiable = differentiable;
    }

    /** False for the piecewise-constant primitives, which record no graph (their derivative is 0). */
    public boolean differentiable() {
        return differentiable;
    }
}
