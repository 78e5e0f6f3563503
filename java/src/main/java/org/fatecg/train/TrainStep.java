package org.fatecg.train;

import java.util.List;
import org.fatecg.nn.Module;
import org.fatecg.nn.Parameter;
import org.fatecg.optim.Optimizer;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Tensor;

/**
 * One optimiser step on an objective: g = d L / d theta over the parameters only (the input, a leaf of
 * the double-backprop objectives, gets no gradient and its first-layer adjoint is never run), written into
 * each parameter's gradient buffer (reused from step to step), then the optimiser's update.
 */
public final class TrainStep {
    private TrainStep() {}

    /** Returns the loss before the step. */
    public static float step(Module model, Optimizer opt, Objective objective, Tensor x, Tensor y) {
        try (Arena a = Arena.open()) {
            Tensor loss = objective.loss(model, x, y);
            List<Parameter> ps = model.parameters();
            Tensor[] wrt = new Tensor[ps.size()];
            for (int i = 0; i < wrt.length; i++) wrt[i] = ps.get(i).value();
            Tensor[] g = loss.requiresGrad() ? Autograd.grad(loss, wrt) : null;
            for (int i = 0; i < wrt.length; i++) {
                Tensor p = wrt[i];
                Tensor gi = g != null ? g[i] : Tensor.zeros(p.shape());
                if (p.grad == null) p.grad = Arena.unmanaged(gi::copy);
                else p.grad.assign(gi);
            }
            opt.step();
            return loss.item();
        }
    }
}
