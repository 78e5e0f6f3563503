package org.fatecg.nn;

import org.fatecg.tensor.Rng;

/** The networks of the papers, built from {@link Layers}. */
public final class Models {
    private Models() {}

    public static final int BEAT_LENGTH = 180;
    public static final int CLASSES = 5;

    /**
     * The CNN of Çelik and Güllü (2025), "Mitigating adversarial attacks on ECG classification in
     * federated learning via adversarial training" (410,021 parameters for 180-sample beats):
     * 4 x [Conv1d(k3, p1) ReLU MaxPool(2)] with 16, 32, 64, 128 channels (180 -> 90 -> 45 -> 22 -> 11),
     * flatten 128*11 = 1408, Linear 256 ReLU, Linear 64 ReLU, Linear 5.
     */
    public static Layers.Sequential paperCnn(Rng rng) {
        return paperCnn(rng, true);
    }

    /** The same CNN, optionally without biases (the first noise-to-signal loss of Ma and Liang 2020 needs a bias-free network). */
    public static Layers.Sequential paperCnn(Rng rng, boolean bias) {
        Layers.Sequential net = new Layers.Sequential();
        int[] channels = {1, 16, 32, 64, 128};
        int length = BEAT_LENGTH;
        for (int i = 1; i <= 4; i++) {
            net.add("conv" + i, new Layers.Conv1d(channels[i - 1], channels[i], 3, 1, bias, rng));
            net.add("relu" + i, new Layers.ReLU());
            net.add("pool" + i, new Layers.MaxPool1d());
            length /= 2;
        }
        net.add("flatten", new Layers.Flatten());
        net.add("fc1", new Layers.Linear(channels[4] * length, 256, bias, rng));
        net.add("relu5", new Layers.ReLU());
        net.add("fc2", new Layers.Linear(256, 64, bias, rng));
        net.add("relu6", new Layers.ReLU());
        net.add("fc3", new Layers.Linear(64, CLASSES, bias, rng));
        return net;
    }

    /** The MLP of Ma and Liang (2020), "Improve robustness of DNN for ECG signal classification: a
     * noise-to-signal ratio perspective": input -> 128 ReLU -> 128 ReLU -> 128 ReLU -> 32 -> 5 (no ReLU after 32). */
    public static Layers.Sequential mlp(Rng rng, int inputLength, boolean bias) {
        Layers.Sequential net = new Layers.Sequential();
        net.add("flatten", new Layers.Flatten());
        net.add("fc1", new Layers.Linear(inputLength, 128, bias, rng));
        net.add("relu1", new Layers.ReLU());
        net.add("fc2", new Layers.Linear(128, 128, bias, rng));
        net.add("relu2", new Layers.ReLU());
        net.add("fc3", new Layers.Linear(128, 128, bias, rng));
        net.add("relu3", new Layers.ReLU());
        net.add("fc4", new Layers.Linear(128, 32, bias, rng));
        net.add("fc5", new Layers.Linear(32, CLASSES, bias, rng));
        return net;
    }

    /** The model names the CLI accepts, in the order the reports list them. */
    public static final java.util.List<String> NAMES = java.util.List.of("paper-cnn", "mlp", "resnet");

    /**
     * A network by name: "paper-cnn" (seed 000's CNN), "mlp" (Ma and Liang's MLP), "resnet" (Kachuee's
     * residual CNN, {@link ResidualCnn}); bias = false gives the bias-free variant (loss1).
     */
    public static Module byName(String name, Rng rng, int inputLength, boolean bias) {
        switch (name) {
            case "paper-cnn":
                if (inputLength != BEAT_LENGTH)
                    throw new IllegalArgumentException(
                            "paper-cnn needs " + BEAT_LENGTH + "-sample beats, got " + inputLength);
                return paperCnn(rng, bias);
            case "mlp":
                return mlp(rng, inputLength, bias);
            case "resnet":
                return new ResidualCnn(rng, inputLength, bias);
            default:
                throw new IllegalArgumentException("unknown model '" + name + "'; expected one of " + NAMES);
        }
    }

    /**
     * Which named network a state_dict's parameter names belong to (conv1..conv4: paper-cnn; fc1..fc5: mlp;
     * conv0 and block.*: resnet), or null for none.
     */
    public static String nameOf(java.util.Set<String> parameterNames) {
        if (parameterNames.contains("conv0.weight") && parameterNames.contains("block.0.conv1.weight")) return "resnet";
        if (parameterNames.contains("conv1.weight")) return "paper-cnn";
        if (parameterNames.contains("fc5.weight")) return "mlp";
        return null;
    }
}
