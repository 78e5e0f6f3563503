package org.fatecg.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;

/**
 * The residual CNN of Kachuee, Fazeli and Sarrafzadeh ("ECG heartbeat classification: a deep transferable
 * representation", ICHI 2018), the CNN that Ma and Liang (2020) train with their noise-to-signal losses:
 * <pre>
 *   Conv1d(1 -> 32, k5, p2)
 *   5 x block:  h = conv2(relu(conv1(x))) + x;  x = maxpool_{k5, s2}(relu(h))     (conv: 32 -> 32, k5, p2)
 *   flatten (32 x 2 = 64) -> Linear 32 -> ReLU -> Linear 5 (logits)
 * </pre>
 * Lengths: 180 -> 88 -> 42 -> 19 -> 8 -> 2 for MIT-BIH windows (Kachuee's 187-sample beats also end at 2,
 * so the head is the same 64 -> 32 -> 5). 53,957 parameters with biases. Parameters are named as the
 * authors' PyTorch state_dict: conv0, block.0.conv1 .. block.4.conv2, linear1, linear2.
 *
 * <p>Choices where the papers are silent: no batch normalisation (neither paper has one); no ReLU after
 * conv0 (Kachuee's figure has none, the authors' code has none); initialisation as PyTorch's defaults.
 */
public final class ResidualCnn extends Module {
    public static final int CHANNELS = 32,
            KERNEL = 5,
            PAD = 2,
            POOL_KERNEL = 5,
            POOL_STRIDE = 2,
            BLOCKS = 5,
            HIDDEN = 32;
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final Layers.Conv1d conv0;
    private final Block[] blocks = new Block[BLOCKS];
    private final Layers.Linear linear1, linear2;
    private List<Parameter> params;

    public ResidualCnn(Rng rng, int inputLength, boolean bias) {
        conv0 = put("conv0", new Layers.Conv1d(1, CHANNELS, KERNEL, PAD, bias, rng));
        int length = inputLength;
        for (int b = 0; b < BLOCKS; b++) {
            blocks[b] = put("block." + b, new Block(bias, rng));
            length = (length - POOL_KERNEL) / POOL_STRIDE + 1;
            if (length < 1)
                throw new IllegalArgumentException(
                        "beats of " + inputLength + " samples are too short for five k5/s2 poolings");
        }
        linear1 = put("linear1", new Layers.Linear(CHANNELS * length, HIDDEN, bias, rng));
        linear2 = put("linear2", new Layers.Linear(HIDDEN, Models.CLASSES, bias, rng));
    }

    private <M extends Module> M put(String name, M m) {
        children.put(name, m);
        return m;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = conv0.forward(x);
        for (Block b : blocks) h = b.forward(h);
        h = h.reshape(h.dim(0), -1);
        return linear2.forward(linear1.forward(h).relu());
    }

    @Override
    public List<Parameter> parameters() {
        if (params == null) params = collect(children);
        return params;
    }

    /** conv - ReLU - conv, plus the skip, ReLU, max pool (k5, s2). */
    static final class Block extends Module {
        private final Map<String, Module> children = new LinkedHashMap<>();
        private final Layers.Conv1d conv1, conv2;
        private List<Parameter> params;

        Block(boolean bias, Rng rng) {
            conv1 = new Layers.Conv1d(CHANNELS, CHANNELS, KERNEL, PAD, bias, rng);
            conv2 = new Layers.Conv1d(CHANNELS, CHANNELS, KERNEL, PAD, bias, rng);
            children.put("conv1", conv1);
            children.put("conv2", conv2);
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = conv2.forward(conv1.forward(x).relu()).add(x);
            return Functional.maxPool1d(h.relu(), POOL_KERNEL, POOL_STRIDE);
        }

        @Override
        public List<Parameter> parameters() {
            if (params == null) params = collect(children);
            return params;
        }
    }
}
