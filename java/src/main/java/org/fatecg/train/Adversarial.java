package org.fatecg.train;

import org.fatecg.attack.Attack;
import org.fatecg.nn.Module;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Tensor;

/**
 * Adversarial training (Goodfellow et al. 2015; Madry et al. 2018): x_adv = attack(x, y) against the
 * current weights (their gradients off while it runs), then
 * <pre>
 *   L = a_clean CE(f(x), y) + a_adv CE(f(x_adv), y)
 * </pre>
 * Ma and Liang's "adv eps" (2020, eq. 11): 10-step PGD of step 0.01 with random start at noise level eps,
 * a = 0.5/0.5 for CNNs and 1/1 for the MLP (the authors' code). FAT's step (Hasan et al.'s federated
 * adversarial training) is the same with PGD-20 (eps 8/255, alpha 1/255) and 0.5/0.5, which is the mean
 * CE over the concatenation [x_adv ; x]; equal weights are computed that way.
 */
public final class Adversarial implements Objective {
    private final String name;
    private final Attack attack;
    private final float cleanWeight, advWeight;

    public Adversarial(String name, Attack attack, float cleanWeight, float advWeight) {
        this.name = name;
        this.attack = attack;
        this.cleanWeight = cleanWeight;
        this.advWeight = advWeight;
    }

    @Override
    public String name() {
        return name;
    }

    public Attack attack() {
        return attack;
    }

    @Override
    public Tensor loss(Module model, Tensor x, Tensor y) {
        Tensor xAdv = perturb(model, x, y);
        if (cleanWeight == advWeight) {
            // a (CE_adv + CE_clean) = 2a mean CE over [x_adv ; x]
            Tensor ce = Functional.crossEntropy(model.forward(Tensor.concat(0, xAdv, x)), Tensor.concat(0, y, y));
            return cleanWeight == 0.5f ? ce : ce.mul(2 * cleanWeight);
        }
        Tensor clean = Functional.crossEntropy(model.forward(x), y);
        Tensor adv = Functional.crossEntropy(model.forward(xAdv), y);
        return clean.mul(cleanWeight).add(adv.mul(advWeight));
    }

    /** attack(x, y) with the parameters' gradients off (only the input gradient is wanted), detached. */
    public static Tensor perturbFrozen(Attack attack, Module model, Tensor x, Tensor y) {
        model.requiresGrad(false);
        try {
            return attack.perturb(model, x, y).detach();
        } finally {
            model.requiresGrad(true);
        }
    }

    private Tensor perturb(Module model, Tensor x, Tensor y) {
        return perturbFrozen(attack, model, x, y);
    }
}
