package org.fatecg.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.eval.RobustEvaluator;
import org.fatecg.nn.Module;
import org.fatecg.nn.Safetensors;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Grad;
import org.fatecg.tensor.Tensor;

/**
 * {@code fatecg eval --save-logits}: the model's logits on every evaluated beat, clean and under each
 * attack, in logits.safetensors: "logits.CONDITION" (n, classes) float32 per condition and "labels"
 * (n) int64, so that calibration, ROC curves or a comparison with PyTorch can be computed outside.
 * The evaluator hands over each batch's (adversarial) input and this sink runs the forward pass again
 * on it: one forward per batch, small beside an attack's many.
 */
final class LogitsFile implements RobustEvaluator.Sink {
    private final Module net;
    private final int n, length, classes;
    private final Map<String, float[]> logits = new LinkedHashMap<>();

    LogitsFile(Module net, int beats, int length, int classes, List<RobustEvaluator.Labelled> conditions) {
        this.net = net;
        this.n = beats;
        this.length = length;
        this.classes = classes;
        for (RobustEvaluator.Labelled c : conditions) logits.put(c.label(), new float[n * classes]);
    }

    @Override
    public void accept(String condition, int from, float[] adv, int[] pred) {
        int b = pred.length;
        try (Arena scope = Arena.open();
                Grad off = Grad.off()) {
            float[] z = net.forward(Tensor.of(adv, b, 1, length)).toArray();
            System.arraycopy(z, 0, logits.get(condition), from * classes, b * classes);
        }
    }

    void write(Path file, int[] labels, Map<String, String> meta) throws IOException {
        Map<String, Safetensors.Entry> t = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : logits.entrySet())
            t.put("logits." + e.getKey(), Safetensors.Entry.f32(new int[] {n, classes}, e.getValue()));
        long[] y = new long[n];
        for (int i = 0; i < n; i++) y[i] = labels[i];
        t.put("labels", Safetensors.Entry.i64(new int[] {n}, y));
        Safetensors.write(file, t, meta);
    }
}
