package org.fatecg.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.fatecg.backend.Parallel;

/**
 * Max pooling with kernel 2 and stride 2, vectorised. A window is a pair (x[2j], x[2j+1]); the second
 * element wins when it is larger, or when it is NaN and the first is not (NaN propagates, and ties go
 * to the first index, as in PyTorch).
 *
 * <p>Vector form: two loads hold W pairs; single-input lane shuffles plus a blend split them into the
 * W first and the W second elements; a compare gives the winner mask. A scalar branch per window
 * mispredicts on noisy signals and was measured 8x slower. When L is even, pairs never straddle rows,
 * so all rows are one flat loop; odd L drops each row's last sample and goes row by row.
 */
final class MaxPool {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int W = S.length();
    private static final VectorShuffle<Float> FIRSTS, SECONDS, SPREAD_LOW, SPREAD_HIGH;
    private static final VectorMask<Float> HIGH_HALF, ODD_LANES;

    static {
        int[] first = new int[W], second = new int[W], spreadLow = new int[W], spreadHigh = new int[W];
        boolean[] high = new boolean[W], odd = new boolean[W];
        for (int i = 0; i < W; i++) {
            first[i] = (2 * i) % W;
            second[i] = (2 * i + 1) % W;
            spreadLow[i] = i / 2;
            spreadHigh[i] = W / 2 + i / 2;
            high[i] = i >= W / 2;
            odd[i] = (i & 1) == 1;
        }
        FIRSTS = VectorShuffle.fromArray(S, first, 0);
        SECONDS = VectorShuffle.fromArray(S, second, 0);
        SPREAD_LOW = VectorShuffle.fromArray(S, spreadLow, 0);
        SPREAD_HIGH = VectorShuffle.fromArray(S, spreadHigh, 0);
        HIGH_HALF = VectorMask.fromArray(S, high, 0);
        ODD_LANES = VectorMask.fromArray(S, odd, 0);
    }

    private MaxPool() {}

    private static boolean secondWins(float a, float b) {
        return b > a || (b != b && a == a);
    }

    /** The first elements of the W pairs held in (lo, hi). */
    private static FloatVector firsts(FloatVector lo, FloatVector hi) {
        return lo.rearrange(FIRSTS).blend(hi.rearrange(FIRSTS), HIGH_HALF);
    }

    private static FloatVector seconds(FloatVector lo, FloatVector hi) {
        return lo.rearrange(SECONDS).blend(hi.rearrange(SECONDS), HIGH_HALF);
    }

    /**
     * True when a lane holds a NaN (or +inf beside -inf): then the caller takes the scalar rule for these
     * pairs. Java 17's JIT does not compile mask logic (or, andNot, IS_NAN tests) to instructions and
     * boxes instead, so the vector path uses one compare and keeps NaN handling out of it.
     */
    private static boolean anyNaN(FloatVector a, FloatVector b) {
        return Float.isNaN(a.add(b).reduceLanes(VectorOperators.ADD));
    }

    /** out (R, L/2) = v at the argmax of each window of x (R, L). */
    static void select(Parallel par, float[] out, float[] v, float[] x, int rows, int l) {
        int lo = l / 2;
        if ((l & 1) == 0) {
            int pairs = rows * lo;
            par.forRange(pairs, 4096, (p0, p1) -> selectPairs(out, v, x, 0, 0, p0, p1));
        } else {
            par.forRange(rows, Math.max(1, 4096 / Math.max(1, lo)), (r0, r1) -> {
                for (int r = r0; r < r1; r++) selectPairs(out, v, x, r * l, r * lo, 0, lo);
            });
        }
    }

    /** Pairs [p0, p1) of a run starting at x[xBase], out[oBase]. */
    static void selectPairs(float[] out, float[] v, float[] x, int xBase, int oBase, int p0, int p1) {
        int p = p0;
        boolean same = v == x;
        for (; p + W <= p1; p += W) {
            int i = xBase + 2 * p;
            FloatVector xl = FloatVector.fromArray(S, x, i), xh = FloatVector.fromArray(S, x, i + W);
            FloatVector a = firsts(xl, xh), b = seconds(xl, xh);
            if (anyNaN(a, b)) {
                for (int q = p; q < p + W; q++) {
                    int iq = xBase + 2 * q;
                    out[oBase + q] = secondWins(x[iq], x[iq + 1]) ? v[iq + 1] : v[iq];
                }
                continue;
            }
            VectorMask<Float> second = b.compare(VectorOperators.GT, a);
            if (same) {
                a.blend(b, second).intoArray(out, oBase + p);
            } else {
                FloatVector vl = FloatVector.fromArray(S, v, i), vh = FloatVector.fromArray(S, v, i + W);
                firsts(vl, vh).blend(seconds(vl, vh), second).intoArray(out, oBase + p);
            }
        }
        for (; p < p1; p++) {
            int i = xBase + 2 * p;
            out[oBase + p] = secondWins(x[i], x[i + 1]) ? v[i + 1] : v[i];
        }
    }

    /** dx (R, L): g (R, L/2) placed at each window's argmax of x, zero elsewhere (and at an odd tail). */
    static void scatter(Parallel par, float[] dx, float[] g, float[] x, int rows, int l) {
        int lo = l / 2;
        if ((l & 1) == 0) {
            par.forRange(rows * lo, 4096, (p0, p1) -> scatterPairs(dx, g, x, 0, 0, p0, p1));
        } else {
            par.forRange(rows, Math.max(1, 4096 / Math.max(1, lo)), (r0, r1) -> {
                for (int r = r0; r < r1; r++) {
                    scatterPairs(dx, g, x, r * l, r * lo, 0, lo);
                    dx[r * l + l - 1] = 0f;
                }
            });
        }
    }

    private static void scatterPairs(float[] dx, float[] g, float[] x, int xBase, int gBase, int p0, int p1) {
        int p = p0;
        FloatVector zero = FloatVector.zero(S);
        for (; p + W <= p1; p += W) {
            int i = xBase + 2 * p;
            FloatVector xl = FloatVector.fromArray(S, x, i), xh = FloatVector.fromArray(S, x, i + W);
            FloatVector a = firsts(xl, xh), b = seconds(xl, xh);
            if (anyNaN(a, b)) {
                for (int q = p; q < p + W; q++) {
                    int iq = xBase + 2 * q;
                    boolean s2 = secondWins(x[iq], x[iq + 1]);
                    dx[iq] = s2 ? 0f : g[gBase + q];
                    dx[iq + 1] = s2 ? g[gBase + q] : 0f;
                }
                continue;
            }
            VectorMask<Float> second = b.compare(VectorOperators.GT, a);
            FloatVector gv = FloatVector.fromArray(S, g, gBase + p);
            FloatVector atFirst = gv.blend(zero, second), atSecond = zero.blend(gv, second);
            // interleave (atFirst[0], atSecond[0], atFirst[1], ...) back into pair order
            atFirst.rearrange(SPREAD_LOW)
                    .blend(atSecond.rearrange(SPREAD_LOW), ODD_LANES)
                    .intoArray(dx, i);
            atFirst.rearrange(SPREAD_HIGH)
                    .blend(atSecond.rearrange(SPREAD_HIGH), ODD_LANES)
                    .intoArray(dx, i + W);
        }
        for (; p < p1; p++) {
            int i = xBase + 2 * p;
            boolean s = secondWins(x[i], x[i + 1]);
            dx[i] = s ? 0f : g[gBase + p];
            dx[i + 1] = s ? g[gBase + p] : 0f;
        }
    }
}
