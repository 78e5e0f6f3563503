package org.fatecg.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fatecg.nn.Layers;
import org.fatecg.nn.Module;
import org.fatecg.nn.Parameter;
import org.fatecg.tensor.Grad;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** APGD's schedule against Croce and Hein (2020), Square's black-box contract, AutoAttack's worst case. */
class ParameterFreeAttacksTest {
    static Layers.Sequential model;
    static SyntheticBeats.Set data;
    static Tensor x, y;

    @BeforeAll
    static void setUp() {
        model = SyntheticBeats.trainedModel(11);
        data = SyntheticBeats.make(4, 5);
        x = data.inputs();
        y = data.labels();
    }

    @Test
    void checkpointsFollowThePaper() {
        // p = 0, .22, .41, .57, .70, .80, .87, .93, .99 (then 1.05 > 1): by hand from
        // p_{j+1} = p_j + max(p_j - p_{j-1} - 0.03, 0.06), w_j = ceil(p_j N)
        assertArrayEquals(new int[] {0, 22, 41, 57, 70, 80, 87, 93, 99}, Apgd.checkpoints(100));
        // N = 10: ceil of 0, 2.2, 4.1, 5.7, 7.0, 8.0, 8.7, 9.3, 9.9 -> 0 3 5 6 7 8 9 10 (8.7 -> 9, 9.3 -> 10, 9.9 -> 10
        // once)
        assertArrayEquals(new int[] {0, 3, 5, 6, 7, 8, 9, 10}, Apgd.checkpoints(10));
    }

    /** A model whose logits ignore x: the loss never rises, so every checkpoint halves the step. */
    static final class Constant extends Module {
        @Override
        public Tensor forward(Tensor in) {
            int n = in.dim(0);
            float[] z = new float[n * 5];
            for (int i = 0; i < n; i++) z[i * 5] = 3f; // always class 0
            return in.sumTo(n, 1, 1).reshape(n, 1).mul(0f).add(Tensor.of(z, n, 5));
        }

        @Override
        public List<Parameter> parameters() {
            return List.of();
        }
    }

    @Test
    void stepHalvesAtEveryCheckpointWhenTheLossNeverRises() {
        float eps = 0.1f;
        Apgd apgd = new Apgd(new Apgd.Settings(eps, 100), Apgd.Loss.CE, new Rng(1));
        Tensor one = x.slice(0, 0, 1), label = Tensor.of(new float[] {0f}, 1);
        apgd.perturb(new Constant(), one, label);
        int[] w = Apgd.checkpoints(100);
        for (int j = 0; j < w.length; j++) {
            float expected = (float) (2 * eps / Math.pow(2, j)); // eta_0 = 2 eps, halved at w_1, w_2, ...
            int end = j + 1 < w.length ? w[j + 1] : 100;
            for (int k = w[j]; k < end; k++)
                assertEquals(expected, apgd.lastEtaTrace[k], 1e-7f, "eta at iteration " + k);
        }
    }

    @Test
    void dlrIsTheRatioOfThePaper() {
        float[] z = {1f, 4f, 2f, 0f, -1f}; // sorted: 4, 2, 1, 0, -1; y = 0: -(1 - 4)/(4 - 1) = 1
        float[] num = new float[5], den = new float[5];
        assertEquals(1f, Apgd.dlr(z, 5, 0, 0, false, num, den), 1e-6f);
        // y = 1 (the max): -(4 - 2)/(4 - 1) = -2/3
        assertEquals(-2f / 3f, Apgd.dlr(z, 5, 0, 1, false, new float[5], new float[5]), 1e-6f);
        assertArrayEquals(new float[] {1f, -1f, 0f, 0f, 0f}, num);
        assertArrayEquals(new float[] {-1f, 1f, 0f, 0f, 0f}, den);
    }

    @Test
    void eachStaysInTheBallAndTheBox() {
        float eps = 0.05f;
        AttackSettings s = AttackSettings.paper()
                .withApgd(new Apgd.Settings(eps, 10))
                .withSquare(new Square.Settings(eps, 30, 0.8f));
        float[] x0 = data.x();
        for (Condition c : List.of(Condition.APGD_CE, Condition.APGD_DLR, Condition.SQUARE, Condition.AUTOATTACK)) {
            float[] adv = Attacks.build(c, s, new Rng(3)).perturb(model, x, y).toArray();
            for (int i = 0; i < adv.length; i++) {
                assertTrue(adv[i] >= 0f && adv[i] <= 1f, c + ": element " + i + " leaves [0, 1]");
                assertTrue(Math.abs(adv[i] - x0[i]) <= eps * (1 + 1e-6f), c + ": element " + i + " leaves the ball");
            }
        }
    }

    /** Passes forwards through, recording whether any forward could have given a gradient. */
    static final class Watched extends Module {
        final Module inner;
        int forwards, gradientForwards;

        Watched(Module inner) {
            this.inner = inner;
        }

        @Override
        public Tensor forward(Tensor in) {
            forwards++;
            if (Grad.enabled() || in.requiresGrad()) gradientForwards++;
            return inner.forward(in);
        }

        @Override
        public List<Parameter> parameters() {
            return inner.parameters();
        }
    }

    @Test
    void squareOnlyQueriesOutputsWithinItsQueryBudget() {
        Watched w = new Watched(model);
        int queries = 25, n = x.dim(0);
        new Square(new Square.Settings(0.05f, queries, 0.8f), new Rng(4)).perturb(w, x, y);
        assertEquals(0, w.gradientForwards, "Square asked for a forward with gradients");
        assertTrue(w.forwards >= 1 && w.forwards <= 1 + n * (queries - 1), "forwards " + w.forwards);
    }

    @Test
    void squarePScheduleHalvesAtThePapersIterations() {
        assertEquals(0.8f, Square.p(10, 10000, 0.8f));
        assertEquals(0.4f, Square.p(11, 10000, 0.8f));
        assertEquals(0.8f / 512, Square.p(9000, 10000, 0.8f), 1e-9f);
        assertEquals(0.05f, Square.p(60, 1000, 0.8f)); // rescaled: 60 of 1000 is 600 of 10,000: past 10, 50, 200, 500
    }

    @Test
    void worstCasePerBeat() {
        boolean[][] fooled = {{true, false, false, false}, {false, false, true, false}, {false, false, true, false}};
        assertArrayEquals(new boolean[] {false, true, false, true}, AutoAttack.robust(fooled, 4));
    }

    @Test
    void autoAttackIsNoWeakerThanAnyOfItsAttacks() {
        float eps = 0.05f;
        AttackSettings s = AttackSettings.paper()
                .withApgd(new Apgd.Settings(eps, 10))
                .withSquare(new Square.Settings(eps, 30, 0.8f));
        double auto = SyntheticBeats.accuracy(
                model, Attacks.build(Condition.AUTOATTACK, s, new Rng(5)).perturb(model, x, y), data.y());
        for (Condition c : List.of(Condition.APGD_CE, Condition.APGD_DLR, Condition.SQUARE)) {
            double one = SyntheticBeats.accuracy(
                    model, Attacks.build(c, s, new Rng(5)).perturb(model, x, y), data.y());
            assertTrue(auto <= one + 1e-9, "AutoAttack " + auto + " above " + c + " " + one);
        }
        assertFalse(auto > SyntheticBeats.accuracy(model, x, data.y()), "AutoAttack above clean");
    }
}
