package org.fatecg.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.data.BeatDataset;
import org.fatecg.data.WindowSettings;
import org.fatecg.io.ProgressMeter;
import org.fatecg.nn.Module;
import org.fatecg.nn.Safetensors;
import org.fatecg.optim.Adamax;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;

/**
 * Centralised training of one model on one objective, as Ma and Liang (2020) trained: Adamax (lr 1e-3),
 * minibatches of 128 drawn from a reshuffled, class-balanced (oversampled) training set each epoch.
 * After every epoch a checkpoint (weights, Adamax state, epoch, losses, settings) is written atomically;
 * {@link #train} resumes from it when it exists and its settings equal the current ones, and refuses
 * (naming the field) when they do not. Epoch e shuffles with Rng(seed).fork(e) and draws the random starts
 * of adversarial objectives from Rng(seed).fork(1000 + e), so a resumed run repeats an uninterrupted one.
 */
public final class RobustTrainer {
    /**
     * What defines a training run; all of it is stored in the checkpoint and must match on resume. beats
     * are the settings the training beats were cut with ({@link WindowSettings#key()}): a checkpoint of
     * one beat format never resumes on another (a resnet takes 180 and 187 samples alike and would not
     * notice).
     */
    public record Settings(
            String model,
            String objective,
            int epochs,
            int batch,
            float lr,
            long seed,
            Float weight,
            WindowSettings beats) {
        public Settings {
            if (beats == null) throw new IllegalArgumentException("the beats' window settings are required");
            if (epochs < 1 || batch < 1 || !(lr > 0))
                throw new IllegalArgumentException(
                        "epochs >= 1, batch >= 1 and lr > 0 needed, got " + epochs + ", " + batch + ", " + lr);
            Objectives.check(objective);
        }

        Map<String, String> toMeta() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("model", model);
            m.put("objective", objective);
            m.put("epochs", Integer.toString(epochs));
            m.put("batch", Integer.toString(batch));
            m.put("lr", Float.toString(lr));
            m.put("seed", Long.toString(seed));
            m.put("weight", weight == null ? "default" : Float.toString(weight));
            m.putAll(beats.metadata());
            return m;
        }
    }

    /** Mean training loss and seconds of each epoch run so far (including those before a resume). */
    public record History(List<Double> losses, List<Double> seconds) {}

    private RobustTrainer() {}

    /**
     * Trains net (already built for settings.model(), bias-free for loss1) on data's beats idx (oversample
     * them first for the paper's protocol). checkpoint may be null (no checkpoints).
     */
    public static History train(
            Module net, Settings s, BeatDataset data, int[] idx, Path checkpoint, ProgressMeter.Opener progress)
            throws IOException {
        return train(net, s, data, idx, checkpoint, progress, s.epochs());
    }

    /** As above, stopping after epoch {@code until} (an interrupted run, for tests of resume). */
    static History train(
            Module net,
            Settings s,
            BeatDataset data,
            int[] idx,
            Path checkpoint,
            ProgressMeter.Opener progress,
            int until)
            throws IOException {
        Adamax opt = new Adamax(net.parameters(), s.lr());
        List<Double> losses = new ArrayList<>(), seconds = new ArrayList<>();
        int done = 0;
        if (checkpoint != null && Files.exists(checkpoint)) done = resume(checkpoint, net, opt, s, losses, seconds);
        int len = data.windowLength(), b = s.batch(), n = idx.length;
        if (n == 0) throw new IllegalArgumentException("no training beats");
        int batches = (n + b - 1) / b;
        int[] order = idx.clone();
        try (ProgressMeter bar = progress == null || done >= s.epochs()
                ? null
                : progress.open(s.model() + " " + s.objective(), (long) (s.epochs() - done) * batches)) {
            for (int epoch = done + 1; epoch <= Math.min(until, s.epochs()); epoch++) {
                long start = System.nanoTime();
                System.arraycopy(idx, 0, order, 0, n);
                new Rng(s.seed()).fork(epoch).shuffle(order);
                Objective objective =
                        Objectives.of(s.objective(), s.model(), new Rng(s.seed()).fork(1000 + epoch), s.weight());
                double sum = 0;
                for (int k = 0; k < batches; k++) {
                    int from = k * b, m = Math.min(n, from + b) - from;
                    float[] xs = new float[m * len];
                    int[] ys = new int[m];
                    data.gather(order, from, from + m, xs, ys);
                    float loss = TrainStep.step(net, opt, objective, Tensor.of(xs, m, 1, len), Functional.labels(ys));
                    if (!Float.isFinite(loss))
                        throw new IllegalStateException(s.model() + " " + s.objective() + ": training loss became "
                                + loss + " at epoch " + epoch + ", batch " + (k + 1) + " of " + batches
                                + "; lower the learning rate");
                    sum += loss;
                    if (bar != null) bar.step();
                }
                losses.add((double) (float) (sum
                        / batches)); // as the checkpoint stores it, so a resumed history equals an uninterrupted one
                seconds.add((double) (float) ((System.nanoTime() - start) / 1e9));
                if (checkpoint != null) save(checkpoint, net, opt, s, epoch, losses, seconds);
            }
        }
        return new History(losses, seconds);
    }

    static void save(
            Path file, Module net, Adamax opt, Settings s, int epoch, List<Double> losses, List<Double> seconds)
            throws IOException {
        Map<String, Safetensors.Entry> t = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : net.stateDict().entrySet())
            t.put("model." + e.getKey(), Safetensors.Entry.f32(net.shapes().get(e.getKey()), e.getValue()));
        for (Map.Entry<String, float[]> e : opt.stateDict().entrySet())
            t.put("optim." + e.getKey(), Safetensors.Entry.f32(new int[] {e.getValue().length}, e.getValue()));
        t.put("history.loss", Safetensors.Entry.f32(new int[] {losses.size()}, toFloats(losses)));
        t.put("history.seconds", Safetensors.Entry.f32(new int[] {seconds.size()}, toFloats(seconds)));
        Map<String, String> meta = s.toMeta();
        meta.put("epoch", Integer.toString(epoch));
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        Safetensors.write(file, t, meta);
    }

    private static int resume(Path file, Module net, Adamax opt, Settings s, List<Double> losses, List<Double> seconds)
            throws IOException {
        Safetensors.Contents c = Safetensors.read(file);
        for (Map.Entry<String, String> e : s.toMeta().entrySet()) {
            String had = c.metadata.get(e.getKey());
            if (!e.getValue().equals(had))
                throw new IOException(file + ": checkpoint has " + e.getKey() + " = " + had + ", this run has "
                        + e.getValue() + "; use another output folder or the same settings");
        }
        int epoch;
        try {
            epoch = Integer.parseInt(c.metadata.getOrDefault("epoch", ""));
        } catch (NumberFormatException ex) {
            throw new IOException(
                    file + ": metadata field 'epoch' is not an integer: '" + c.metadata.get("epoch") + "'");
        }
        if (epoch < 1 || epoch > s.epochs())
            throw new IOException(file + ": metadata field 'epoch' = " + epoch + " is outside 1.." + s.epochs());
        try {
            net.loadStateDict(c.floatsWithPrefix("model."));
            opt.loadStateDict(c.floatsWithPrefix("optim."));
        } catch (IllegalArgumentException ex) {
            throw new IOException(file + ": " + ex.getMessage(), ex);
        }
        float[] l = c.floats("history.loss"), sec = c.floats("history.seconds");
        if (l == null || sec == null || l.length != epoch || sec.length != epoch)
            throw new IOException(file + ": history.loss / history.seconds must hold " + epoch + " values");
        for (int i = 0; i < epoch; i++) {
            losses.add((double) l[i]);
            seconds.add((double) sec[i]);
        }
        return epoch;
    }

    private static float[] toFloats(List<Double> v) {
        float[] f = new float[v.size()];
        for (int i = 0; i < f.length; i++) f[i] = v.get(i).floatValue();
        return f;
    }

    /** The trained weights as a model file (PyTorch state_dict names) with the run's settings as metadata. */
    public static void writeModel(Path file, Module net, Settings s) throws IOException {
        Map<String, Safetensors.Entry> t = new LinkedHashMap<>();
        Map<String, int[]> shapes = net.shapes();
        for (Map.Entry<String, float[]> e : net.stateDict().entrySet())
            t.put(e.getKey(), Safetensors.Entry.f32(shapes.get(e.getKey()), e.getValue()));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("architecture", s.model() + ", " + net.parameterCount() + " parameters");
        meta.putAll(s.toMeta());
        Safetensors.write(file, t, meta);
    }
}
