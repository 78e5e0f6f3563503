package org.fatecg.attack;

import org.fatecg.nn.Module;
import org.fatecg.tensor.Tensor;

/**
 * An adversarial attack on a beat classifier: (model, x, labels) -> x_adv, batched.
 *
 * <p>Shapes: x is (N, 1, L) with values in [0, 1] (per-window min-max normalised beats); labels is (N),
 * the class index of each sample as a float (as {@link org.fatecg.tensor.Functional#labels} makes them).
 * The result has x's shape and is a new tensor; x is never modified. The model is left as it was found.
 *
 * <p>Call attacks outside {@code Grad.off()}: the white-box ones differentiate the model with respect to
 * its input (the shared base checks, and turns the weights' gradients off meanwhile).
 */
public interface Attack {
    /** A short name for reports, with the settings that matter (e.g. "PGD-20 eps=0.0314"). */
    String name();

    /** Untargeted: an x_adv near x that the model should not classify as y. */
    Tensor perturb(Module model, Tensor x, Tensor y);

    /** Targeted: an x_adv near x that the model should classify as target. */
    Tensor perturbTargeted(Module model, Tensor x, Tensor target);
}
