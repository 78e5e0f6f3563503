package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fatecg.SharedFiles;
import org.fatecg.fl.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real {@code fatecg grid} (a child JVM) while its second cell trains, then runs the same grid
 * again in-process: the finished cell is skipped (its run.json untouched), the killed one resumes from
 * its checkpoint, and the report covers both seeds.
 */
class GridResumeTest {
    @Test
    void killedGridSkipsFinishedCellsAndResumesTheKilledOne(@TempDir Path dir) throws Exception {
        Path data = SharedFiles.require("data/mitdb");
        Path grid = dir.resolve("g.properties"), out = dir.resolve("out");
        Files.writeString(
                grid,
                String.join(
                        "\n",
                        "seeds = 0, 1",
                        "axis.strategy = fedavg",
                        "run.records = 100,101",
                        "run.federations = nonfat",
                        "run.rounds = 3",
                        "run.clients = 4",
                        "run.clients-per-round = 2",
                        "run.epochs = 1",
                        "run.train-beats-per-client = 200",
                        "run.test-beats = 64",
                        "run.attacks = clean,fgsm",
                        "run.device = cpu"));
        List<String> cmd = Cli.childJvm(
                "grid",
                "--config",
                grid.toString(),
                "--out",
                out.toString(),
                "--data",
                data.toString(),
                "--threads",
                "1");
        Path log = dir.resolve("grid.log");
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Path first = out.resolve("cells/strategy-fedavg_seed-0"), second = out.resolve("cells/strategy-fedavg_seed-1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (!(Files.exists(first.resolve("run.json")) && Checkpoint.exists(second.resolve("checkpoint")))
                && p.isAlive()
                && System.nanoTime() < deadline) Thread.sleep(5);
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        assertTrue(Files.exists(first.resolve("run.json")), () -> "first cell unfinished:\n" + read(log));
        assertTrue(
                !Files.exists(second.resolve("run.json")), () -> "second cell finished before the kill:\n" + read(log));
        byte[] firstJson = Files.readAllBytes(first.resolve("run.json"));

        Object[] r = Cli.run("grid", "--config", grid.toString(), "--out", out.toString(), "--threads", "1");
        String text = (String) r[1];
        assertEquals(0, r[0], () -> text + r[2]);
        assertTrue(text.contains("[1/2] strategy-fedavg_seed-0: finished before, skipped"), text);
        assertTrue(text.contains("[2/2] strategy-fedavg_seed-1: resuming from its checkpoint"), text);
        assertArrayEquals(firstJson, Files.readAllBytes(first.resolve("run.json")));
        assertTrue(Files.exists(second.resolve("run.json")));
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("[seed 0](cells/strategy-fedavg_seed-0/report.md)"), report);
        assertTrue(report.contains("[seed 1](cells/strategy-fedavg_seed-1/report.md)"), report);

        // A cell killed before its first checkpoint (a folder without one) is started again, not skipped.
        Path third = out.resolve("cells/strategy-fedavg_seed-1");
        Files.delete(third.resolve("run.json"));
        Checkpoint.delete(third.resolve("checkpoint"));
        Object[] again = Cli.run("grid", "--config", grid.toString(), "--out", out.toString(), "--threads", "1");
        assertEquals(0, again[0], () -> again[1] + "" + again[2]);
        assertTrue(((String) again[1]).contains("[2/2] strategy-fedavg_seed-1: starting"), (String) again[1]);
        assertTrue(Files.exists(third.resolve("run.json")));
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (Exception e) {
            return "(no log: " + e + ")";
        }
    }
}
