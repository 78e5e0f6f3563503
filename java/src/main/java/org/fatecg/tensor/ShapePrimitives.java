package org.fatecg.tensor;

import static org.fatecg.tensor.Tensor.result;
import static org.fatecg.tensor.Tensor.zeros;

import java.util.Arrays;
import org.fatecg.backend.Backend;

/**
 * The shape primitives of {@link Tensor}: sumTo and expand (each the other's adjoint), reshape, maxAlong,
 * concat and slice (each the other's adjoint). Each returns its output with its backward rule right
 * under the forward, written in tensor operations.
 */
final class ShapePrimitives {
    private ShapePrimitives() {}

    /** Sums over broadcast dimensions so the result has the given shape (the adjoint of expand). */
    static Tensor sumTo(Tensor a, int... target) {
        if (Arrays.equals(target, a.shape)) return a;
        Tensor r = result(
                Primitive.SUM_TO, target.clone(), new Tensor[] {a}, (g, need) -> new Tensor[] {g.expand(a.shape)});
        a.storage.backend().sumTo(r.storage, Shape.reduceStrides(target, a.shape), r.size, a.storage, a.shape);
        return r;
    }

    /** Broadcasts to a larger shape (the adjoint of sumTo). */
    static Tensor expand(Tensor a, int... target) {
        if (Arrays.equals(target, a.shape)) return a;
        Tensor r = result(
                Primitive.EXPAND, target.clone(), new Tensor[] {a}, (g, need) -> new Tensor[] {g.sumTo(a.shape)});
        a.storage.backend().strided(r.storage, a.storage, 0, Shape.broadcastStrides(a.shape, target), target);
        return r;
    }

    /** Same buffer, new shape; -1 infers one dimension. */
    static Tensor reshape(Tensor a, int... newShape) {
        int[] s = Shape.infer(newShape, a.size);
        return Tensor.view(
                a.storage, s, Primitive.RESHAPE, new Tensor[] {a}, (g, need) -> new Tensor[] {g.reshape(a.shape)});
    }

    /** Maximum along one dimension (kept as size 1). Ties share the gradient evenly, as PyTorch's amax. */
    static Tensor maxAlong(Tensor a, int dim) {
        int[] shape = a.shape;
        int d = dim < 0 ? shape.length + dim : dim;
        int outer = 1, inner = 1;
        for (int i = 0; i < d; i++) outer *= shape[i];
        for (int i = d + 1; i < shape.length; i++) inner *= shape[i];
        int[] out = shape.clone();
        out[d] = 1;
        Tensor[] res = new Tensor[1];
        res[0] = result(Primitive.MAX_ALONG, out, new Tensor[] {a}, (g, need) -> {
            Tensor hit = a.eq(res[0].detach());
            return new Tensor[] {g.expand(a.shape).mul(hit.div(hit.sumTo(out)))};
        });
        a.storage.backend().maxAxis(res[0].storage, a.storage, outer, shape[d], inner);
        return res[0];
    }

    /** Joins tensors along a dimension; the gradient is cut back into slices. */
    static Tensor concat(int dim, Tensor... parts) {
        int[] out = parts[0].shape.clone();
        int d = dim < 0 ? out.length + dim : dim;
        out[d] = 0;
        for (Tensor p : parts) {
            if (p.rank() != out.length)
                throw new IllegalArgumentException("concat of ranks " + p.rank() + " and " + out.length);
            out[d] += p.shape[d];
        }
        int[] starts = new int[parts.length];
        for (int i = 1; i < parts.length; i++) starts[i] = starts[i - 1] + parts[i - 1].shape[d];
        Tensor r = result(Primitive.CONCAT, out, parts.clone(), (g, need) -> {
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
    static Tensor slice(Tensor a, int dim, int start, int len) {
        int[] shape = a.shape;
        int d = dim < 0 ? shape.length + dim : dim;
        if (start < 0 || len < 0 || start + len > shape[d])
            throw new IllegalArgumentException(
                    "slice [" + start + ", " + (start + len) + ") of dim " + d + " of size " + shape[d]);
        int[] out = shape.clone();
        out[d] = len;
        Tensor r = result(Primitive.SLICE, out, new Tensor[] {a}, (g, need) -> {
            int[] before = a.shape.clone(), after = a.shape.clone();
            before[d] = start;
            after[d] = a.shape[d] - start - len;
            return new Tensor[] {concat(d, zeros(before), g, zeros(after))};
        });
        int inner = 1;
        for (int i = d + 1; i < shape.length; i++) inner *= shape[i];
        a.storage.backend().strided(r.storage, a.storage, start * inner, Shape.contiguousStrides(shape), out);
        return r;
    }
}
