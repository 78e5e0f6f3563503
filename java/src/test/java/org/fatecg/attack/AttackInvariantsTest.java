package org.fatecg.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.fatecg.backend.Backend;
import org.fatecg.backend.Storage;
import org.fatecg.nn.Layers;
import org.fatecg.nn.Module;
import org.fatecg.nn.Parameter;
import org.fatecg.tensor.Engine;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Properties every attack must keep, whatever the model: the box, the ball, no NaN, identities. */
class AttackInvariantsTest {
    static Layers.Sequential model;
    static SyntheticBeats.Set data;
    static Tensor x, y;

    @BeforeAll
    static void setUp() {
        model = SyntheticBeats.trainedModel(11);
        data = SyntheticBeats.make(6, 5);
        x = data.inputs();
        y = data.labels();
    }

    @Test
    void everyAttackStaysInTheBallAndTheBoxWithoutNaN() {
        float eps = 0.05f;
        Attack[] attacks = {
            new Fgsm(eps),
            new Pgd(eps, 0.01f, 10, new Rng(1)),
            new Bim(eps, 0.01f, 10),
            PgdFreeze.seed001(eps, 10),
            PgdFreeze.published(eps, 10, new Rng(3)),
            new Spsa(eps, 3, 16, 0.01f, 0.01f, 32, new Rng(2))
        };
        float[] x0 = data.x();
        for (Attack a : attacks) {
            float[] adv = a.perturb(model, x, y).toArray();
            int moved = 0;
            for (int i = 0; i < adv.length; i++) {
                assertTrue(
                        adv[i] >= 0f && adv[i] <= 1f, a.name() + ": element " + i + " = " + adv[i] + " leaves [0, 1]");
                assertTrue(
                        Math.abs(adv[i] - x0[i]) <= eps * (1 + 1e-6f),
                        a.name() + ": element " + i + " leaves the eps-ball");
                if (adv[i] != x0[i]) moved++;
            }
            assertTrue(moved > adv.length / 4, a.name() + " moved only " + moved + " elements");
        }
    }

    @Test
    void cwStaysInTheBoxWithoutNaNAndKeepsExactZerosAndOnes() {
        float[] x0 = data.x(), adv = CwL2.paper().perturb(model, x, y).toArray();
        int extremes = 0;
        for (int i = 0; i < adv.length; i++) {
            assertTrue(adv[i] >= 0f && adv[i] <= 1f, "element " + i + " = " + adv[i]);
            if (x0[i] == 0f || x0[i] == 1f) {
                extremes++;
                assertEquals(x0[i], adv[i], "w = atanh(2x - 1) is infinite there and must stay so: element " + i);
            }
        }
        assertTrue(extremes >= 2 * data.size(), "the data has exact 0s and 1s: " + extremes);
    }

    @Test
    void pgdWithZeroStepsAndNoRandomStartIsTheIdentity() {
        assertArrayEquals(data.x(), new Pgd(0.1f, 0.01f, 0).perturb(model, x, y).toArray());
    }

    @Test
    void bimEqualsPgdWithoutRandomStartUpToRounding() {
        float[] bim = new Bim(0.05f, 0.01f, 10).perturb(model, x, y).toArray();
        float[] pgd = new Pgd(0.05f, 0.01f, 10).perturb(model, x, y).toArray();
        assertArrayEquals(bim, pgd, 1e-6f);
    }

    @Test
    void randomStartIsSeededAndDrawsFromTheBall() {
        Pgd noSteps = new Pgd(0.05f, 0.01f, 0, new Rng(42));
        float[] a = noSteps.perturb(model, x, y).toArray();
        float[] b = new Pgd(0.05f, 0.01f, 0, new Rng(42)).perturb(model, x, y).toArray();
        assertArrayEquals(a, b, "same seed, same start");
        assertFalse(
                java.util.Arrays.equals(a, noSteps.perturb(model, x, y).toArray()), "the rng advances between calls");
        assertFalse(java.util.Arrays.equals(a, data.x()), "a random start moves the input");
    }

    @Test
    void cwReturnsTheCleanInputWhereItFails() {
        CwL2.Result r = new CwL2(1f, 0f, 25, 0.01f).attack(model, x, y, false); // too short to fool all
        float[] x0 = data.x(), adv = r.adversarial().toArray();
        int[] pred = Functional.argmax(model.forward(r.adversarial()));
        int failed = 0, len = SyntheticBeats.LENGTH;
        for (int i = 0; i < data.size(); i++) {
            float[] xi = java.util.Arrays.copyOfRange(x0, i * len, (i + 1) * len);
            float[] ai = java.util.Arrays.copyOfRange(adv, i * len, (i + 1) * len);
            if (r.success()[i]) {
                assertNotEquals(data.y()[i], pred[i], "a success is misclassified: " + i);
            } else {
                failed++;
                assertArrayEquals(xi, ai, "a failure is returned clean: " + i);
            }
        }
        assertTrue(failed > 0 && failed < data.size(), failed + " of " + data.size() + " failed: need both kinds");
    }

    @Test
    void signOfAZeroGradientIsZero() {
        // The model reads only the first half of the beat: the loss gradient is exactly 0 on the second half.
        Layers.Linear head = new Layers.Linear(90, 5, true, new Rng(3));
        Module halfBlind = new Module() {
            @Override
            public Tensor forward(Tensor in) {
                return head.forward(in.slice(2, 0, 90).reshape(in.dim(0), 90));
            }

            @Override
            public List<Parameter> parameters() {
                return head.parameters();
            }
        };
        float[] x0 = data.x();
        int len = SyntheticBeats.LENGTH;
        for (Attack a : new Attack[] {new Fgsm(0.05f), new Pgd(0.05f, 0.01f, 5), new Bim(0.05f, 0.01f, 5)}) {
            float[] adv = a.perturb(halfBlind, x, y).toArray();
            int movedFirstHalf = 0;
            for (int i = 0; i < adv.length; i++) {
                if (i % len >= 90) assertEquals(x0[i], adv[i], a.name() + ": element " + i + " has a zero gradient");
                else if (adv[i] != x0[i]) movedFirstHalf++;
            }
            assertTrue(movedFirstHalf > adv.length / 4, a.name() + " moved the first halves");
        }
    }

    @Test
    void theModelIsInAttackModeWhileAttackedAndRestoredAfter() {
        List<Boolean> seen = new ArrayList<>();
        Module spy = new Module() {
            @Override
            public Tensor forward(Tensor in) {
                for (Parameter p : model.parameters()) seen.add(p.value().requiresGrad());
                return model.forward(in);
            }

            @Override
            public List<Parameter> parameters() {
                return model.parameters();
            }
        };
        Parameter frozen = model.parameters().get(0);
        frozen.value().requiresGrad(false);
        try {
            for (Attack a : new Attack[] {
                new Fgsm(0.05f),
                new Pgd(0.05f, 0.01f, 2),
                CwL2.paper(),
                PgdFreeze.seed001(0.05f, 2),
                PgdFreeze.published(0.05f, 2, new Rng(4)),
                new Spsa(0.05f, 1, 4, 0.01f, 0.01f, 8, new Rng(1))
            }) {
                seen.clear();
                a.perturb(spy, x, y);
                assertFalse(
                        seen.isEmpty() || seen.contains(Boolean.TRUE),
                        a.name() + ": a parameter required a gradient while attacking");
                for (Parameter p : model.parameters()) {
                    assertEquals(p != frozen, p.value().requiresGrad(), a.name() + " restores " + p.name());
                }
            }
        } finally {
            frozen.value().requiresGrad(true);
        }
    }

    @Test
    void aPgdLoopAllocatesNoNewBuffersInSteadyState() {
        Backend inner = Engine.backend();
        Set<Storage> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
        Backend counting = (Backend) Proxy.newProxyInstance(
                Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (proxy, method, args) -> {
                    try {
                        Object r = method.invoke(inner, args);
                        if (method.getName().equals("allocate")) handedOut.add((Storage) r);
                        return r;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Engine.use(counting);
        try {
            new Pgd(0.05f, 0.01f, 3).perturb(model, x, y); // fills the pool
            handedOut.clear();
            new Pgd(0.05f, 0.01f, 3).perturb(model, x, y);
            int few = handedOut.size();
            handedOut.clear();
            new Pgd(0.05f, 0.01f, 30).perturb(model, x, y);
            assertEquals(few, handedOut.size(), "distinct buffers for 3 and for 30 steps");
        } finally {
            Engine.use(inner);
        }
    }
}
