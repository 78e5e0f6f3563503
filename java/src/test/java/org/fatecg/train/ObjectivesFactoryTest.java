package org.fatecg.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fatecg.attack.Pgd;
import org.fatecg.nn.Models;
import org.fatecg.nn.Module;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The factory's names and per-model weights, and the adversarial objective against its formula. */
class ObjectivesFactoryTest {
    @Test
    void namesAndErrors() {
        for (String n : new String[] {
            "ce", "mse", "mse-margin", "loss1", "loss2", "jacobian", "adv0.1", "adv0.3", "adv0.1-pgd3", "fat"
        }) assertEquals(n, Objectives.of(n, "resnet", new Rng(0)).name());
        for (String bad : new String[] {
            "adv", "adv0", "adv2", "advx", "nope", "adv0.1-pgd", "adv0.1-pgd0", "adv0.1-pgdx", "adv-pgd3"
        }) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> Objectives.of(bad, "mlp", new Rng(0)));
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
        assertEquals(9, Objectives.PAPER_METHODS.size());
        assertEquals("jacob", Objectives.paperLabel("jacobian"));
        assertEquals("mseMargin", Objectives.paperLabel("mse-margin"));
        assertEquals("adv0.1", Objectives.paperMethod("adv0.1-pgd3"));
        assertEquals("adv0.2", Objectives.paperMethod("adv0.2"));
        assertEquals("mse-margin", Objectives.paperMethod("mse-margin"));
    }

    /** adv0.1-pgd3 on a CNN: 0.5 CE(x) + 0.5 CE(x_adv), x_adv from PGD-3 with steps of 0.1 / 3 (path 0.1, as 10 x 0.01). */
    @Test
    void fewerStepsKeepThePathLength() {
        Rng data = new Rng(4);
        Tensor x = Tensor.uniform(data, 0f, 1f, 4, 1, Models.BEAT_LENGTH);
        Tensor y = Functional.labels(new int[] {4, 3, 2, 1});
        Module net = Models.byName("paper-cnn", new Rng(2), Models.BEAT_LENGTH, true);
        float got = Objectives.of("adv0.1-pgd3", "paper-cnn", new Rng(9))
                .loss(net, x, y)
                .item();
        Tensor xAdv = Adversarial.perturbFrozen(new Pgd(0.1f, 0.1f / 3, 3, new Rng(9)), net, x, y);
        double clean = Functional.crossEntropy(net.forward(x), y).item(),
                adv = Functional.crossEntropy(net.forward(xAdv), y).item();
        assertEquals(0.5 * clean + 0.5 * adv, got, 1e-5);
        Tensor tenSteps = Adversarial.perturbFrozen(new Pgd(0.1f, 0.01f, 10, new Rng(9)), net, x, y);
        double adv10 = Functional.crossEntropy(net.forward(tenSteps), y).item();
        assertTrue(Math.abs(adv10 - adv) > 1e-6, "PGD-3 must differ from PGD-10");
    }

    /** adv on the MLP is CE(x) + CE(x_adv) (1 + 1); on a CNN 0.5 CE(x) + 0.5 CE(x_adv). x_adv: PGD-10, step 0.01, random start. */
    @Test
    void adversarialWeightsFollowTheModel() {
        Rng data = new Rng(3);
        Tensor x = Tensor.uniform(data, 0f, 1f, 4, 1, Models.BEAT_LENGTH);
        Tensor y = Functional.labels(new int[] {0, 1, 2, 3});
        for (String model : new String[] {"mlp", "paper-cnn"}) {
            Module net = Models.byName(model, new Rng(1), Models.BEAT_LENGTH, true);
            float got =
                    Objectives.of("adv0.1", model, new Rng(8)).loss(net, x, y).item();
            Tensor xAdv = Adversarial.perturbFrozen(new Pgd(0.1f, 0.01f, 10, new Rng(8)), net, x, y);
            double clean = Functional.crossEntropy(net.forward(x), y).item(),
                    adv = Functional.crossEntropy(net.forward(xAdv), y).item();
            double a = model.equals("mlp") ? 1 : 0.5;
            assertEquals(a * clean + a * adv, got, 1e-5, model);
        }
    }
}
