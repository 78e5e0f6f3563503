package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fatecg.attack.SyntheticBeats;
import org.fatecg.nn.Layers;
import org.fatecg.nn.Safetensors;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Grad;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * fatecg eval --save-logits: the clean logits are the model's forward pass on the beats (computed here
 * in one batch, independently of the evaluator's batches), the attacked ones give the predictions the
 * accuracy was counted from; the time estimate is printed before the evaluation starts.
 */
class EvalLogitsTest {

    @Test
    void logitsOfEveryConditionAndTheLabelsAreSaved(@TempDir Path dir) throws Exception {
        Layers.Sequential net = SyntheticBeats.trainedModel(3);
        Path model = dir.resolve("model.safetensors"), beatsFile = dir.resolve("beats.safetensors");
        Map<String, Safetensors.Entry> w = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : net.stateDict().entrySet())
            w.put(e.getKey(), Safetensors.Entry.f32(net.shapes().get(e.getKey()), e.getValue()));
        Safetensors.write(model, w, Map.of());
        SyntheticBeats.Set beats = SyntheticBeats.make(4, 5); // 20 beats
        int n = beats.y().length;
        long[] y = new long[n];
        for (int i = 0; i < n; i++) y[i] = beats.y()[i];
        Safetensors.write(
                beatsFile,
                Map.of(
                        "input.x",
                        Safetensors.Entry.f32(new int[] {n, 1, SyntheticBeats.LENGTH}, beats.x()),
                        "input.y",
                        Safetensors.Entry.i64(new int[] {n}, y)),
                Map.of());

        StringWriter log = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(log, true));
        cli.setErr(new PrintWriter(log, true));
        Path out = dir.resolve("eval");
        int rc = cli.execute(
                "eval",
                "--model",
                model.toString(),
                "--beats",
                beatsFile.toString(),
                "--attacks",
                "clean,fgsm",
                "--eps",
                "0.1",
                "--batch",
                "8",
                "--examples",
                "0",
                "--save-logits",
                "--out",
                out.toString());
        assertEquals(0, rc, log.toString());
        assertTrue(log.toString().contains("evaluating 20 beats under clean, fgsm: about "), log.toString());

        Safetensors.Contents saved = Safetensors.read(out.resolve("logits.safetensors"));
        assertArrayEquals(y, saved.longs("labels"));
        float[] expected;
        try (Arena a = Arena.open();
                Grad off = Grad.off()) {
            expected = net.forward(Tensor.of(beats.x(), n, 1, SyntheticBeats.LENGTH))
                    .toArray();
        }
        float[] clean = saved.floats("logits.clean");
        assertEquals(n * 5, clean.length);
        for (int i = 0; i < clean.length; i++)
            assertEquals(expected[i], clean[i], 1e-4f * (1 + Math.abs(expected[i])), "logit " + i);

        int[] pred = Functional.argmax(Tensor.of(saved.floats("logits.fgsm"), n, 5));
        int correct = 0;
        for (int i = 0; i < n; i++) if (pred[i] == beats.y()[i]) correct++;
        String metrics = java.nio.file.Files.readString(out.resolve("metrics.json"));
        assertTrue(
                metrics.replace(" ", "").contains("\"accuracy\":" + (double) correct / n),
                "fgsm accuracy from the saved logits, " + correct + "/" + n + ": " + metrics);
    }
}
