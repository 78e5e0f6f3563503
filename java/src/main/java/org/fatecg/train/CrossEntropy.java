package org.fatecg.train;

import org.fatecg.nn.Module;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Tensor;

/** "ce": L = (1/N) sum_i -log softmax(z_i)_{y_i}, the baseline of Ma and Liang (2020). */
public final class CrossEntropy implements Objective {
    @Override
    public String name() {
        return "ce";
    }

    @Override
    public Tensor loss(Module model, Tensor x, Tensor y) {
        return Functional.crossEntropy(model.forward(x), y);
    }
}
