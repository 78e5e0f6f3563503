package org.fatecg.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.fatecg.backend.BinaryOp;
import org.fatecg.backend.UnaryOp;

/**
 * Vectorised elementwise loops over [from, to). Each has the scalar definition as its tail loop, so the
 * vector body and the reference are the same function of the inputs. Transcendentals (exp, log, tanh)
 * stay scalar: they are off the hot path and must match java.lang.Math.
 */
final class Elementwise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int W = S.length();

    private Elementwise() {}

    static void unary(float[] o, float[] x, UnaryOp op, int from, int to) {
        int i = from;
        int bound = from + S.loopBound(to - from);
        switch (op) {
            case RELU:
                for (; i < bound; i += W) FloatVector.fromArray(S, x, i).max(0f).intoArray(o, i);
                break;
            case ABS:
                for (; i < bound; i += W) FloatVector.fromArray(S, x, i).abs().intoArray(o, i);
                break;
            case NEG:
                for (; i < bound; i += W) FloatVector.fromArray(S, x, i).neg().intoArray(o, i);
                break;
            case SIGN:
                for (; i < bound; i += W) {
                    FloatVector v = FloatVector.fromArray(S, x, i);
                    FloatVector pos = FloatVector.zero(S).blend(1f, v.compare(VectorOperators.GT, 0f));
                    pos.blend(-1f, v.compare(VectorOperators.LT, 0f)).intoArray(o, i);
                }
                break;
            default:
                break;
        }
        for (; i < to; i++) o[i] = op.apply(x[i]);
    }

    static void clamp(float[] o, float[] x, float lo, float hi, int from, int to) {
        int i = from;
        int bound = from + S.loopBound(to - from);
        for (; i < bound; i += W) FloatVector.fromArray(S, x, i).max(lo).min(hi).intoArray(o, i);
        for (; i < to; i++) o[i] = Math.min(Math.max(x[i], lo), hi);
    }

    /**
     * One row of a broadcast binary op: o[oOff + i] = op(x[xOff + i*sx], y[yOff + i*sy]).
     *
     * <p>The operator is switched on once, outside the loop, and each loop names its vector operation as
     * a constant: the JIT only turns Vector API calls into instructions when it can see the operation and
     * no vector value is merged with null; otherwise every vector is boxed on the heap (measured: 5 MB of
     * garbage per PGD step before this was written so).
     */
    static void binaryRow(
            float[] o, int oOff, float[] x, int xOff, int sx, float[] y, int yOff, int sy, BinaryOp op, int n) {
        int i = 0;
        if (sx >= 0 && sx <= 1 && sy >= 0 && sy <= 1 && n >= W) {
            int bound = S.loopBound(n);
            switch (op) {
                case ADD:
                    for (; i < bound; i += W)
                        load(x, xOff, sx, i).add(load(y, yOff, sy, i)).intoArray(o, oOff + i);
                    break;
                case SUB:
                    for (; i < bound; i += W)
                        load(x, xOff, sx, i).sub(load(y, yOff, sy, i)).intoArray(o, oOff + i);
                    break;
                case MUL:
                    for (; i < bound; i += W)
                        load(x, xOff, sx, i).mul(load(y, yOff, sy, i)).intoArray(o, oOff + i);
                    break;
                case DIV:
                    for (; i < bound; i += W)
                        load(x, xOff, sx, i).div(load(y, yOff, sy, i)).intoArray(o, oOff + i);
                    break;
                default:
                    break; // comparisons: scalar below (off the hot path)
            }
        }
        for (; i < n; i++) o[oOff + i] = op.apply(x[xOff + i * sx], y[yOff + i * sy]);
    }

    /** W lanes of a (stride 1) or a[off] in every lane (stride 0). */
    private static FloatVector load(float[] a, int off, int stride, int i) {
        return stride == 0 ? FloatVector.broadcast(S, a[off]) : FloatVector.fromArray(S, a, off + i);
    }

    /**
     * Sum of x[off .. off+n) in a fixed order (vector lanes, then lanes added left to right). The lanes
     * are added here, not by reduceLanes(ADD), whose order of float additions is unspecified: it differs
     * between JDK versions and between the JIT's intrinsic and the interpreter's fallback, which would
     * make a sum depend on when the method was compiled.
     */
    static float sum(float[] x, int off, int n) {
        int i = 0;
        float s = 0f;
        if (n >= W) {
            FloatVector acc = FloatVector.zero(S);
            int bound = S.loopBound(n);
            for (; i < bound; i += W) acc = acc.add(FloatVector.fromArray(S, x, off + i));
            for (int lane = 0; lane < W; lane++) s += acc.lane(lane);
        }
        for (; i < n; i++) s += x[off + i];
        return s;
    }

    static void addInto(float[] o, int oOff, float[] x, int xOff, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += W)
            FloatVector.fromArray(S, o, oOff + i)
                    .add(FloatVector.fromArray(S, x, xOff + i))
                    .intoArray(o, oOff + i);
        for (; i < n; i++) o[oOff + i] += x[xOff + i];
    }

    static void signStep(
            float[] o,
            float[] xa,
            float[] g,
            float[] x0,
            float alpha,
            float eps,
            float lo,
            float hi,
            boolean clipForm,
            int from,
            int to) {
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float step = gi > 0 ? alpha : (gi < 0 ? -alpha : 0f);
            float moved = xa[i] + step;
            float x = x0[i];
            if (clipForm) {
                float lower = Math.max(x - eps, lo);
                float v = Math.max(moved, lower);
                v = Math.min(v, x + eps);
                o[i] = Math.min(v, hi);
            } else {
                float delta = Math.min(Math.max(moved - x, -eps), eps);
                o[i] = Math.min(Math.max(x + delta, lo), hi);
            }
        }
    }

    /** PyTorch's Adam update, in its operation order (see Backend.adamStep). */
    static void adam(
            float[] p,
            float[] g,
            float[] m,
            float[] v,
            float lr,
            float b1,
            float b2,
            float eps,
            float bc1,
            float bc2,
            int from,
            int to) {
        float stepSize = lr / bc1;
        float bc2Sqrt = (float) Math.sqrt(bc2);
        for (int i = from; i < to; i++) {
            float gi = g[i];
            m[i] = m[i] * b1 + gi * (1 - b1);
            v[i] = v[i] * b2 + gi * gi * (1 - b2);
            float denom = (float) Math.sqrt(v[i]) / bc2Sqrt + eps;
            p[i] = p[i] - stepSize * (m[i] / denom);
        }
    }
}
