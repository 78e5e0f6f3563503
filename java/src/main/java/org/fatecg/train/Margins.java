package org.fatecg.train;

import org.fatecg.nn.Module;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Tensor;

/**
 * The pieces Ma and Liang's losses share (Ma and Liang, "Improve robustness of DNN for ECG signal
 * classification: a noise-to-signal ratio perspective", 2020, eqs. 5, 10, 14, 16), as their published
 * code computes them: which samples are classified correctly, the squared error to the one-hot target,
 * the within-margin multi-margin term, and w_y = d z_y / d x, the row of the input Jacobian of the true
 * class (eq. 2: z_y = w_y^T x + b_y exactly, for a ReLU network at x).
 */
final class Margins {
    private Margins() {}

    /** The samples of a batch whose largest logit is the label: a 0/1 mask (N) and how many are set. */
    record Correct(float[] mask, int count) {
        static Correct of(Tensor z, Tensor y) {
            int[] pred = Functional.argmax(z);
            float[] lab = y.toArray(), mask = new float[pred.length];
            int count = 0;
            for (int i = 0; i < pred.length; i++)
                if (pred[i] == (int) lab[i]) {
                    mask[i] = 1f;
                    count++;
                }
            return new Correct(mask, count);
        }

        Tensor tensor() {
            return Tensor.of(mask, mask.length);
        }
    }

    /** MSE to the one-hot target as the authors sum it: (1/N) sum_i sum_j (z_ij - [j = y_i])^2. */
    static Tensor squaredError(Tensor z, Tensor y) {
        Tensor d = z.sub(Functional.oneHot(y, z.dim(1)));
        return Functional.sum(d.mul(d)).div(z.dim(0));
    }

    /**
     * The multi-margin term over the correctly classified samples: t_ij = 1 - z_iy + z_ij for j != y_i,
     * kept where 0 < t_ij < 2 (the sample lies within the margin of class j, on either side), averaged
     * over the kept terms; 0 when none is kept. Which terms are kept is decided on the values and is
     * piecewise constant, so it carries no gradient.
     */
    static Tensor margin(Tensor z, Tensor y, Correct correct) {
        int n = z.dim(0), c = z.dim(1);
        float[] zv = z.toArray(), lab = y.toArray(), keep = new float[n * c];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (correct.mask()[i] == 0f) continue;
            int yi = (int) lab[i];
            for (int j = 0; j < c; j++) {
                if (j == yi) continue;
                float t = 1f - zv[i * c + yi] + zv[i * c + j];
                if (t > 0f && t < 2f) {
                    keep[i * c + j] = 1f;
                    kept++;
                }
            }
        }
        if (kept == 0) return Tensor.scalar(0f);
        Tensor zy = trueLogit(z, y).reshape(n, 1);
        Tensor t = z.sub(zy).add(1f);
        return Functional.sum(t.mul(Tensor.of(keep, n, c))).div(kept);
    }

    /** z_iy, (N). */
    static Tensor trueLogit(Tensor z, Tensor y) {
        return Functional.sum(z.mul(Functional.oneHot(y, z.dim(1))), 1).reshape(z.dim(0));
    }

    /**
     * w_y = d z_y / d x for every sample, (N, 1, L), recorded so that it can be differentiated again;
     * rows where mask is 0 are zero. x must be the leaf z was computed from.
     */
    static Tensor trueClassInputGradient(Tensor z, Tensor y, Tensor x, Tensor mask) {
        Tensor picked = Functional.sum(trueLogit(z, y).mul(mask));
        return Autograd.grad(picked, null, true, x)[0];
    }

    /** Per-sample L1 norm of (N, ...) as (N). */
    static Tensor l1PerSample(Tensor g) {
        int n = g.dim(0);
        return g.abs().reshape(n, -1).sumTo(n, 1).reshape(n);
    }

    /** A fresh leaf over x's numbers that records gradients, for the input-gradient objectives. */
    static Tensor inputLeaf(Tensor x) {
        return x.detach().requiresGrad(true);
    }

    /** Rejects a network with biases (loss1 assumes z = W^T x, eq. 3). */
    static void requireBiasFree(Module model, String objective) {
        for (org.fatecg.nn.Parameter p : model.parameters())
            if (p.name().endsWith("bias"))
                throw new IllegalArgumentException(
                        objective + " needs a bias-free network (z_y = w_y^T x), but the model has '" + p.name() + "'");
    }
}
