package org.fatecg.optim;

import java.util.List;
import org.fatecg.nn.Parameter;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Tensor;

/**
 * Updates parameters in place from their accumulated gradients. State (moments, step count) lives outside
 * any arena and is cleared by {@link #reset}, which the federated loop calls at every round (the paper
 * creates a new Adam per round per client).
 */
public abstract class Optimizer {
    protected final List<Parameter> params;
    protected int step;

    protected Optimizer(List<Parameter> params) {
        this.params = List.copyOf(params);
    }

    /** One update from the current .grad of every parameter (parameters without a gradient are skipped). */
    public final void step() {
        step++;
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i).value();
            if (p.grad != null) update(i, p, p.grad);
        }
    }

    protected abstract void update(int index, Tensor param, Tensor grad);

    /** Forgets all state, as a freshly constructed optimiser. */
    public void reset() {
        step = 0;
    }

    public int steps() {
        return step;
    }

    public void zeroGrad() {
        for (Parameter p : params) p.value().clearGrad();
    }

    /** A zero tensor shaped like a parameter, outside any arena (optimiser state). */
    protected static Tensor stateLike(Tensor p) {
        return Arena.unmanaged(() -> Tensor.zeros(p.shape()));
    }
}
