package org.fatecg.nn;

import org.fatecg.tensor.Tensor;

/** A named trainable tensor; the name follows PyTorch's state_dict ("conv1.weight"). */
public final class Parameter {
    private final String name;
    private final Tensor value;

    public Parameter(String name, Tensor value) {
        this.name = name;
        this.value = value;
        value.requiresGrad(true);
    }

    public String name() {
        return name;
    }

    public Tensor value() {
        return value;
    }

    @Override
    public String toString() {
        return name + " " + value;
    }
}
