package org.fatecg.optim;

import java.util.List;
import org.fatecg.nn.Parameter;
import org.fatecg.tensor.Tensor;

/** Plain stochastic gradient descent: p -= lr g. */
public final class Sgd extends Optimizer {
    private final float lr;

    public Sgd(List<Parameter> params, float lr) {
        super(params, 0);
        this.lr = lr;
    }

    @Override
    protected void update(int i, Tensor p, Tensor g, int t) {
        p.storage().backend().sgdStep(p.storage(), g.storage(), lr, p.size());
    }
}
