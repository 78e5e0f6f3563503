package org.fatecg.tensor;

import static org.fatecg.tensor.Tensor.result;
import static org.fatecg.tensor.Tensor.scalar;

import org.fatecg.backend.BinaryOp;
import org.fatecg.backend.UnaryOp;

/**
 * The pointwise primitives of {@link Tensor}: binary ones with broadcasting, unary ones and clamp. Each
 * builds its output with one backend kernel and, right under it, returns its backward rule written in
 * tensor operations (so the gradient is itself differentiable). The comparisons and sign are step
 * functions: they record no graph.
 */
final class PointwisePrimitives {
    private PointwisePrimitives() {}

    // ---- binary, with broadcasting --------------------------------------------------------------
    private static Tensor binary(Tensor a, Tensor b, BinaryOp kind, Primitive op, Tensor.BackwardRule rule) {
        int[] out = Shape.broadcast(a.shape, b.shape);
        Tensor r = result(op, out, new Tensor[] {a, b}, rule);
        a.storage
                .backend()
                .binary(
                        r.storage,
                        a.storage,
                        Shape.broadcastStrides(a.shape, out),
                        b.storage,
                        Shape.broadcastStrides(b.shape, out),
                        kind,
                        out);
        return r;
    }

    static Tensor add(Tensor a, Tensor b) {
        return binary(a, b, BinaryOp.ADD, Primitive.ADD, (g, need) ->
                new Tensor[] {need[0] ? g.sumTo(a.shape) : null, need[1] ? g.sumTo(b.shape) : null});
    }

    static Tensor sub(Tensor a, Tensor b) {
        return binary(a, b, BinaryOp.SUB, Primitive.SUB, (g, need) -> new Tensor[] {
            need[0] ? g.sumTo(a.shape) : null, need[1] ? g.neg().sumTo(b.shape) : null
        });
    }

    static Tensor mul(Tensor a, Tensor b) {
        return binary(a, b, BinaryOp.MUL, Primitive.MUL, (g, need) -> new Tensor[] {
            need[0] ? g.mul(b).sumTo(a.shape) : null, need[1] ? g.mul(a).sumTo(b.shape) : null
        });
    }

    /** d(a/b) = da / b - a db / b^2. */
    static Tensor div(Tensor a, Tensor b) {
        return binary(a, b, BinaryOp.DIV, Primitive.DIV, (g, need) -> new Tensor[] {
            need[0] ? g.div(b).sumTo(a.shape) : null,
            need[1] ? g.mul(a).div(b.mul(b)).neg().sumTo(b.shape) : null
        });
    }

    /** 1 where a > b, else 0; a step function, so no gradient flows (as for ge and eq). */
    static Tensor gt(Tensor a, Tensor b) {
        return binary(a, b, BinaryOp.GT, Primitive.GT, null);
    }

    static Tensor ge(Tensor a, Tensor b) {
        return binary(a, b, BinaryOp.GE, Primitive.GE, null);
    }

    static Tensor eq(Tensor a, Tensor b) {
        return binary(a, b, BinaryOp.EQ, Primitive.EQ, null);
    }

    // ---- unary ----------------------------------------------------------------------------------
    private static Tensor unary(Tensor a, UnaryOp kind, Primitive op, Tensor.BackwardRule rule) {
        Tensor r = result(op, a.shape.clone(), new Tensor[] {a}, rule);
        a.storage.backend().unary(r.storage, a.storage, kind, a.size);
        return r;
    }

    static Tensor neg(Tensor a) {
        return unary(a, UnaryOp.NEG, Primitive.NEG, (g, need) -> new Tensor[] {g.neg()});
    }

    static Tensor exp(Tensor a) {
        Tensor[] out = new Tensor[1];
        out[0] = unary(a, UnaryOp.EXP, Primitive.EXP, (g, need) -> new Tensor[] {g.mul(out[0])});
        return out[0];
    }

    static Tensor log(Tensor a) {
        return unary(a, UnaryOp.LOG, Primitive.LOG, (g, need) -> new Tensor[] {g.div(a)});
    }

    /** d tanh = (1 - tanh^2). */
    static Tensor tanh(Tensor a) {
        Tensor[] out = new Tensor[1];
        out[0] = unary(a, UnaryOp.TANH, Primitive.TANH, (g, need) ->
                new Tensor[] {g.mul(scalar(1f).sub(out[0].mul(out[0])))});
        return out[0];
    }

    /** d atanh = 1 / (1 - x^2). */
    static Tensor atanh(Tensor a) {
        return unary(a, UnaryOp.ATANH, Primitive.ATANH, (g, need) ->
                new Tensor[] {g.div(scalar(1f).sub(a.mul(a)))});
    }

    /** d|x| = sign(x) (0 at 0, as PyTorch). */
    static Tensor abs(Tensor a) {
        return unary(a, UnaryOp.ABS, Primitive.ABS, (g, need) -> new Tensor[] {g.mul(a.sign())});
    }

    /** sign(x) in {-1, 0, 1}: piecewise constant, no gradient. */
    static Tensor sign(Tensor a) {
        return unary(a, UnaryOp.SIGN, Primitive.SIGN, null);
    }

    /** relu' = 1 where the output is positive: sign(relu(x)), itself gradient-free, so relu'' = 0. */
    static Tensor relu(Tensor a) {
        Tensor[] out = new Tensor[1];
        out[0] = unary(a, UnaryOp.RELU, Primitive.RELU, (g, need) -> new Tensor[] {g.mul(out[0].sign())});
        return out[0];
    }

    /** Gradient passes where lo <= x <= hi (as PyTorch's clamp). */
    static Tensor clamp(Tensor a, float lo, float hi) {
        Tensor r = result(Primitive.CLAMP, a.shape.clone(), new Tensor[] {a}, (g, need) ->
                new Tensor[] {g.mul(a.ge(scalar(lo))).mul(scalar(hi).ge(a))});
        a.storage.backend().clamp(r.storage, a.storage, lo, hi, a.size);
        return r;
    }
}
