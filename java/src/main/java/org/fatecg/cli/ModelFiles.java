package org.fatecg.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fatecg.data.WindowSettings;
import org.fatecg.fl.Checkpoint;
import org.fatecg.fl.Simulation;
import org.fatecg.fl.WeightLayout;
import org.fatecg.io.OrderedMap;
import org.fatecg.nn.AttentionCnn;
import org.fatecg.nn.Models;
import org.fatecg.nn.Module;
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
     * Ma and Liang (2020) (its input length from fc1's shape); a file without biases gives the bias-free variant;
     * attention.gamma is attention-cnn, conv4 with a single fc is gap-cnn ({@link AttentionCnn#detect}).
     */
    static Module load(Path file) throws IOException {
        Safetensors.Contents c = readSafetensors(file);
        String prefix = c.tensors.containsKey("model.conv1.weight")
                        || c.tensors.containsKey("model.fc1.weight")
                        || c.tensors.containsKey("model.conv0.weight")
                ? "model."
                : "";
        Set<String> names = new LinkedHashSet<>();
        for (String k : c.tensors.keySet()) if (k.startsWith(prefix)) names.add(k.substring(prefix.length()));
        Module net;
        String named = AttentionCnn.detect(names);
        if (AttentionCnn.ATTENTION_CNN.equals(named) || AttentionCnn.GAP_CNN.equals(named)) {
            net = AttentionCnn.build(named, new Rng(0));
        } else {
            String arch = Models.nameOf(names);
            if (arch == null)
                throw new IOException(
                        file
                                + ": neither the paper CNN (conv1.weight), the MLP of Ma and Liang 2020 (fc1..fc5) nor the residual CNN (conv0, block.0..4) is in it");
            Safetensors.Entry fc1 = c.tensors.get(prefix + "fc1.weight");
            if (arch.equals("mlp") && (fc1 == null || fc1.shape.length != 2))
                throw new IOException(file + ": tensor '" + prefix + "fc1.weight' "
                        + (fc1 == null ? "is missing" : "has shape " + java.util.Arrays.toString(fc1.shape))
                        + "; the MLP needs it as [hidden, input length]");
            Rng unused = new Rng(0); // the weights are overwritten by the file's
            boolean bias = names.contains(
                    arch.equals("resnet") ? "conv0.bias" : arch.equals("mlp") ? "fc1.bias" : "conv1.bias");
            int length = arch.equals("mlp") ? fc1.shape[1] : Models.BEAT_LENGTH;
            net = Models.byName(arch, unused, length, bias);
        }
        // With the "model." prefix the other tensors (a golden bundle's inputs and outputs) are not the
        // model's; every tensor under the prefix, or every tensor of an unprefixed file, must be.
        Map<String, Safetensors.Entry> own = new LinkedHashMap<>();
        for (Map.Entry<String, Safetensors.Entry> e : c.tensors.entrySet())
            if (e.getKey().startsWith(prefix)) own.put(e.getKey(), e.getValue());
        WeightLayout layout = new WeightLayout(net);
        try {
            layout.load(net, layout.fromEntries(own, prefix, file.toString()));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        return net;
    }

    /**
     * What a model file says about the beats it takes.
     *
     * @param file        the model file
     * @param recorded    the beats its metadata names ({@link WindowSettings#fromMetadata}), null when it has none
     * @param inputLength the samples per beat its layers fix (the MLP's fc1 input, the paper CNN's 180), 0 when
     *                    any length goes (residual, attention and GAP CNNs pool globally)
     */
    record BeatsOf(Path file, WindowSettings recorded, int inputLength) {
        /**
         * The MIT-BIH beats to run the model on: the recorded ones; without a record, Kachuee beats for a
         * model fixed to their 187 samples and otherwise the paper's windows on lead 1 (as before beats were
         * recorded).
         *
         * @throws IllegalArgumentException when the model's input length is neither format's
         */
        WindowSettings mitBih() {
            WindowSettings ws = recorded != null
                    ? recorded
                    : inputLength == WindowSettings.KACHUEE.length() ? WindowSettings.KACHUEE : WindowSettings.PAPER;
            if (inputLength > 0 && inputLength != ws.length())
                throw new IllegalArgumentException(file + ": the model takes " + inputLength
                        + "-sample beats, but no MIT-BIH beat format has that length (windows "
                        + WindowSettings.PAPER.length() + ", kachuee " + WindowSettings.KACHUEE.length() + ")");
            return ws;
        }
    }

    /**
     * The beats {@code net}, loaded from {@code file} by {@link #load}, takes: its metadata and input length.
     *
     * @throws IOException naming the file and field when the metadata is not understood or names beats of
     *     another length than the model takes
     */
    static BeatsOf beatsOf(Path file, Module net) throws IOException {
        Safetensors.Contents c = readSafetensors(file);
        WindowSettings recorded;
        try {
            recorded = WindowSettings.fromMetadata(c.metadata);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        String arch = Models.nameOf(net.stateDict().keySet());
        int length = "mlp".equals(arch)
                ? net.shapes().get("fc1.weight")[1]
                : "paper-cnn".equals(arch) ? Models.BEAT_LENGTH : 0;
        if (recorded != null && length > 0 && recorded.length() != length)
            throw new IOException(file + ": metadata field '" + WindowSettings.BEATS_FIELD + "' = '" + recorded.key()
                    + "' names " + recorded.length() + "-sample beats, but the " + arch + " takes " + length
                    + ("mlp".equals(arch)
                            ? " (tensor fc1.weight "
                                    + java.util.Arrays.toString(net.shapes().get("fc1.weight")) + ")"
                            : ""));
        return new BeatsOf(file, recorded, length);
    }

    /** Safetensors.read with a clear error for a folder (a missing file is reported by Main.describe). */
    private static Safetensors.Contents readSafetensors(Path file) throws IOException {
        if (Files.isDirectory(file))
            throw new IOException(
                    file + ": is a folder, not a model file (a run keeps its models in DIR/models/*.safetensors)");
        return Safetensors.read(file);
    }

    /** The paper CNN's layout: names and shapes every model file must match. */
    static WeightLayout paperLayout() {
        return new WeightLayout(Models.paperCnn(new Rng(0)));
    }

    static void write(Path file, WeightLayout layout, float[] weights, Map<String, String> meta) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "pt");
        m.put(
                "architecture",
                "CNN of Çelik and Güllü (2025), Mitigating adversarial attacks on ECG classification in federated learning via adversarial training; "
                        + layout.size() + " parameters");
        m.putAll(meta);
        Safetensors.write(file, layout.toEntries(weights), m);
    }

    /** models/non-fat.safetensors and models/fat.safetensors: the final global weights, with the beats they saw. */
    static void writeFinal(Path dir, List<Simulation> sims, WeightLayout layout, long seed, WindowSettings beats)
            throws IOException {
        Files.createDirectories(dir);
        for (Simulation s : sims) {
            Map<String, String> meta = OrderedMap.of(
                    "federation", s.name(), "round", Integer.toString(s.round()), "seed", Long.toString(seed));
            meta.putAll(beats.metadata());
            write(dir.resolve(slug(s.name()) + ".safetensors"), layout, s.global(), meta);
        }
    }

    /**
     * Reads weights from a safetensors file whose tensors are the paper CNN's, with or without one common
     * name prefix (PyTorch wrappers often save "model.conv1.weight"). Missing, extra or misshapen tensors
     * are an error that lists them.
     */
    static float[] read(Path file, WeightLayout layout) throws IOException {
        Safetensors.Contents c = readSafetensors(file);
        String prefix = prefixOf(c.tensors.keySet(), layout);
        try {
            return layout.fromEntries(c.tensors, prefix, file.toString());
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** "" when the names match as they are, else the one prefix ending in '.' before conv1.weight. */
    static String prefixOf(java.util.Set<String> names, WeightLayout layout) {
        String first = layout.name(0);
        if (names.contains(first)) return "";
        for (String n : names) if (n.endsWith("." + first)) return n.substring(0, n.length() - first.length());
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
        throw new IOException(
                path + ": neither a run folder (with checkpoint/state.json), a checkpoint folder, nor a model file");
    }

    static String slug(String name) {
        return name.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }
}
