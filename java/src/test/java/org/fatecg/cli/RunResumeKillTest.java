package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fatecg.SharedFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real {@code fatecg run} (a child JVM running Main on two MIT-BIH records) right after its first
 * round's checkpoint, resumes it in another child JVM, and compares the report files and final models
 * byte for byte with those of an uninterrupted run with the same seed.
 */
class RunResumeKillTest {
    private static final Pattern ROUND = Pattern.compile("\"round\"\\s*:\\s*(\\d+)");

    private static List<String> command(Path data, Path cache, Path out, String... extra) {
        List<String> cmd = Cli.childJvm("run");
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of("--threads", "1", "--device", "cpu", "--cache-dir", cache.toString()));
        return cmd;
    }

    private static List<String> fresh(Path data, Path cache, Path out) {
        return command(
                data,
                cache,
                out,
                "--data",
                data.toString(),
                "--records",
                "100,101",
                "--seed",
                "5",
                "--rounds",
                "4",
                "--clients",
                "4",
                "--clients-per-round",
                "2",
                "--epochs",
                "1",
                "--train-beats-per-client",
                "320",
                "--train-pgd-steps",
                "3",
                "--test-beats",
                "96",
                "--pgd-steps",
                "5",
                "--cw-steps",
                "5",
                "--bim-steps",
                "3",
                "--out",
                out.toString());
    }

    private static Process start(List<String> cmd, Path log) throws IOException {
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static void finish(Process p, Path log) throws Exception {
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child run did not finish in 2 minutes");
        assertEquals(0, p.exitValue(), () -> "child run failed:\n" + read(log));
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int checkpointRound(Path out) {
        Path state = out.resolve("checkpoint").resolve("state.json");
        try {
            Matcher m = ROUND.matcher(Files.readString(state));
            // the top-level "round" comes before the histories' per-round entries
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException e) {
            return -1; // not written yet (or being renamed into place)
        }
    }

    @Test
    void killedRunResumesToTheSameBytes(@TempDir Path dir) throws Exception {
        Path data = SharedFiles.require("data/mitdb");
        Path cache = dir.resolve("cache");
        Path whole = dir.resolve("whole"), cut = dir.resolve("cut");

        finish(start(fresh(data, cache, whole), dir.resolve("whole.log")), dir.resolve("whole.log"));

        Process p = start(fresh(data, cache, cut), dir.resolve("cut.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (checkpointRound(cut) < 1 && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, as a crash or kill -9
        p.waitFor(30, TimeUnit.SECONDS);
        int killedAt = checkpointRound(cut);
        assertTrue(
                killedAt >= 1 && killedAt < 4,
                "the run was to be killed between rounds 1 and 4, its checkpoint is at " + killedAt + ":\n"
                        + read(dir.resolve("cut.log")));
        assertTrue(!Files.exists(cut.resolve("models")), "a killed run has no final models");

        List<String> resume = command(data, cache, cut, "--resume", cut.toString());
        finish(start(resume, dir.resolve("resume.log")), dir.resolve("resume.log"));
        assertTrue(read(dir.resolve("resume.log")).contains("resuming"), read(dir.resolve("resume.log")));

        for (String f : new String[] {
            "models/non-fat.safetensors",
            "models/fat.safetensors",
            "metrics.csv",
            "metrics.json",
            "rounds.csv",
            "tables.md",
            "checkpoint/fat-round-004.safetensors",
            "checkpoint/non-fat-round-004.safetensors"
        })
            assertArrayEquals(
                    Files.readAllBytes(whole.resolve(f)),
                    Files.readAllBytes(cut.resolve(f)),
                    f + " differs after resume (killed at round " + killedAt + ")");
        assertTrue(Files.size(whole.resolve("figures/figure3-pgd.png")) > 1000);
        assertTrue(new File(cut.resolve("report.md").toString()).length() > 0);
    }
}
