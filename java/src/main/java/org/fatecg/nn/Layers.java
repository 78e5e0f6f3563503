package org.fatecg.nn;

import java.util.ArrayList;
import java.util.List;
import org.fatecg.backend.Profiler;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;

/** The layers of the paper's networks. Initialisation follows PyTorch's defaults (see {@link #uniformInit}). */
public final class Layers {
    private Layers() {}

    /**
     * PyTorch's default: kaiming_uniform_(a = sqrt 5) for weights, whose bound gain * sqrt(3 / fan_in) with
     * gain = sqrt(2 / (1 + a^2)) simplifies to 1 / sqrt(fan_in); biases are U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
     */
    static Tensor uniformInit(Rng rng, int fanIn, int... shape) {
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        return Arena.unmanaged(() -> Tensor.uniform(rng, -bound, bound, shape));
    }

    /** y = conv1d(x, w, padding) + b: x (N, C, L), w (O, C, K), b (O). */
    public static final class Conv1d extends Module {
        private final Parameter weight, bias;
        private final int pad;

        public Conv1d(int in, int out, int kernel, int pad, boolean withBias, Rng rng) {
            this.pad = pad;
            weight = new Parameter("weight", uniformInit(rng, in * kernel, out, in, kernel));
            bias = withBias ? new Parameter("bias", uniformInit(rng, in * kernel, out)) : null;
        }

        @Override
        public Tensor forward(Tensor x) {
            return Functional.conv1dBias(x, weight.value(), bias == null ? null : bias.value(), pad);
        }

        /** This layer, then ReLU and MaxPool1d: one fused kernel when no graph is recorded (Functional.conv1dBiasReluPool). */
        Tensor forwardReluPool(Tensor x) {
            return Functional.conv1dBiasReluPool(x, weight.value(), bias == null ? null : bias.value(), pad);
        }

        @Override
        public List<Parameter> parameters() {
            return bias == null ? List.of(weight) : List.of(weight, bias);
        }
    }

    /** y = x W^T + b: x (N, in), W (out, in), b (out), as torch.nn.Linear. */
    public static final class Linear extends Module {
        private final Parameter weight, bias;

        public Linear(int in, int out, boolean withBias, Rng rng) {
            weight = new Parameter("weight", uniformInit(rng, in, out, in));
            bias = withBias ? new Parameter("bias", uniformInit(rng, in, out)) : null;
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor y = x.matmul(weight.value(), false, true);
            return bias == null ? y : y.add(bias.value());
        }

        @Override
        public List<Parameter> parameters() {
            return bias == null ? List.of(weight) : List.of(weight, bias);
        }
    }

    /** Modules without parameters. */
    public abstract static class Stateless extends Module {
        @Override
        public List<Parameter> parameters() {
            return List.of();
        }
    }

    public static final class ReLU extends Stateless {
        @Override
        public Tensor forward(Tensor x) {
            return x.relu();
        }
    }

    /** MaxPool1d(kernel 2, stride 2), floor: an odd last sample is dropped. */
    public static final class MaxPool1d extends Stateless {
        @Override
        public Tensor forward(Tensor x) {
            return x.maxPool2();
        }
    }

    /** (N, ...) -> (N, prod(...)), in PyTorch's order (channel-major for (N, C, L)). */
    public static final class Flatten extends Stateless {
        @Override
        public Tensor forward(Tensor x) {
            return x.reshape(x.dim(0), -1);
        }
    }

    /** Named layers applied in order; parameter names are "child.param". */
    public static final class Sequential extends Module {
        private final java.util.LinkedHashMap<String, Module> children = new java.util.LinkedHashMap<>();
        private List<Parameter> params;
        private Module[] ordered;

        public Sequential add(String name, Module m) {
            if (children.put(name, m) != null) throw new IllegalArgumentException("duplicate layer name " + name);
            params = null;
            ordered = null;
            return this;
        }

        /**
         * The layers in order; a Conv1d followed by ReLU and MaxPool1d runs as one block
         * ({@link Conv1d#forwardReluPool}), which is the same three layers, fused when nothing is recorded.
         */
        @Override
        public Tensor forward(Tensor x) {
            try (Profiler.Phase forward = Profiler.phase("forward")) {
                Module[] layers = ordered();
                for (int i = 0; i < layers.length; i++) {
                    if (layers[i] instanceof Conv1d
                            && i + 2 < layers.length
                            && layers[i + 1] instanceof ReLU
                            && layers[i + 2] instanceof MaxPool1d) {
                        x = ((Conv1d) layers[i]).forwardReluPool(x);
                        i += 2;
                    } else {
                        x = layers[i].forward(x);
                    }
                }
                return x;
            }
        }

        private Module[] ordered() {
            if (ordered == null) ordered = children.values().toArray(new Module[0]);
            return ordered;
        }

        @Override
        public List<Parameter> parameters() {
            if (params == null) params = collect(children);
            return params;
        }

        public List<String> layerNames() {
            return new ArrayList<>(children.keySet());
        }

        /** The layer of that name (for explanations that need intermediate maps). */
        public Module layer(String name) {
            Module m = children.get(name);
            if (m == null)
                throw new IllegalArgumentException("no layer '" + name + "' (have " + children.keySet() + ")");
            return m;
        }

        /** The layers by name, in order (read-only), e.g. for a model summary. */
        public java.util.Map<String, Module> layers() {
            return java.util.Collections.unmodifiableMap(children);
        }
    }
}
