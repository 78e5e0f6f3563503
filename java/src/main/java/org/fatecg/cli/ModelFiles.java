package org.fatecg.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.fl.Checkpoint;
import org.fatecg.fl.Simulation;
import org.fatecg.fl.WeightLayout;
import org.fatecg.io.OrderedMap;
import org.fatecg.nn.Layers;
import org.fatecg.nn.Models;
import org.fatecg.nn.Safetensors;
import org.fatecg.tensor.Rng;

/**
 * Model files of fatecg: safetensors with the tensors named as PyTorch's state_dict of the network
 * (conv1.weight, conv1.bias, ..., fc3.bias for the paper CNN; F32, the same shapes), so that
 * {@code model.load_state_dict(safetensors.torch.load_file(path))} loads them, with string metadata
 * ("format": "pt", federation, round, seed). {@link #load} builds the network a file holds (attack, eval);
 * the rest writes and checks paper-CNN weights as flat vectors (run's final models, export, import).
 */
final class ModelFiles {
    private ModelFiles() {}

    /**
     * Reads a trained model from a safetensors file whose tensors are named as a PyTorch state_dict
     * ({@code conv1.weight}, ..., {@code fc3.bias}); a {@code model.} prefix (as in the golden file) is
     * accepted. The architecture follows from the names: conv1..conv4 is the paper CNN, fc1..fc5 the MLP of
     * Ma and Liang (2020) (its input length from fc1's shape); a file without biases gives the bias-free variant.
     */
    static Layers.Sequential load(Path file) throws IOException {
        Safetensors.Contents c = readSafetensors(file);
        String prefix = c.tensors.containsKey("model.conv1.weight") || c.tensors.containsKey("model.fc1.weight") ? "model." : "";
        Map<String, float[]> w = c.floatsWithPrefix(prefix);
        boolean cnn = w.containsKey("conv1.weight"), mlp = w.containsKey("fc5.weight");
        if (!cnn && !mlp)
            throw new IOException(file + ": neither the paper CNN (conv1.weight) nor the MLP of Ma and Liang 2020 (fc1..fc5) is in it");
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

    /** Safetensors.read with a clear error for a folder (a missing file is reported by Main.describe). */
    private static Safetensors.Contents readSafetensors(Path file) throws IOException {
        if (Files.isDirectory(file))
            throw new IOException(file + ": is a folder, not a model file (a run keeps its models in DIR/models/*.safetensors)");
        return Safetensors.read(file);
    }

    /** The paper CNN's layout: names and shapes every model file must match. */
    static WeightLayout paperLayout() {
        return new WeightLayout(Models.paperCnn(new Rng(0)));
    }

    static void write(Path file, WeightLayout layout, float[] weights, Map<String, String> meta) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "pt");
        m.put("architecture", "CNN of Çelik and Güllü (2025), Mitigating adversarial attacks on ECG classification in federated learning via adversarial training; " + layout.size() + " parameters");
        m.putAll(meta);
        Safetensors.write(file, layout.toEntries(weights), m);
    }

    /** models/non-fat.safetensors and models/fat.safetensors: the final global weights. */
    static void writeFinal(Path dir, List<Simulation> sims, WeightLayout layout, long seed) throws IOException {
        Files.createDirectories(dir);
        for (Simulation s : sims)
            write(dir.resolve(slug(s.name()) + ".safetensors"), layout, s.global(),
                    OrderedMap.of("federation", s.name(), "round", Integer.toString(s.round()), "seed", Long.toString(seed)));
    }

    /**
     * Reads weights from a safetensors file whose tensors are the paper CNN's, with or without one common
     * name prefix (PyTorch wrappers often save "model.conv1.weight"). Missing, extra or misshapen tensors
     * are an error that lists them.
     */
    static float[] read(Path file, WeightLayout layout) throws IOException {
        Safetensors.Contents c = readSafetensors(file);
        String prefix = prefixOf(c.tensors.keySet(), layout);
        return layout.fromEntries(c.tensors, prefix, file.toString());
    }

    /** "" when the names match as they are, else the one prefix ending in '.' before conv1.weight. */
    static String prefixOf(java.util.Set<String> names, WeightLayout layout) {
        String first = layout.name(0);
        if (names.contains(first)) return "";
        for (String n : names)
            if (n.endsWith("." + first)) return n.substring(0, n.length() - first.length());
        return "";
    }

    /** The weights of a run folder, a checkpoint folder, or a model file, for export. */
    static Map<String, float[]> fromRun(Path path, WeightLayout layout) throws IOException {
        Map<String, float[]> out = new LinkedHashMap<>();
        Path ck = Files.isDirectory(path.resolve("checkpoint")) ? path.resolve("checkpoint") : path;
        if (Checkpoint.exists(ck)) {
            for (Checkpoint.Federation f : Checkpoint.read(ck, layout).federations()) out.put(f.name(), f.weights());
            return out;
        }
        if (Files.isRegularFile(path)) {
            out.put(path.getFileName().toString().replaceFirst("\\.safetensors$", ""), read(path, layout));
            return out;
        }
        throw new IOException(path + ": neither a run folder (with checkpoint/state.json), a checkpoint folder, nor a model file");
    }

    static String slug(String name) {
        return name.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }
}
