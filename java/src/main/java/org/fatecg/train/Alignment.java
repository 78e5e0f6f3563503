package org.fatecg.train;

import org.fatecg.nn.Module;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Tensor;

/**
 * loss1 of Ma and Liang (2020, eqs. 3-5): on a bias-free network z_y = w_y^T x, and aligning w_y with x
 * makes a noise that moves z_y look like the signal itself. With gamma = 1,
 * <pre>
 *   L = mse + margin + beta (1/|C|) sum_{i in C} || w_{y,i} - x_i / (x_i^T x_i + 1e-8) ||_2^2,
 *   w_{y,i} = d z_{i,y} / d x_i,   C = the correctly classified samples,   beta = 0.2
 * </pre>
 * The gradient of L differentiates w_y (double backpropagation). A network with biases is refused.
 */
public final class Alignment implements Objective {
    public static final float BETA = 0.2f, NORM_FLOOR = 1e-8f;
    private final float beta;

    public Alignment(float beta) {
        this.beta = beta;
    }

    @Override
    public String name() {
        return "loss1";
    }

    @Override
    public Tensor loss(Module model, Tensor x, Tensor y) {
        Margins.requireBiasFree(model, "loss1");
        Tensor leaf = Margins.inputLeaf(x);
        Tensor z = model.forward(leaf);
        Margins.Correct correct = Margins.Correct.of(z, y);
        Tensor base = Margins.squaredError(z, y).add(Margins.margin(z, y, correct));
        if (correct.count() == 0) return base;
        int n = x.dim(0);
        Tensor mask = correct.tensor();
        Tensor w = Margins.trueClassInputGradient(z, y, leaf, mask);
        Tensor xd = x.detach();
        Tensor sq = xd.mul(xd).reshape(n, -1).sumTo(n, 1).reshape(n, 1, 1);
        Tensor d = w.sub(xd.div(sq.add(NORM_FLOOR)));
        Tensor perSample = d.mul(d).reshape(n, -1).sumTo(n, 1).reshape(n);
        Tensor r1 = Functional.sum(perSample.mul(mask)).div(correct.count());
        return base.add(r1.mul(beta));
    }
}
