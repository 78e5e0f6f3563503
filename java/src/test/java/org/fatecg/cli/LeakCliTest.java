package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.nn.Models;
import org.fatecg.nn.Safetensors;
import org.fatecg.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * fatecg leak end to end on synthetic beats: a row per beat for both models and both DP settings, a PNG
 * per model and setting, and the single beat of the round-0 model without DP recovered.
 */
class LeakCliTest {
    @Test
    void invertsEveryBatchForBothModelsWithAndWithoutDp(@TempDir Path dir) throws Exception {
        int n = 8, len = Models.BEAT_LENGTH;
        float[] x = new float[n * len];
        long[] y = new long[n];
        Rng rng = new Rng(5);
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int t = 0; t < len; t++)
                x[i * len + t] = (float) Math.min(
                        1, 0.2 + 0.7 * Math.exp(-Math.pow((t - 80 - 8 * i) / 6.0, 2)) + 0.05 * rng.nextFloat());
        }
        Map<String, Safetensors.Entry> d = new LinkedHashMap<>();
        d.put("input.x", Safetensors.Entry.f32(new int[] {n, 1, len}, x));
        d.put("input.y", Safetensors.Entry.i64(new int[] {n}, y));
        Path beats = dir.resolve("beats.safetensors");
        Safetensors.write(beats, d, Map.of());
        Path out = dir.resolve("out");
        StringWriter log = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(log, true));
        cli.setErr(new PrintWriter(log, true));
        int rc = cli.execute(
                "leak",
                "--beats",
                beats.toString(),
                "--batches",
                "1",
                "--train-steps",
                "5",
                "--dp-noise",
                "0.01",
                "--steps",
                "150",
                "--threads",
                "1",
                "--out",
                out.toString());
        assertEquals(0, rc, log.toString());
        List<String> rows = Files.readAllLines(out.resolve("leak.csv"));
        assertEquals(1 + 2 * 2, rows.size(), String.join("\n", rows));
        String first = rows.get(1); // round0, B=1, no DP
        assertTrue(first.startsWith("round0,1,0.0,0.0,0,"), first);
        assertTrue(first.endsWith(",true"), "the round-0 beat is recovered without DP: " + first);
        for (String png : new String[] {"leak-round0-nodp.png", "leak-trained-dp-z0.01.png"})
            assertTrue(Files.size(out.resolve(png)) > 1000, png);
        assertTrue(Files.readString(out.resolve("leak.md")).contains("| trained"), "summary table");
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(1, cli.execute("leak", "--beats", beats.toString(), "--batches", "8", "--out", out.toString()));
        assertTrue(err.toString().contains("a batch of 8 needs at least 16 beats"), err.toString());
    }
}
