package org.fatecg.train;

import org.fatecg.nn.Module;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Tensor;

/**
 * "jacobian": Jacobian regularisation (Jakubovitz and Giryes, "Improving DNN robustness to adversarial
 * attacks using Jacobian regularization", ECCV 2018) as Ma and Liang (2020) ran it, with the L1 norm:
 * <pre>
 *   L = CE + beta (1 / (N L)) sum_m sum_i || d z_{i,m} / d x_i ||_1,   beta = 0.9
 * </pre>
 * over every logit m and every sample i (L = input length). One input gradient per class, each recorded
 * for double backpropagation: this costs about as many double backprops as there are classes.
 */
public final class JacobianPenalty implements Objective {
    public static final float BETA = 0.9f;
    private final float beta;

    public JacobianPenalty(float beta) {
        this.beta = beta;
    }

    @Override
    public String name() {
        return "jacobian";
    }

    @Override
    public Tensor loss(Module model, Tensor x, Tensor y) {
        Tensor leaf = Margins.inputLeaf(x);
        Tensor z = model.forward(leaf);
        int n = z.dim(0), classes = z.dim(1);
        Tensor penalty = null;
        for (int m = 0; m < classes; m++) {
            Tensor zm = Functional.sum(z.slice(1, m, 1));
            Tensor g = Autograd.grad(zm, null, true, leaf)[0];
            Tensor l1 = Functional.sum(g.abs());
            penalty = penalty == null ? l1 : penalty.add(l1);
        }
        float scale = beta / ((float) n * (x.size() / n));
        return Functional.crossEntropy(z, y).add(penalty.mul(scale));
    }
}
