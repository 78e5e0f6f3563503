package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.fatecg.nn.Models;
import org.fatecg.tensor.Rng;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * fatecg model summary against hand-counted parameters: conv (out * in * 3 + out), linear (out * in + out),
 * 64 + 1,568 + 6,208 + 24,704 + 360,704 + 16,448 + 325 = 410,021 for the paper CNN (the paper's count),
 * and the shapes 180 -> 90 -> 45 -> 22 -> 11 (floor pooling), 128 * 11 = 1408.
 */
class ModelSummaryTest {

    @Test
    void paperCnnLayersShapesAndCounts() {
        List<ModelCommand.Row> rows = ModelCommand.rows(Models.paperCnn(new Rng(0)), 180);
        assertEquals(
                List.of(
                        "conv1", "relu1", "pool1", "conv2", "relu2", "pool2", "conv3", "relu3", "pool3", "conv4",
                        "relu4", "pool4", "flatten", "fc1", "relu5", "fc2", "relu6", "fc3"),
                rows.stream().map(ModelCommand.Row::name).toList());
        long[] params = rows.stream().mapToLong(ModelCommand.Row::parameters).toArray();
        assertArrayEquals(
                new long[] {64, 0, 0, 1568, 0, 0, 6208, 0, 0, 24704, 0, 0, 0, 360704, 0, 16448, 0, 325}, params);
        assertArrayEquals(new int[] {-1, 16, 180}, rows.get(0).output());
        assertArrayEquals(new int[] {-1, 64, 22}, rows.get(8).output());
        assertArrayEquals(new int[] {-1, 128, 11}, rows.get(11).output());
        assertArrayEquals(new int[] {-1, 1408}, rows.get(12).output());
        assertArrayEquals(new int[] {-1, 5}, rows.get(17).output());
    }

    @Test
    void theCommandPrintsTheTotals() {
        assertTrue(run("model", "summary").contains("total: 410,021 parameters"));
        // MLP: 180*128+128 + 2 * (128*128+128) + 128*32+32 + 32*5+5 = 60,485
        assertTrue(run("model", "summary", "--model", "mlp").contains("total: 60,485 parameters"));
        String missing = run("model", "summary", "--model", "/nonexistent/m.safetensors");
        assertTrue(missing.contains("fatecg: /nonexistent/m.safetensors: no such file or folder"), missing);
    }

    @Test
    void completionScriptCoversTheCommandsAndTheLauncher() {
        String script = run("completion");
        assertTrue(
                script.contains("--save-logits") && script.contains("summary") && script.contains("--no-attacks"),
                "options of every command");
        assertTrue(script.contains("complete -F _complete_fatecg -o default ./fatecg"));
        assertTrue(run("completion", "fish").contains("fatecg: shell 'fish': expected bash or zsh"));
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        cli.execute(args);
        return out.toString();
    }
}
