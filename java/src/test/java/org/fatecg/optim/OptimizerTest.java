package org.fatecg.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.fatecg.Close;
import org.fatecg.nn.Parameter;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The optimisers against their update rules computed by hand in double (PyTorch 1.13's formulas, with
 * bias correction and a per-parameter step count), two steps each; reset() must give exactly what a fresh
 * optimiser gives. Gradients are handed in by hand, so only the update is under test.
 *
 * <p>Tolerance 2e-7 absolute on parameters of size <= 2 (a few float32 ulps) and 1e-6 relative.
 */
class OptimizerTest {
    static final float LR = 0.1f, B1 = 0.9f, B2 = 0.999f, EPS = 1e-8f;
    static final float[] P0 = {0.5f, -1f, 2f, 0.25f, -0.75f};
    /** Per step; the zero entry checks m = 0 gives no move (0 / (0 + eps) = 0). */
    static final float[][] G = {{0.2f, -0.5f, 0f, 3f, -1e-3f}, {-0.1f, -0.25f, 0.4f, 2f, 5e-4f}};

    static Parameter param(float[] v) {
        return new Parameter("p", Arena.unmanaged(() -> Tensor.of(v.clone(), v.length)));
    }

    static Tensor grad(float[] g) {
        return Arena.unmanaged(() -> Tensor.of(g.clone(), g.length));
    }

    /** Runs the two steps of G from P0 and returns the parameter after each. */
    static float[][] run(Optimizer opt, Parameter p) {
        float[][] out = new float[G.length][];
        for (int t = 0; t < G.length; t++) {
            opt.step(grad(G[t]));
            out[t] = p.value().toArray();
        }
        return out;
    }

    /** Adam, t = 1, 2: m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; p -= lr/(1-b1^t) m / (sqrt(v)/sqrt(1-b2^t) + eps). */
    static double[][] adamByHand() {
        double[] p = Close.widen(P0), m = new double[P0.length], v = new double[P0.length];
        double[][] out = new double[G.length][];
        for (int t = 1; t <= G.length; t++) {
            for (int i = 0; i < p.length; i++) {
                double g = G[t - 1][i];
                m[i] = B1 * m[i] + (1 - B1) * g;
                v[i] = B2 * v[i] + (1 - B2) * g * g;
                p[i] -= LR / (1 - Math.pow(B1, t)) * m[i] / (Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(B2, t)) + EPS);
            }
            out[t - 1] = p.clone();
        }
        return out;
    }

    /** Adamax: m as Adam; u = max(b2 u, |g| + eps); p -= lr/(1-b1^t) m / u. */
    static double[][] adamaxByHand() {
        double[] p = Close.widen(P0), m = new double[P0.length], u = new double[P0.length];
        double[][] out = new double[G.length][];
        for (int t = 1; t <= G.length; t++) {
            for (int i = 0; i < p.length; i++) {
                double g = G[t - 1][i];
                m[i] = B1 * m[i] + (1 - B1) * g;
                u[i] = Math.max(B2 * u[i], Math.abs(g) + EPS);
                p[i] -= LR / (1 - Math.pow(B1, t)) * m[i] / u[i];
            }
            out[t - 1] = p.clone();
        }
        return out;
    }

    /**
     * Element 0 worked through: g = 0.2 then -0.1, p0 = 0.5. Step 1: m^ = g, v^ = g^2, so
     * p1 = 0.5 - 0.1 * 0.2 / (0.2 + 1e-8) = 0.400000005 (Adam's first step is lr sign(g)). Step 2:
     * m = 0.018 - 0.01 = 0.008, v = 3.996e-5 + 1e-5 = 4.996e-5, m^ = 0.008 / 0.19, v^ = 4.996e-5 / 0.001999,
     * p2 = 0.37336630. Adamax: u2 = max(0.999 * 0.20000001, 0.10000001), p2 = 0.37892630.
     */
    @Test
    void adamTwoStepsAsByHand() {
        Parameter p = param(P0);
        float[][] got = run(new Adam(List.of(p), LR, B1, B2, EPS), p);
        double[][] want = adamByHand();
        // 1e-8: the hand numbers use 0.2 and 1e-8 in double, the test's inputs are their float32 roundings.
        assertEquals(0.400000005, want[0][0], 1e-8);
        assertEquals(0.37336630271867577, want[1][0], 1e-8);
        for (int t = 0; t < G.length; t++) Close.assertClose("adam step " + (t + 1), want[t], got[t], 2e-7, 1e-6);
        assertEquals(P0[2], got[0][2], "a zero gradient with zero moments must not move p");
    }

    @Test
    void adamaxTwoStepsAsByHand() {
        Parameter p = param(P0);
        float[][] got = run(new Adamax(List.of(p), LR, B1, B2, EPS), p);
        double[][] want = adamaxByHand();
        assertEquals(0.37892630076945340, want[1][0], 1e-8);
        for (int t = 0; t < G.length; t++) Close.assertClose("adamax step " + (t + 1), want[t], got[t], 2e-7, 1e-6);
    }

    /** SGD: p - lr g, in float32 exactly. */
    @Test
    void sgdTwoSteps() {
        Parameter p = param(P0);
        float[][] got = run(new Sgd(List.of(p), LR), p);
        float[] want = P0.clone();
        for (int t = 0; t < G.length; t++) {
            for (int i = 0; i < want.length; i++) want[i] = want[i] - LR * G[t][i];
            assertArrayEquals(want, got[t], "sgd step " + (t + 1));
        }
    }

    /** After reset(), the same steps from the same start give the same bits as a fresh optimiser. */
    @Test
    void resetIsAFreshOptimiser() {
        for (String kind : new String[] {"adam", "adamax", "sgd"}) {
            Parameter p = param(P0), q = param(P0);
            Optimizer used = make(kind, p), fresh = make(kind, q);
            run(used, p);
            run(used, p); // four steps of history
            used.reset();
            assertEquals(0, used.steps(), kind);
            p.value().assign(Arena.unmanaged(() -> Tensor.of(P0.clone(), P0.length)));
            float[][] again = run(used, p), first = run(fresh, q);
            for (int t = 0; t < G.length; t++)
                Close.assertBitIdentical(kind + " after reset, step " + (t + 1), first[t], again[t]);
        }
    }

    static Optimizer make(String kind, Parameter p) {
        switch (kind) {
            case "adam":
                return new Adam(List.of(p), LR, B1, B2, EPS);
            case "adamax":
                return new Adamax(List.of(p), LR, B1, B2, EPS);
            default:
                return new Sgd(List.of(p), LR);
        }
    }

    /**
     * A parameter without a gradient is skipped and keeps its state, as in PyTorch, where each parameter
     * counts its own steps: one that first gets a gradient at the optimiser's second step takes a first
     * step (bias corrections with t = 1), i.e. moves by lr sign(g) under Adam.
     */
    @Test
    void parametersWithoutGradientAreSkipped() {
        for (String kind : new String[] {"adam", "adamax"}) {
            Parameter a = param(P0), b = param(P0);
            Optimizer opt = kind.equals("adam")
                    ? new Adam(List.of(a, b), LR, B1, B2, EPS)
                    : new Adamax(List.of(a, b), LR, B1, B2, EPS);
            opt.step(grad(G[0]), null);
            assertArrayEquals(P0, b.value().toArray(), kind + ": b had no gradient and must not move");
            opt.step(grad(G[1]), grad(G[0]));
            double[][] want = kind.equals("adam") ? adamByHand() : adamaxByHand();
            Close.assertClose(kind + ": b's first step", want[0], b.value().toArray(), 2e-7, 1e-6);
            Close.assertClose(kind + ": a's second step", want[1], a.value().toArray(), 2e-7, 1e-6);
        }
    }

    /** One gradient per parameter, shaped like it: anything else is refused before any parameter moves. */
    @Test
    void gradientsMustMatchTheParameters() {
        Parameter a = param(P0), b = param(P0);
        Optimizer opt = new Adam(List.of(a, b), LR, B1, B2, EPS);
        assertThrows(IllegalArgumentException.class, () -> opt.step(grad(G[0])));
        assertThrows(IllegalArgumentException.class, () -> opt.step(grad(G[0]), grad(new float[] {1f, 2f})));
        assertArrayEquals(P0, a.value().toArray(), "a refused step must move nothing");
        assertEquals(0, opt.steps());
    }
}
