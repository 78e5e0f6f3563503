package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        int n = 8;
        long[] y = new long[n];
        int[] centre = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            centre[i] = 80 + 8 * i;
        }
        Path beats = Cli.bumpBeats(dir, y, centre);
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
