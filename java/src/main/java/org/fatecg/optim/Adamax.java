package org.fatecg.optim;

import java.util.List;
import org.fatecg.nn.Parameter;
import org.fatecg.tensor.Tensor;

/**
 * Adamax (Kingma and Ba 2015, section 7.1), PyTorch semantics (Ma and Liang 2020 use lr 1e-3):
 * m = b1 m + (1 - b1) g;  u = max(b2 u, |g| + eps);  p -= lr / (1 - b1^t) * m / u.
 */
public final class Adamax extends Optimizer {
    private final float lr, beta1, beta2, eps;

    public Adamax(List<Parameter> params, float lr, float beta1, float beta2, float eps) {
        super(params, 2);
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    /** PyTorch's defaults but lr: betas (0.9, 0.999), eps 1e-8. */
    public Adamax(List<Parameter> params, float lr) {
        this(params, lr, 0.9f, 0.999f, 1e-8f);
    }

    @Override
    protected void update(int i, Tensor p, Tensor g, int t) {
        Tensor m = state(i, 0), u = state(i, 1);
        float bc1 = (float) (1 - Math.pow(beta1, t));
        p.storage()
                .backend()
                .adamaxStep(p.storage(), g.storage(), m.storage(), u.storage(), lr, beta1, beta2, eps, bc1, p.size());
    }
}
