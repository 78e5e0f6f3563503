package org.fatecg.optim;

import java.util.List;
import org.fatecg.nn.Parameter;
import org.fatecg.tensor.Tensor;

/**
 * Adam (Kingma and Ba 2015) with PyTorch's semantics and operation order:
 * m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;
 * p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
 * The update is one fused backend kernel per parameter.
 */
public final class Adam extends Optimizer {
    private final float lr, beta1, beta2, eps;

    public Adam(List<Parameter> params, float lr, float beta1, float beta2, float eps) {
        super(params, 2);
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    /** The paper's setting: lr 1e-3, betas (0.9, 0.999), eps 1e-8. */
    public Adam(List<Parameter> params) {
        this(params, 1e-3f, 0.9f, 0.999f, 1e-8f);
    }

    @Override
    protected void update(int i, Tensor p, Tensor g, int t) {
        Tensor m = state(i, 0), v = state(i, 1);
        float bc1 = (float) (1 - Math.pow(beta1, t));
        float bc2 = (float) (1 - Math.pow(beta2, t));
        p.storage()
                .backend()
                .adamStep(
                        p.storage(), g.storage(), m.storage(), v.storage(), lr, beta1, beta2, eps, bc1, bc2, p.size());
    }
}
