package org.fatecg.train;

import org.fatecg.nn.Module;
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
            Tensor[] wrt = opt.parameters();
            Tensor[] g = loss.requiresGrad() ? Autograd.grad(loss, wrt) : new Tensor[wrt.length];
            // a loss that does not reach the parameters still steps them with a zero gradient (moments decay)
            for (int i = 0; i < wrt.length; i++) if (g[i] == null) g[i] = Tensor.zeros(wrt[i].shape());
            opt.step(g);
            return loss.item();
        }
    }
}
