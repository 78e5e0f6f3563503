package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fatecg.SharedFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fatecg grid --parallel 2} runs each cell as a child JVM with half the threads: the same two
 * cells run serially in-process on one thread give byte-identical grid.csv and summary.csv (every
 * number to the last printed digit), the report links the same cells, a second run skips both, and a
 * cell that fails is named with its log.
 */
class GridParallelTest {
    private static final String GRID = String.join(
            "\n",
            "seeds = 0",
            "axis.strategy = fedavg; median",
            "run.records = 100,101",
            "run.federations = nonfat",
            "run.rounds = 1",
            "run.clients = 3",
            "run.clients-per-round = 3",
            "run.epochs = 1",
            "run.train-beats-per-client = 100",
            "run.test-beats = 48",
            "run.attacks = clean,fgsm",
            "run.device = cpu");

    @Test
    void parallelCellsMatchSerialOnesAndResume(@TempDir Path dir) throws Exception {
        Path data = SharedFiles.require("data/mitdb");
        Path grid = dir.resolve("g.properties");
        Files.writeString(grid, GRID);
        Path serial = dir.resolve("serial"), parallel = dir.resolve("parallel");

        Object[] s = Cli.run(
                "grid",
                "--config",
                grid.toString(),
                "--out",
                serial.toString(),
                "--data",
                data.toString(),
                "--threads",
                "1");
        assertEquals(0, s[0], () -> s[1] + "" + s[2]);
        Object[] p = Cli.run(
                "grid",
                "--config",
                grid.toString(),
                "--out",
                parallel.toString(),
                "--data",
                data.toString(),
                "--threads",
                "2",
                "--parallel",
                "2");
        String text = (String) p[1];
        assertEquals(0, p[0], () -> text + p[2]);
        assertTrue(text.contains("[1/2] strategy-fedavg_seed-0: starting (log: "), text);
        assertTrue(text.contains("[2/2] strategy-median_seed-0: starting (log: "), text);
        assertTrue(Files.size(parallel.resolve("logs/strategy-median_seed-0.log")) > 0);
        // Each child ran on 2 / 2 = 1 thread.
        String meta = Files.readString(parallel.resolve("cells/strategy-fedavg_seed-0/run.json"));
        assertTrue(meta.matches("(?s).*\"threads\"\\s*:\\s*1\\b.*"), meta);

        for (String f : new String[] {"grid.csv", "summary.csv"})
            assertArrayEquals(Files.readAllBytes(serial.resolve(f)), Files.readAllBytes(parallel.resolve(f)), f);
        assertEquals(Files.readString(serial.resolve("report.md")), Files.readString(parallel.resolve("report.md")));

        Object[] again = Cli.run("grid", "--config", grid.toString(), "--out", parallel.toString(), "--parallel", "2");
        assertEquals(0, again[0], () -> again[1] + "" + again[2]);
        assertTrue(((String) again[1]).contains("[2/2] strategy-median_seed-0: finished before, skipped"), (String)
                again[1]);
    }

    @Test
    void aFailedCellIsNamedWithItsLog(@TempDir Path dir) throws Exception {
        Path grid = dir.resolve("g.properties"), out = dir.resolve("out");
        Files.writeString(grid, GRID);
        Path missing = dir.resolve("no-data-here");
        Object[] r = Cli.run(
                "grid",
                "--config",
                grid.toString(),
                "--out",
                out.toString(),
                "--data",
                missing.toString(),
                "--threads",
                "2",
                "--parallel",
                "2");
        String err = (String) r[2];
        assertEquals(1, r[0], () -> r[1] + err);
        assertTrue(err.contains("2 of 2 cells failed"), err);
        assertTrue(err.contains("strategy-fedavg_seed-0 (exit "), err);
        assertTrue(err.contains("log: " + out.resolve("logs/strategy-median_seed-0.log")), err);
        assertTrue(err.contains(missing.toString()), err); // the child's own error, from its log
    }

    @Test
    void parallelBelowOneIsRefused(@TempDir Path dir) throws Exception {
        Path grid = dir.resolve("g.properties");
        Files.writeString(grid, GRID);
        Object[] r = Cli.run(
                "grid", "--config", grid.toString(), "--out", dir.resolve("o").toString(), "--parallel", "0");
        assertEquals(1, r[0]);
        assertTrue(((String) r[2]).contains("--parallel must be >= 1, got 0"), (String) r[2]);
    }
}
