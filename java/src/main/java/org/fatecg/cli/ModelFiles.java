package org.fatecg.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.fatecg.nn.Layers;
import org.fatecg.nn.Models;
import org.fatecg.nn.Safetensors;
import org.fatecg.tensor.Rng;

/**
 * Reads a trained model from a safetensors file whose tensors are named as a PyTorch state_dict
 * ({@code conv1.weight}, ..., {@code fc3.bias}); a {@code model.} prefix (as in the golden file) is
 * accepted. The architecture follows from the names: conv1..conv4 is the paper CNN, fc1..fc5 the seed-001
 * MLP (its input length from fc1's shape); a file without biases gives the bias-free variant.
 */
final class ModelFiles {
    private ModelFiles() {}

    static Layers.Sequential load(Path file) throws IOException {
        Safetensors.Contents c = Safetensors.read(file);
        String prefix = c.tensors.containsKey("model.conv1.weight") || c.tensors.containsKey("model.fc1.weight") ? "model." : "";
        Map<String, float[]> w = c.floatsWithPrefix(prefix);
        boolean cnn = w.containsKey("conv1.weight"), mlp = w.containsKey("fc5.weight");
        if (!cnn && !mlp)
            throw new IOException(file + ": neither the paper CNN (conv1.weight) nor the seed-001 MLP (fc1..fc5) is in it");
        Rng unused = new Rng(0); // the weights are overwritten by the file's
        Layers.Sequential net = cnn
                ? Models.paperCnn(unused, w.containsKey("conv1.bias"))
                : Models.mlp(unused, c.tensors.get(prefix + "fc1.weight").shape[1], w.containsKey("fc1.bias"));
        try {
            net.loadStateDict(w);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        return net;
    }
}
