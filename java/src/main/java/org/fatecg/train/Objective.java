package org.fatecg.train;

import org.fatecg.nn.Module;
import org.fatecg.tensor.Tensor;

/**
 * A training objective: the scalar whose gradient with respect to the model's parameters is one training
 * step's direction. x is (N, 1, L) in [0, 1], y the labels (N) as floats ({@link org.fatecg.tensor.Functional#labels}).
 * The objectives of Ma and Liang (2020) differentiate an input gradient (double backpropagation); the
 * returned tensor then carries that second-order graph, and {@link TrainStep} differentiates it once more.
 * Objectives are made by name in {@link Objectives}.
 */
public interface Objective {
    /** The name as {@link Objectives#of} accepts it, e.g. "loss2" or "adv0.1". */
    String name();

    /** The batch loss (a scalar with a graph back to the parameters). The model is left as it was found. */
    Tensor loss(Module model, Tensor x, Tensor y);
}
