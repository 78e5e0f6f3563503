package org.fatecg.optim;

import java.util.Arrays;
import java.util.List;
import org.fatecg.nn.Parameter;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Tensor;

/**
 * Updates parameters in place from their accumulated gradients. State (per-parameter moment buffers and
 * step counts) lives outside any arena and is cleared by {@link #reset}, which the federated loop calls
 * at every round (the paper creates a new Adam per round per client).
 */
public abstract class Optimizer {
    protected final List<Parameter> params;
    private final Tensor[][] state;
    /** Steps taken per parameter (PyTorch's state['step']): a parameter skipped for lack of a gradient does not count. */
    private final int[] steps;
    private int step;

    /** stateSlots: how many buffers shaped like each parameter the method keeps (Adam: m and v). */
    protected Optimizer(List<Parameter> params, int stateSlots) {
        this.params = List.copyOf(params);
        this.state = new Tensor[this.params.size()][stateSlots];
        this.steps = new int[this.params.size()];
    }

    /** One update from the current .grad of every parameter (parameters without a gradient are skipped). */
    public final void step() {
        step++;
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i).value();
            if (p.grad != null) {
                steps[i]++;
                update(i, p, p.grad, steps[i]);
            }
        }
    }

    /** Updates parameter i in place; t is its own step count, from 1. */
    protected abstract void update(int index, Tensor param, Tensor grad, int t);

    /** State buffer `slot` of parameter i, zero on first use. */
    protected final Tensor state(int i, int slot) {
        Tensor s = state[i][slot];
        if (s == null) {
            Tensor p = params.get(i).value();
            s = state[i][slot] = Arena.unmanaged(() -> Tensor.zeros(p.shape()));
        }
        return s;
    }

    /** Forgets all state, as a freshly constructed optimiser (buffers are zeroed and kept). */
    public void reset() {
        step = 0;
        Arrays.fill(steps, 0);
        for (Tensor[] slots : state)
            for (Tensor s : slots) if (s != null) s.storage().backend().fill(s.storage(), 0f);
    }

    /** Calls to step() since construction or reset. */
    public int steps() {
        return step;
    }

    public void zeroGrad() {
        for (Parameter p : params) p.value().clearGrad();
    }
}
