package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fatecg.fl.RunConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * fatecg run --participants: the simulation replays the nodes real Flower runs drew, read from hand-made
 * flower-run.json files (the Flower app's record); hostile files are refused naming file, round and value.
 */
class ParticipantsOptionTest {
    /** A finished Flower run of the Flower app: fat or not, per round the partition-ids that trained. */
    static String run(boolean fat, String status, String... rounds) {
        StringBuilder train = new StringBuilder();
        for (int r = 0; r < rounds.length; r++) {
            int n = rounds[r].isBlank() ? 0 : rounds[r].split(",").length;
            String examples = String.join(",", java.util.Collections.nCopies(n, "100"));
            String losses = String.join(",", java.util.Collections.nCopies(n, "0.5"));
            train.append(r > 0 ? "," : "")
                    .append("\"")
                    .append(r + 1)
                    .append("\": {\"train-loss\": 0.5, \"partition-ids\": [")
                    .append(rounds[r])
                    .append("], \"client-examples\": [")
                    .append(examples)
                    .append("], \"client-losses\": [")
                    .append(losses)
                    .append("]}");
        }
        return "{\"status\": \"" + status + "\", \"strategy\": \"fedavg\", \"config\": {\"fat\": " + fat
                + "}, \"train\": {" + train + "}, \"evaluate\": {}}";
    }

    static Path write(Path dir, String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    static RunConfig config(String... args) {
        return RunOptionsTest.config(args);
    }

    @Test
    void eachFederationTrainsItsFlowerRunsDrawInReplyOrder(@TempDir Path dir) throws IOException {
        Path nonfat = write(dir, "nonfat.json", run(false, "ok", "3,7", "1,3", "0,9"));
        // the FAT run given as its out-dir, as fatecg flower-report takes it
        write(dir, "fat/flower-run.json", run(true, "ok", "5,2", "8,4", "6,1"));
        RunConfig c = config("--rounds", "3", "--participants", nonfat + "," + dir.resolve("fat"));
        var p = c.federation().participants();
        assertEquals(List.of("nonfat", "fat"), List.copyOf(p.keySet()));
        assertArrayEquals(new int[] {3, 7}, p.get("nonfat").get(0));
        assertArrayEquals(new int[] {1, 3}, p.get("nonfat").get(1));
        assertArrayEquals(new int[] {0, 9}, p.get("nonfat").get(2));
        assertArrayEquals(new int[] {5, 2}, p.get("fat").get(0));
        assertArrayEquals(new int[] {6, 1}, p.get("fat").get(2));
        // fewer rounds than the Flower run: its first rounds; repeating the option is the same as a list
        RunConfig two = config(
                "--rounds",
                "2",
                "--participants",
                nonfat.toString(),
                "--participants",
                dir.resolve("fat").toString());
        assertEquals(2, two.federation().participants().get("fat").size());
        assertArrayEquals(
                new int[] {8, 4}, two.federation().participants().get("fat").get(1));
        // without the option every federation draws from the seed
        assertTrue(config("--rounds", "3").federation().participants().isEmpty());
    }

    @Test
    void hostileOrMismatchedFilesAreRefusedNamingFileRoundAndValue(@TempDir Path dir) throws IOException {
        Path fat = write(dir, "fat.json", run(true, "ok", "5,2", "8,4", "6,1"));
        assertRefused(
                dir, "round 2: partition-id 12 is not a client of this run (--clients 10)", fat, "3,7", "1,12", "0,9");
        assertRefused(dir, "round 1: node 1 sent no partition-id (partition-id -1", fat, "3,-1", "1,2", "0,9");
        assertRefused(dir, "round 3: partition-id 4 trained twice", fat, "3,7", "1,2", "4,4");
        assertRefused(dir, "round 2: no node trained", fat, "3,7", " ", "0,9");
        assertRefused(dir, "the Flower run trained 2 rounds, --rounds is 3", fat, "3,7", "1,2");

        Path nonfat = write(dir, "ok.json", run(false, "ok", "3,7", "1,3", "0,9"));
        String msg = refusal("--rounds", "3", "--participants", nonfat.toString());
        assertTrue(msg.contains("no Flower run for federation 'fat'"), msg);
        msg = refusal("--rounds", "3", "--federations", "nonfat", "--participants", nonfat + "," + fat);
        assertTrue(msg.contains(fat + ": a FAT run, but --federations nonfat does not train fat"), msg);
        msg = refusal("--rounds", "3", "--participants", nonfat + "," + nonfat + "," + fat);
        assertTrue(msg.contains(nonfat + ": a second Non-FAT run"), msg);
        Path failed = write(dir, "failed.json", run(false, "error", "3,7"));
        msg = refusal("--rounds", "1", "--participants", failed + "," + fat);
        assertTrue(msg.contains(failed + ": the Flower run did not finish (status 'error'"), msg);
        msg = refusal("--rounds", "1", "--participants", dir.resolve("missing.json") + "," + fat);
        assertTrue(msg.contains("missing.json: no such file"), msg);
        Path bad = write(dir, "bad.json", run(false, "ok", "3,7").replace("[3,7]", "\"3,7\""));
        msg = refusal("--rounds", "1", "--participants", bad + "," + fat);
        assertTrue(msg.contains(bad + ": ") && msg.contains("train.1.partition-ids"), msg);
        Path notJson = write(dir, "not.json", "{\"status\": \"ok\", ");
        msg = refusal("--rounds", "1", "--participants", notJson + "," + fat);
        assertTrue(msg.contains(notJson.toString()), msg);
        // Krum(f=1) needs 5 updates per round; differential privacy accounts for the seeded draw
        msg = refusal(
                "--rounds",
                "3",
                "--strategy",
                "krum",
                "--clients-per-round",
                "5",
                "--participants",
                nonfat + "," + fat);
        assertTrue(msg.contains("the nonfat Flower run trained 2 nodes in round 1, too few for Krum(f=1)"), msg);
        msg = refusal("--rounds", "3", "--dp", "central", "--participants", nonfat + "," + fat);
        assertTrue(msg.contains("use --dp off"), msg);
    }

    /** A Non-FAT run whose rounds are the given partition-id lists is refused, the message naming its file. */
    private static void assertRefused(Path dir, String expected, Path fat, String... rounds) throws IOException {
        Path f = write(dir, "case.json", run(false, "ok", rounds));
        String msg = refusal("--rounds", "3", "--participants", f + "," + fat);
        assertTrue(msg.startsWith("--participants " + f + ": " + expected), msg);
    }

    private static String refusal(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> config(args)).getMessage();
    }

    @Test
    void theCommandSaysWhatIsWrongBeforeReadingDataWithoutAStackTrace(@TempDir Path dir) throws IOException {
        Path f = write(dir, "nonfat.json", run(false, "ok", "3,17"));
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(
                "run",
                "--rounds",
                "1",
                "--federations",
                "nonfat",
                "--participants",
                f.toString(),
                "--data",
                dir.resolve("no-data").toString(),
                "--out",
                dir.resolve("out").toString());
        assertEquals(1, rc);
        assertTrue(err.toString().contains(f + ": round 1: partition-id 17 is not a client"), err.toString());
        assertFalse(err.toString().contains("at org.fatecg"), err.toString());
    }
}
