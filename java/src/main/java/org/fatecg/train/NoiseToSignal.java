package org.fatecg.train;

import org.fatecg.nn.Module;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Tensor;

/**
 * loss2 of Ma and Liang (2020, eqs. 9-10): mse-margin plus the log of a bound on the noise-to-signal ratio
 * of the true-class logit. With z_y = w_y^T x + b_y and noise ||e||_inf <= 1,
 * NSR_y = |w_y^T e| / |z_y| <= ||w_y||_1 / |z_y| = R_2, and
 * <pre>
 *   L = mse + margin + beta (1/|C|) sum_{i in C} log(1 + ||w_{y,i}||_1 / (|z_{i,y}| + 0.01)),
 *   w_{y,i} = d z_{i,y} / d x_i,   C = the correctly classified samples of the batch
 * </pre>
 * (0.01 keeps the ratio finite, as in the authors' code). Beta: 0.4 for the MLP, 0.3 for CNNs (the
 * authors' code; the paper's text says 0.5). The gradient of L differentiates w_y: double backpropagation.
 */
public final class NoiseToSignal implements Objective {
    public static final float BETA_MLP = 0.4f, BETA_CNN = 0.3f, Z_FLOOR = 0.01f;
    private final float beta;

    public NoiseToSignal(float beta) {
        this.beta = beta;
    }

    @Override
    public String name() {
        return "loss2";
    }

    @Override
    public Tensor loss(Module model, Tensor x, Tensor y) {
        Tensor leaf = Margins.inputLeaf(x);
        Tensor z = model.forward(leaf);
        Margins.Correct correct = Margins.Correct.of(z, y);
        Tensor base = Margins.squaredError(z, y).add(Margins.margin(z, y, correct));
        if (correct.count() == 0) return base;
        Tensor mask = correct.tensor();
        Tensor w = Margins.trueClassInputGradient(z, y, leaf, mask);
        Tensor ratio = Margins.l1PerSample(w).div(Margins.trueLogit(z, y).abs().add(Z_FLOOR));
        Tensor r2 = Functional.sum(ratio.add(1f).log().mul(mask)).div(correct.count());
        return base.add(r2.mul(beta));
    }
}
