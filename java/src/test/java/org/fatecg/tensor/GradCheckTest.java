package org.fatecg.tensor;

import static org.fatecg.tensor.Primitive.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.fatecg.Close;
import org.fatecg.tensor.Reference.Nd;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The tinygrad-style primitive walk: the tests iterate {@link Primitive#values()}, so a primitive without
 * checks here fails (a differentiable one needs a case with a differentiated input, which runs the first-
 * and the second-order comparison; a gradient-free one a case with none). Every check
 * <ol>
 *   <li>runs the primitive itself (the output's op is its constant) at awkward shapes (broadcasts, odd
 *       lengths, K = 1 and 5, pad 0..2, scalars), and compares its value with {@link Reference};</li>
 *   <li>compares the float32 analytic gradient of L = sum(op(x) * R) for a fixed random R, i.e.
 *       {@code Autograd.grad(out, seed R)}, which is J^T R, with central differences of the double
 *       reference: dL/dx_i ~ (L(x + h e_i) - L(x - h e_i)) / 2h, h = 1e-6;</li>
 *   <li>second order (double backprop): with the seed g itself a variable, the first-order gradient
 *       G(x, g) = J(x)^T g is built with createGraph and contracted with fixed random Q:
 *       S(x, g) = sum_k <G_k, Q_k> = D_Q <f(x), g>, the derivative of <f, g> along Q. Then dS/dg and
 *       dS/dx from the engine are compared with differences of the double reference:
 *       dS/dg = (f(x + h Q) - f(x - h Q)) / 2h and dS/dx_i = (S(x + h e_i) - S(x - h e_i)) / 2h,
 *       h = 1e-4 for both (nested differences: rounding ~ 1e-16 / h^2 = 1e-8, truncation ~ h^2).</li>
 * </ol>
 * Second-order checks run for every differentiable primitive, a superset of those whose backward is used
 * under double backprop (conv1d, conv1dBackInput, conv1dBackWeight, matmul, poolSelect, poolScatter, relu,
 * mul, and crossEntropy through softmax). The gradient-free primitives (those with
 * {@code differentiable() == false}: sign, gt, ge, eq) must record no graph and pass zero gradient
 * through a product. Inputs keep at least 0.05 away from kinks (relu, abs,
 * clamp bounds, pooling and max ties), far more than any difference step.
 *
 * <p>Tolerances, |engine - reference| <= atol + rtol |reference|: values 1e-5 + 1e-5 (float32 rounding of
 * O(1) results from at most ~40-term sums); first and second order gradients 1e-5 + 1e-4 (float32
 * analytic against double differences, whose own error is ~1e-8 at worst; the observed errors are about
 * 1e-7, so the margin is ~100x; FATECG_SHOW_TOLERANCE=1 prints the worst ratio of every comparison).
 */
class GradCheckTest {
    static final double H1 = 1e-6, H2 = 1e-4;
    static final double VALUE_ATOL = 1e-5, VALUE_RTOL = 1e-5;
    static final double GRAD_ATOL = 1e-5, GRAD_RTOL = 1e-4;
    static final Set<Primitive> DOUBLE_BACKPROP = EnumSet.of(
            CONV1D, CONV1D_BACK_INPUT, CONV1D_BACK_WEIGHT, MATMUL, POOL_SELECT, POOL_SCATTER, RELU, MUL, CROSS_ENTROPY);

    /** One check: inputs, which are differentiated, the engine's op and the reference's. */
    record Check(
            Primitive primitive,
            String label,
            Nd[] inputs,
            boolean[] diff,
            Function<Tensor[], Tensor> engine,
            Function<Nd[], Nd> ref) {
        boolean gradientFree() {
            for (boolean d : diff) if (d) return false;
            return true;
        }
    }

    // ---- the checks, per primitive ------------------------------------------------------------
    static Map<Primitive, List<Check>> checks() {
        Inputs in = new Inputs(new Rng(0x6AD_C4EC));
        Map<Primitive, List<Check>> m = new EnumMap<>(Primitive.class);
        Adder add = (p, label, inputs, diff, e, r) ->
                m.computeIfAbsent(p, k -> new ArrayList<>()).add(new Check(p, label, inputs, diff, e, r));
        boolean[] one = {true}, two = {true, true};

        int[][][] broadcastPairs = {{{3, 1, 5}, {4, 1}}, {{7}, {2, 3, 7}}, {{2, 3}, {}}};
        for (int[][] s : broadcastPairs) {
            String shapes = Arrays.toString(s[0]) + " with " + Arrays.toString(s[1]);
            add.to(
                    ADD,
                    shapes,
                    new Nd[] {in.uniform(-1, 1, s[0]), in.uniform(-1, 1, s[1])},
                    two,
                    t -> t[0].add(t[1]),
                    r -> Reference.add(r[0], r[1]));
            add.to(
                    SUB,
                    shapes,
                    new Nd[] {in.uniform(-1, 1, s[0]), in.uniform(-1, 1, s[1])},
                    two,
                    t -> t[0].sub(t[1]),
                    r -> Reference.sub(r[0], r[1]));
            add.to(
                    MUL,
                    shapes,
                    new Nd[] {in.uniform(-1, 1, s[0]), in.uniform(-1, 1, s[1])},
                    two,
                    t -> t[0].mul(t[1]),
                    r -> Reference.mul(r[0], r[1]));
            add.to(
                    DIV,
                    shapes,
                    new Nd[] {in.uniform(-1, 1, s[0]), in.awayFromZero(0.5, 1.5, s[1])},
                    two,
                    t -> t[0].div(t[1]),
                    r -> Reference.div(r[0], r[1]));
            // The comparisons on a small discrete set, so that ties (the eq / ge cases) occur.
            add.to(
                    GT,
                    shapes,
                    new Nd[] {in.discrete(s[0]), in.discrete(s[1])},
                    new boolean[2],
                    t -> t[0].gt(t[1]),
                    r -> Reference.gt(r[0], r[1]));
            add.to(
                    GE,
                    shapes,
                    new Nd[] {in.discrete(s[0]), in.discrete(s[1])},
                    new boolean[2],
                    t -> t[0].ge(t[1]),
                    r -> Reference.ge(r[0], r[1]));
            add.to(
                    EQ,
                    shapes,
                    new Nd[] {in.discrete(s[0]), in.discrete(s[1])},
                    new boolean[2],
                    t -> t[0].eq(t[1]),
                    r -> Reference.eq(r[0], r[1]));
        }

        // (3, 13): 39 elements, so the vector body (16 lanes) and the scalar tail both run.
        int[] u = {3, 13};
        add.to(NEG, "(3,13)", new Nd[] {in.uniform(-2, 2, u)}, one, t -> t[0].neg(), r -> Reference.neg(r[0]));
        add.to(EXP, "(3,13)", new Nd[] {in.uniform(-2, 2, u)}, one, t -> t[0].exp(), r -> Reference.exp(r[0]));
        add.to(LOG, "(3,13)", new Nd[] {in.uniform(0.2, 3, u)}, one, t -> t[0].log(), r -> Reference.log(r[0]));
        add.to(TANH, "(3,13)", new Nd[] {in.uniform(-2, 2, u)}, one, t -> t[0].tanh(), r -> Reference.tanh(r[0]));
        add.to(
                ATANH,
                "(3,13) in (-0.8, 0.8)",
                new Nd[] {in.uniform(-0.8, 0.8, u)},
                one,
                t -> t[0].atanh(),
                r -> Reference.atanh(r[0]));
        add.to(ABS, "(3,13)", new Nd[] {in.awayFromZero(0.05, 1.5, u)}, one, t -> t[0].abs(), r -> Reference.abs(r[0]));
        add.to(
                RELU,
                "(3,13)",
                new Nd[] {in.awayFromZero(0.05, 1.5, u)},
                one,
                t -> t[0].relu(),
                r -> Reference.relu(r[0]));
        add.to(RELU, "scalar", new Nd[] {in.awayFromZero(0.05, 1.5)}, one, t -> t[0].relu(), r -> Reference.relu(r[0]));
        add.to(
                CLAMP,
                "(3,13) in [-0.4, 0.6]",
                new Nd[] {in.awayFrom(-1.2, 1.2, new double[] {-0.4, 0.6}, u)},
                one,
                t -> t[0].clamp(-0.4f, 0.6f),
                r -> Reference.clamp(r[0], -0.4f, 0.6f));
        add.to(
                SIGN,
                "(3,13) with zeros",
                new Nd[] {in.discrete(u)},
                new boolean[1],
                t -> t[0].sign(),
                r -> Reference.sign(r[0]));

        int[][][] sums = {{{3, 4, 5}, {4, 1}}, {{3, 4, 5}, {}}, {{2, 3, 7}, {3, 7}}, {{2, 3, 7}, {2, 1, 7}}};
        for (int[][] s : sums)
            add.to(
                    SUM_TO,
                    Arrays.toString(s[0]) + " to " + Arrays.toString(s[1]),
                    new Nd[] {in.uniform(-1, 1, s[0])},
                    one,
                    t -> t[0].sumTo(s[1]),
                    r -> Reference.sumTo(r[0], s[1]));
        int[][][] expands = {{{4, 1}, {3, 4, 5}}, {{}, {2, 3}}, {{1, 7}, {3, 7}}};
        for (int[][] s : expands)
            add.to(
                    EXPAND,
                    Arrays.toString(s[0]) + " to " + Arrays.toString(s[1]),
                    new Nd[] {in.uniform(-1, 1, s[0])},
                    one,
                    t -> t[0].expand(s[1]),
                    r -> Reference.expand(r[0], s[1]));
        add.to(
                RESHAPE,
                "(3,4,5) to (5,-1)",
                new Nd[] {in.uniform(-1, 1, 3, 4, 5)},
                one,
                t -> t[0].reshape(5, -1),
                r -> Reference.reshape(r[0], 5, -1));
        add.to(
                RESHAPE,
                "(2,3,7) to (42)",
                new Nd[] {in.uniform(-1, 1, 2, 3, 7)},
                one,
                t -> t[0].reshape(42),
                r -> Reference.reshape(r[0], 42));

        int[][] mkn = {{7, 13, 5}, {1, 1, 1}, {2, 9, 3}};
        for (int[] d : mkn)
            for (int tr = 0; tr < 4; tr++) {
                boolean ta = (tr & 1) != 0, tb = (tr & 2) != 0;
                Nd a = ta ? in.uniform(-1, 1, d[1], d[0]) : in.uniform(-1, 1, d[0], d[1]);
                Nd b = tb ? in.uniform(-1, 1, d[2], d[1]) : in.uniform(-1, 1, d[1], d[2]);
                add.to(
                        MATMUL,
                        "M,K,N " + Arrays.toString(d) + (ta ? " A^T" : " A") + (tb ? " B^T" : " B"),
                        new Nd[] {a, b},
                        two,
                        t -> t[0].matmul(t[1], ta, tb),
                        r -> Reference.matmul(r[0], r[1], ta, tb));
            }

        // (N, C, L, O, K, pad): K = 1, 3, 5; pad 0, 1, 2; C = 1 and O = 1; odd and even lengths.
        int[][] convs = {
            {2, 3, 7, 4, 3, 1}, {1, 1, 5, 1, 5, 2}, {2, 2, 6, 3, 1, 0}, {1, 3, 9, 2, 5, 0}, {2, 2, 3, 2, 5, 1}
        };
        for (int[] s : convs) {
            int n = s[0], c = s[1], l = s[2], o = s[3], k = s[4], pad = s[5], lo = l + 2 * pad - k + 1;
            String label = "N,C,L,O,K,pad " + Arrays.toString(s);
            add.to(
                    CONV1D,
                    label,
                    new Nd[] {in.uniform(-1, 1, n, c, l), in.uniform(-1, 1, o, c, k)},
                    two,
                    t -> t[0].conv1d(t[1], pad),
                    r -> Reference.conv1d(r[0], r[1], pad));
            add.to(
                    CONV1D_BACK_INPUT,
                    label,
                    new Nd[] {in.uniform(-1, 1, n, o, lo), in.uniform(-1, 1, o, c, k)},
                    two,
                    t -> t[0].conv1dBackInput(t[1], l, pad),
                    r -> Reference.conv1dBackInput(r[0], r[1], l, pad));
            add.to(
                    CONV1D_BACK_WEIGHT,
                    label,
                    new Nd[] {in.uniform(-1, 1, n, c, l), in.uniform(-1, 1, n, o, lo)},
                    two,
                    t -> t[0].conv1dBackWeight(t[1], k, pad),
                    r -> Reference.conv1dBackWeight(r[0], r[1], k, pad));
        }

        // Pooling: v selected by a separate by (odd length: the last sample is dropped), and
        // maxPool2 = poolSelect(x, by = x) where moving x moves by too (windows kept 0.1 apart).
        add.to(
                POOL_SELECT,
                "(2,3,7) by another",
                new Nd[] {in.uniform(-1, 1, 2, 3, 7), in.windowPairs(2, 3, 7)},
                new boolean[] {true, false},
                t -> t[0].poolSelect(t[1]),
                r -> Reference.poolSelect(r[0], r[1]));
        add.to(
                POOL_SELECT,
                "maxPool2 (2,3,8)",
                new Nd[] {in.windowPairs(2, 3, 8)},
                one,
                t -> t[0].maxPool2(),
                r -> Reference.poolSelect(r[0], r[0]));
        add.to(
                POOL_SELECT,
                "maxPool2 (3,5)",
                new Nd[] {in.windowPairs(3, 5)},
                one,
                t -> t[0].maxPool2(),
                r -> Reference.poolSelect(r[0], r[0]));
        add.to(
                POOL_SCATTER,
                "(2,3,3) into (2,3,7)",
                new Nd[] {in.uniform(-1, 1, 2, 3, 3), in.windowPairs(2, 3, 7)},
                new boolean[] {true, false},
                t -> t[0].poolScatter(t[1], new int[] {2, 3, 7}),
                r -> Reference.poolScatter(r[0], r[1], 2, 3, 7));
        add.to(
                POOL_SCATTER,
                "(3,4) into (3,8)",
                new Nd[] {in.uniform(-1, 1, 3, 4), in.windowPairs(3, 8)},
                new boolean[] {true, false},
                t -> t[0].poolScatter(t[1], new int[] {3, 8}),
                r -> Reference.poolScatter(r[0], r[1], 3, 8));

        add.to(
                CONCAT,
                "dim 1 of (2,1,3) (2,3,3) (2,2,3)",
                new Nd[] {in.uniform(-1, 1, 2, 1, 3), in.uniform(-1, 1, 2, 3, 3), in.uniform(-1, 1, 2, 2, 3)},
                new boolean[] {true, true, true},
                t -> Tensor.concat(1, t),
                r -> Reference.concat(1, r));
        add.to(
                CONCAT,
                "dim 0 of (1,4) (2,4)",
                new Nd[] {in.uniform(-1, 1, 1, 4), in.uniform(-1, 1, 2, 4)},
                two,
                t -> Tensor.concat(0, t),
                r -> Reference.concat(0, r));
        add.to(
                CONCAT,
                "dim -1 of (3,2) (3,1)",
                new Nd[] {in.uniform(-1, 1, 3, 2), in.uniform(-1, 1, 3, 1)},
                two,
                t -> Tensor.concat(-1, t),
                r -> Reference.concat(-1, r));
        add.to(
                SLICE,
                "(3,7,2) dim 1 [2, 6)",
                new Nd[] {in.uniform(-1, 1, 3, 7, 2)},
                one,
                t -> t[0].slice(1, 2, 4),
                r -> Reference.slice(r[0], 1, 2, 4));
        add.to(
                SLICE,
                "(4,5) dim 0 [0, 1)",
                new Nd[] {in.uniform(-1, 1, 4, 5)},
                one,
                t -> t[0].slice(0, 0, 1),
                r -> Reference.slice(r[0], 0, 0, 1));
        add.to(
                SLICE,
                "(3,6) dim -1 [5, 6)",
                new Nd[] {in.uniform(-1, 1, 3, 6)},
                one,
                t -> t[0].slice(-1, 5, 1),
                r -> Reference.slice(r[0], -1, 5, 1));
        add.to(
                MAX_ALONG,
                "(3,5,4) dim 1",
                new Nd[] {in.distinctAlong(1, 3, 5, 4)},
                one,
                t -> t[0].maxAlong(1),
                r -> Reference.maxAlong(r[0], 1));
        add.to(
                MAX_ALONG,
                "(4,6) dim -1",
                new Nd[] {in.distinctAlong(1, 4, 6)},
                one,
                t -> t[0].maxAlong(-1),
                r -> Reference.maxAlong(r[0], -1));
        add.to(
                MAX_ALONG,
                "(5,3) dim 0",
                new Nd[] {in.distinctAlong(0, 5, 3)},
                one,
                t -> t[0].maxAlong(0),
                r -> Reference.maxAlong(r[0], 0));
        int[][] ce = {{5, 7}, {3, 5}, {1, 2}};
        for (int[] s : ce)
            add.to(
                    CROSS_ENTROPY,
                    "logits " + Arrays.toString(s),
                    new Nd[] {in.uniform(-3, 3, s), in.labels(s[0], s[1])},
                    new boolean[] {true, false},
                    t -> t[0].crossEntropy(t[1]),
                    r -> Reference.crossEntropy(r[0], r[1]));
        return m;
    }

    @FunctionalInterface
    interface Adder {
        void to(
                Primitive primitive,
                String label,
                Nd[] inputs,
                boolean[] diff,
                Function<Tensor[], Tensor> engine,
                Function<Nd[], Nd> ref);
    }

    // ---- the walk -----------------------------------------------------------------------------
    /**
     * Every constant of the closed set has checks: a differentiable one at least one case that
     * differentiates an input (so first and second order are compared), a gradient-free one only cases
     * that differentiate nothing. A primitive added to the enum without its checks fails here.
     */
    @Test
    void everyPrimitiveHasFirstAndSecondOrderChecks() {
        Map<Primitive, List<Check>> all = checks();
        for (Primitive p : Primitive.values()) {
            List<Check> list = all.get(p);
            assertNotNull(list, "no gradient check for primitive " + p);
            assertFalse(list.isEmpty(), "no gradient check for primitive " + p);
            for (Check c : list)
                assertEquals(
                        !p.differentiable(),
                        c.gradientFree(),
                        p + " [" + c.label
                                + "]: a differentiable primitive needs a differentiated input, a gradient-free one none");
        }
        assertTrue(DOUBLE_BACKPROP.stream().allMatch(Primitive::differentiable));
    }

    /** Values and first-order gradients (or, for a gradient-free primitive, no graph and zero gradient). */
    @TestFactory
    Stream<DynamicTest> firstOrder() {
        Map<Primitive, List<Check>> all = checks();
        Rng rng = new Rng(77);
        return Arrays.stream(Primitive.values())
                .map(p -> DynamicTest.dynamicTest(p + " first order", () -> {
                    for (Check c : casesOf(all, p)) firstOrder(c, rng);
                }));
    }

    /** Second order (double backprop) for every differentiable primitive. */
    @TestFactory
    Stream<DynamicTest> secondOrder() {
        Map<Primitive, List<Check>> all = checks();
        Rng rng = new Rng(78);
        return Arrays.stream(Primitive.values())
                .filter(Primitive::differentiable)
                .map(p -> DynamicTest.dynamicTest(p + " second order", () -> {
                    for (Check c : casesOf(all, p)) secondOrder(c, new Applied(c), rng);
                }));
    }

    static List<Check> casesOf(Map<Primitive, List<Check>> all, Primitive p) {
        List<Check> list = all.get(p);
        assertNotNull(list, "no gradient check for primitive " + p);
        assertFalse(list.isEmpty(), "no gradient check for primitive " + p);
        return list;
    }

    /** The primitive applied to a check's inputs (as tensors, the differentiated ones requiring grad). */
    static final class Applied {
        final String what;
        final Tensor[] ts;
        final List<Tensor> wrt = new ArrayList<>();
        final Tensor out;

        Applied(Check c) {
            what = c.primitive + " [" + c.label + "]";
            ts = new Tensor[c.inputs.length];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = c.inputs[i].tensor();
                if (c.diff[i] || c.gradientFree()) ts[i].requiresGrad(true);
                if (c.diff[i]) wrt.add(ts[i]);
            }
            out = c.engine.apply(ts);
            assertEquals(c.primitive, out.op, what + ": the check must run the primitive itself");
        }
    }

    static void firstOrder(Check c, Rng rng) {
        Applied a = new Applied(c);
        Nd ref = c.ref.apply(c.inputs);
        assertArrayEquals(ref.shape, a.out.shape(), a.what + ": shape");
        Close.assertClose(a.what + " value", ref.v, a.out.toArray(), VALUE_ATOL, VALUE_RTOL);
        if (c.gradientFree()) {
            gradientFree(c, a.what, a.ts, a.out, ref, rng);
            return;
        }
        Nd r = new Inputs(rng).uniform(-1, 1, ref.shape);
        Tensor[] g = Autograd.grad(a.out, r.tensor(), false, a.wrt.toArray(new Tensor[0]));
        int gi = 0;
        for (int k = 0; k < c.inputs.length; k++) {
            if (!c.diff[k]) continue;
            assertArrayEquals(c.inputs[k].shape, g[gi].shape(), a.what + ": gradient shape of input " + k);
            Close.assertClose(
                    a.what + " d/dinput" + k, finiteDifference(c, k, r), g[gi++].toArray(), GRAD_ATOL, GRAD_RTOL);
        }
    }

    /** d <f(x), R> / d x_k by central differences of the double reference. */
    static double[] finiteDifference(Check c, int k, Nd r) {
        Nd[] x = copy(c.inputs);
        double[] d = new double[x[k].size()];
        for (int i = 0; i < d.length; i++) {
            double saved = x[k].v[i];
            x[k].v[i] = saved + H1;
            double up = Reference.dot(c.ref.apply(x), r);
            x[k].v[i] = saved - H1;
            double down = Reference.dot(c.ref.apply(x), r);
            x[k].v[i] = saved;
            d[i] = (up - down) / (2 * H1);
        }
        return d;
    }

    /** See the class comment, point 3. */
    static void secondOrder(Check c, Applied a, Rng rng) {
        String what = a.what;
        List<Tensor> wrt = a.wrt;
        Nd r = new Inputs(rng).uniform(-1, 1, a.out.shape());
        Tensor seed = r.tensor().requiresGrad(true);
        Tensor[] first = Autograd.grad(a.out, seed, true, wrt.toArray(new Tensor[0]));
        Nd[] q = new Nd[c.inputs.length];
        Tensor s = null;
        int gi = 0;
        for (int k = 0; k < c.inputs.length; k++) {
            if (!c.diff[k]) continue;
            q[k] = new Inputs(rng).uniform(-1, 1, c.inputs[k].shape);
            Tensor term = first[gi++].mul(q[k].tensor()).sumTo();
            s = s == null ? term : s.add(term);
        }
        Tensor[] vars = new Tensor[wrt.size() + 1];
        for (int i = 0; i < wrt.size(); i++) vars[i] = wrt.get(i);
        vars[wrt.size()] = seed;
        Tensor[] second = Autograd.grad(s, vars);

        Nd[] x = copy(c.inputs);
        Close.assertClose(what + " d2/dseed", alongQ(c, x, q).v, second[wrt.size()].toArray(), GRAD_ATOL, GRAD_RTOL);
        gi = 0;
        for (int k = 0; k < c.inputs.length; k++) {
            if (!c.diff[k]) continue;
            double[] d = new double[x[k].size()];
            for (int i = 0; i < d.length; i++) {
                double saved = x[k].v[i];
                x[k].v[i] = saved + H2;
                double up = Reference.dot(alongQ(c, x, q), r);
                x[k].v[i] = saved - H2;
                double down = Reference.dot(alongQ(c, x, q), r);
                x[k].v[i] = saved;
                d[i] = (up - down) / (2 * H2);
            }
            Close.assertClose(what + " d2/dinput" + k, d, second[gi++].toArray(), GRAD_ATOL, GRAD_RTOL);
        }
    }

    /** (f(x + h Q) - f(x - h Q)) / 2h: the directional derivative D_Q f at x (x is restored). */
    static Nd alongQ(Check c, Nd[] x, Nd[] q) {
        Nd[] plus = copy(x), minus = copy(x);
        for (int k = 0; k < x.length; k++) {
            if (q[k] == null) continue;
            for (int i = 0; i < x[k].size(); i++) {
                plus[k].v[i] += H2 * q[k].v[i];
                minus[k].v[i] -= H2 * q[k].v[i];
            }
        }
        Nd up = c.ref.apply(plus), down = c.ref.apply(minus);
        Nd d = Nd.zeros(up.shape);
        for (int i = 0; i < d.size(); i++) d.v[i] = (up.v[i] - down.v[i]) / (2 * H2);
        return d;
    }

    /**
     * sign, gt, ge, eq: no graph is recorded even though every input requires a gradient, and in
     * x0 * op(x) the op is a constant: d sum(x0 * op(x) * R) / d x0 = sumTo(op(x) * R, shape of x0).
     */
    static void gradientFree(Check c, String what, Tensor[] ts, Tensor out, Nd ref, Rng rng) {
        assertFalse(out.requiresGrad(), what + " must not record a graph");
        assertTrue(out.isLeaf(), what + " must have no parents");
        Nd r = new Inputs(rng).uniform(-1, 1, ref.shape);
        Tensor[] g = Autograd.grad(ts[0].mul(out), r.tensor(), false, ts);
        Nd expected = Reference.sumTo(Reference.mul(ref, r), c.inputs[0].shape);
        Close.assertClose(what + " gradient through x * op(x)", expected.v, g[0].toArray(), 1e-6, 1e-6);
        for (int k = 1; k < ts.length; k++)
            Close.assertClose(what + " gradient of input " + k, new double[ts[k].size()], g[k].toArray(), 0, 0);
    }

    static Nd[] copy(Nd[] xs) {
        Nd[] c = new Nd[xs.length];
        for (int i = 0; i < xs.length; i++) c[i] = xs[i].copy();
        return c;
    }

    /** Random inputs with float32 values (so the engine and the reference see the same numbers). */
    static final class Inputs {
        final Rng rng;

        Inputs(Rng rng) {
            this.rng = rng;
        }

        double next(double lo, double hi) {
            return (float) (lo + (hi - lo) * rng.nextDouble());
        }

        Nd uniform(double lo, double hi, int... shape) {
            Nd a = Nd.zeros(shape);
            for (int i = 0; i < a.size(); i++) a.v[i] = next(lo, hi);
            return a;
        }

        /** |x| in [lo, hi] with a random sign. */
        Nd awayFromZero(double lo, double hi, int... shape) {
            Nd a = uniform(lo, hi, shape);
            for (int i = 0; i < a.size(); i++) if (rng.nextInt(2) == 0) a.v[i] = -a.v[i];
            return a;
        }

        /** Uniform in [lo, hi] but at least 0.05 from each kink. */
        Nd awayFrom(double lo, double hi, double[] kinks, int... shape) {
            Nd a = Nd.zeros(shape);
            for (int i = 0; i < a.size(); i++) {
                double v;
                boolean near;
                do {
                    v = next(lo, hi);
                    near = false;
                    for (double k : kinks) near |= Math.abs(v - (float) k) < 0.05;
                } while (near);
                a.v[i] = v;
            }
            return a;
        }

        /** Values in {-1, -0.5, 0, 0.5, 1}: ties and zeros are common. */
        Nd discrete(int... shape) {
            Nd a = Nd.zeros(shape);
            for (int i = 0; i < a.size(); i++) a.v[i] = 0.5 * (rng.nextInt(5) - 2);
            return a;
        }

        /** Along dim, a random ordering of values 0.15 apart (plus a little noise): no ties. */
        Nd distinctAlong(int dim, int... shape) {
            Nd a = Nd.zeros(shape);
            int inner = 1, len = shape[dim];
            for (int d = dim + 1; d < shape.length; d++) inner *= shape[d];
            int outer = a.size() / (len * inner);
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < inner; i++) {
                    int[] p = rng.permutation(len);
                    for (int j = 0; j < len; j++)
                        a.v[(o * len + j) * inner + i] = (float) (0.15 * p[j] - 0.5 + 0.05 * rng.nextDouble());
                }
            return a;
        }

        /** Pooling windows (2j, 2j+1) whose elements differ by at least 0.1. */
        Nd windowPairs(int... shape) {
            Nd a = uniform(-1, 1, shape);
            int l = shape[shape.length - 1];
            for (int i = 0; i + 1 < a.size(); i++) {
                if ((i % l) % 2 != 0 || i % l == l - 1) continue;
                double gap = next(0.1, 0.6);
                a.v[i + 1] = (float) (a.v[i] + (rng.nextInt(2) == 0 ? gap : -gap));
            }
            return a;
        }

        Nd labels(int n, int classes) {
            Nd a = Nd.zeros(n);
            for (int i = 0; i < n; i++) a.v[i] = rng.nextInt(classes);
            return a;
        }
    }
}
