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
    private final Tensor[] m, v;
    /** Steps taken per parameter (PyTorch's state['step']): a parameter skipped for lack of a gradient does not count. */
    private final int[] t;

    public Adam(List<Parameter> params, float lr, float beta1, float beta2, float eps) {
        super(params);
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        m = new Tensor[this.params.size()];
        v = new Tensor[this.params.size()];
        t = new int[this.params.size()];
    }

    /** The paper's setting: lr 1e-3, betas (0.9, 0.999), eps 1e-8. */
    public Adam(List<Parameter> params) {
        this(params, 1e-3f, 0.9f, 0.999f, 1e-8f);
    }

    @Override
    protected void update(int i, Tensor p, Tensor g) {
        if (m[i] == null) {
            m[i] = stateLike(p);
            v[i] = stateLike(p);
        }
        t[i]++;
        float bc1 = (float) (1 - Math.pow(beta1, t[i]));
        float bc2 = (float) (1 - Math.pow(beta2, t[i]));
        p.storage().backend().adamStep(p.storage(), g.storage(), m[i].storage(), v[i].storage(),
                lr, beta1, beta2, eps, bc1, bc2, p.size());
    }

    @Override
    public void reset() {
        super.reset();
        java.util.Arrays.fill(t, 0);
        for (int i = 0; i < m.length; i++) {
            if (m[i] != null) {
                m[i].storage().backend().fill(m[i].storage(), 0f);
                v[i].storage().backend().fill(v[i].storage(), 0f);
            }
        }
    }
}
