package org.fatecg.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.fatecg.attack.Attack;
import org.fatecg.data.BeatDataset;
import org.fatecg.nn.Models;
import org.fatecg.nn.Module;
import org.fatecg.nn.Parameter;
import org.fatecg.optim.Adam;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LocalTrainerTest {
    private static final BeatDataset DATA = TinyBeats.make(40, 5);

    private static FitConfig config(int epochs, int batch) {
        return FitConfig.paper().withEpochs(epochs).withBatchSize(batch);
    }

    @Test
    void trainingLowersTheLossAndAdamStartsFreshEveryFit() {
        LocalTrainer t = new LocalTrainer(Models.paperCnn(new Rng(1)));
        float[] init = t.layout().flatten(t.model());
        Client c = new PlainClient(0, DATA, TinyBeats.range(0, 40), t);
        FitResult one = c.fit("test", 1, init, config(1, 8), new Rng(9), FederationListener.NONE);
        FitResult three = c.fit("test", 1, init, config(4, 8), new Rng(9), FederationListener.NONE);
        assertEquals(5, one.steps());
        assertEquals(20, three.steps());
        assertEquals(40, one.numExamples());
        assertTrue(three.meanLoss() < one.meanLoss(), one.meanLoss() + " -> " + three.meanLoss());
        // A second fit from the same weights repeats the first bit for bit only if Adam's moments were reset.
        FitResult again = c.fit("test", 1, init, config(1, 8), new Rng(9), FederationListener.NONE);
        assertArrayEquals(one.weights(), again.weights());
        assertFalse(java.util.Arrays.equals(init, one.weights()));
    }

    @Test
    void lastBatchMayBeSmallerAndMaxExamplesCapsTheData() {
        LocalTrainer t = new LocalTrainer(Models.paperCnn(new Rng(1)));
        float[] init = t.layout().flatten(t.model());
        Client c = new PlainClient(4, DATA, TinyBeats.range(0, 40), t);
        FitResult r = c.fit("test", 2, init, FitConfig.paper().withEpochs(1), new Rng(1), FederationListener.NONE);
        assertEquals(2, r.steps()); // 32 + 8
        FitResult capped = c.fit(
                "test",
                2,
                init,
                FitConfig.paper().withEpochs(2).withMaxExamples(10),
                new Rng(1),
                FederationListener.NONE);
        assertEquals(10, capped.numExamples());
        assertEquals(2, capped.steps());
    }

    /**
     * The FAT step is one Adam step on CE over [x_adv ; x] with labels [y ; y], with the parameters'
     * gradients off while the attack runs. A fake attack (x_adv = 1 - x) makes it checkable by hand.
     */
    @Test
    void fatStepTrainsOnAdversarialThenCleanBatch() {
        Module net = Models.paperCnn(new Rng(3));
        LocalTrainer t = new LocalTrainer(net);
        float[] init = t.layout().flatten(net);
        List<Boolean> gradsDuringAttack = new ArrayList<>();
        Attack flip = new Attack() {
            public String name() {
                return "flip";
            }

            public Tensor perturb(Module model, Tensor x, Tensor y) {
                for (Parameter p : model.parameters())
                    gradsDuringAttack.add(p.value().requiresGrad());
                return Tensor.full(1f, x.shape()).sub(x);
            }

            public Tensor perturbTargeted(Module model, Tensor x, Tensor target) {
                throw new UnsupportedOperationException();
            }
        };
        Client c = new FatClient(2, DATA, TinyBeats.range(0, 8), t, rng -> flip);
        float[] fat = c.fit("FAT", 1, init, config(1, 8), new Rng(1), FederationListener.NONE)
                .weights();
        assertFalse(gradsDuringAttack.isEmpty());
        assertFalse(gradsDuringAttack.contains(true), "parameters must not require gradients while attacking");

        // By hand: the same network, one Adam step on mean CE of [1 - x ; x].
        Module ref = Models.paperCnn(new Rng(3));
        float[] xs = new float[8 * 180];
        int[] ys = new int[8];
        DATA.gather(TinyBeats.range(0, 8), 0, 8, xs, ys);
        Adam adam = new Adam(ref.parameters());
        try (Arena a = Arena.open()) {
            Tensor x = Tensor.of(xs, 8, 1, 180), y = Functional.labels(ys);
            Tensor in = Tensor.concat(0, Tensor.full(1f, x.shape()).sub(x), x);
            Tensor loss = Functional.crossEntropy(ref.forward(in), Tensor.concat(0, y, y));
            adam.step(Autograd.grad(loss, adam.parameters()));
        }
        assertArrayEquals(new WeightLayout(ref).flatten(ref), fat);
        assertTrue(net.parameters().get(0).value().requiresGrad(), "gradients are back on after the step");
    }

    @Test
    void divergingLossNamesClientAndRound() {
        float[] x = DATA.windows();
        x[5] = Float.NaN;
        BeatDataset bad = new BeatDataset(x, DATA.labels(), DATA.records(), DATA.rSamples(), 180);
        LocalTrainer t = new LocalTrainer(Models.paperCnn(new Rng(1)));
        Client c = new PlainClient(7, bad, TinyBeats.range(0, 16), t);
        FederationException e = assertThrows(
                FederationException.class,
                () -> c.fit(
                        "Non-FAT",
                        3,
                        t.layout().flatten(t.model()),
                        config(1, 8),
                        new Rng(1),
                        FederationListener.NONE));
        assertTrue(
                e.getMessage().contains("round 3")
                        && e.getMessage().contains("client 7")
                        && e.getMessage().contains("epoch 1, batch 1"),
                e.getMessage());
    }
}
