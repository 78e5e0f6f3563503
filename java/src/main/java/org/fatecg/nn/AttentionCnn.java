package org.fatecg.nn;

import java.util.List;
import java.util.Set;
import org.fatecg.tensor.Rng;

/**
 * The networks that compare attention with no attention on the paper CNN's convolutional trunk
 * (Wasserman 2022's design, carried from ResNet-50 on images to the FAT paper's CNN on beats):
 * <pre>
 *   trunk         conv1 relu1 pool1  conv2 relu2 pool2  conv3 relu3 pool3  conv4 relu4    (N, 128, 22)
 *   attention-cnn trunk, attention = {@link SoftAttention1d} (K 16, dropout 0.5) -> (N, 256), fc Linear(256, 5)
 *   gap-cnn       trunk, pool4, global average pooling -> (N, 128), fc Linear(128, 5)
 * </pre>
 * The trunk is the paper CNN's first four blocks with their state_dict names; the attention block takes
 * the last convolutional maps before the fourth pooling (the paper's block receives the last conv maps and
 * max-pools them itself) and the head is one linear layer as wide as the classes (the paper's). gap-cnn is
 * the paper's vanilla counterpart (global average pooling, then the linear head); the project's vanilla
 * model remains the paper CNN ({@link Models#paperCnn}), whose head is three linear layers.
 *
 * <p>Built from the same stream in the same order as the paper CNN, the trunk starts from the same
 * weights as the paper CNN of the same seed.
 */
public final class AttentionCnn {
    private AttentionCnn() {}

    public static final String PAPER_CNN = "cnn", ATTENTION_CNN = "attention-cnn", GAP_CNN = "gap-cnn";
    /** The model names fatecg builds; every one a Sequential with a layer {@link #LAST_CONV}. */
    public static final List<String> NAMES = List.of(PAPER_CNN, ATTENTION_CNN, GAP_CNN);
    /** The layer whose output is the last convolutional maps (N, 128, 22), for Grad-CAM. */
    public static final String LAST_CONV = "relu4";
    /** The attention block's layer name in attention-cnn. */
    public static final String ATTENTION = "attention";

    /** 410,021 (cnn), 39,990 (attention-cnn), 33,189 (gap-cnn) parameters for 180-sample beats. */
    public static Layers.Sequential build(String name, Rng rng) {
        switch (name) {
            case PAPER_CNN:
                return Models.paperCnn(rng);
            case ATTENTION_CNN:
                return attentionCnn(rng, SoftAttention1d.DEFAULT_MAPS);
            case GAP_CNN:
                return gapCnn(rng);
            default:
                throw new IllegalArgumentException("unknown model '" + name + "': expected one of " + NAMES);
        }
    }

    public static Layers.Sequential attentionCnn(Rng rng, int maps) {
        Layers.Sequential net = trunk(rng);
        net.add(ATTENTION, new SoftAttention1d(128, maps, SoftAttention1d.DROPOUT, rng));
        net.add("fc", new Layers.Linear(256, Models.CLASSES, true, rng));
        return net;
    }

    public static Layers.Sequential gapCnn(Rng rng) {
        Layers.Sequential net = trunk(rng);
        net.add("pool4", new Layers.MaxPool1d());
        net.add("gap", new GlobalAveragePool());
        net.add("fc", new Layers.Linear(128, Models.CLASSES, true, rng));
        return net;
    }

    /** conv1..conv4 of the paper CNN with ReLUs, pooled after the first three: (N, 1, 180) -> (N, 128, 22). */
    static Layers.Sequential trunk(Rng rng) {
        Layers.Sequential net = new Layers.Sequential();
        int[] channels = {1, 16, 32, 64, 128};
        for (int i = 1; i <= 4; i++) {
            net.add("conv" + i, new Layers.Conv1d(channels[i - 1], channels[i], 3, 1, true, rng));
            net.add("relu" + i, new Layers.ReLU());
            if (i < 4) net.add("pool" + i, new Layers.MaxPool1d());
        }
        return net;
    }

    /** The model name whose state_dict has these parameter names, or null when none of fatecg's fits. */
    public static String detect(Set<String> names) {
        if (names.contains(ATTENTION + ".gamma")) return ATTENTION_CNN;
        if (names.contains("conv4.weight") && names.contains("fc.weight") && !names.contains("fc1.weight"))
            return GAP_CNN;
        if (names.contains("conv1.weight") && names.contains("fc3.weight")) return PAPER_CNN;
        return null;
    }
}
