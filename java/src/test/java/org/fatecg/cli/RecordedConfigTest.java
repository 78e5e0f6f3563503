package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** --resume checks DIR/config.properties against the configuration its checkpoint recorded; config files must be UTF-8. */
class RecordedConfigTest {
    @TempDir
    Path dir;

    private Path checkpointRecording(String configJson) throws IOException {
        Path ck = Files.createDirectories(dir.resolve("checkpoint"));
        Files.writeString(
                ck.resolve("state.json"),
                "{\"format\":\"fatecg-checkpoint\",\"extra\":{\"config\":" + configJson + "}}");
        return ck;
    }

    @Test
    void readsEveryKeySorted() throws IOException {
        Path cfg = Files.writeString(dir.resolve("config.properties"), "# c\nseed=0\nrounds=3\n");
        assertEquals(Map.of("rounds", "3", "seed", "0"), RecordedConfig.of(cfg));
        assertEquals("[rounds, seed]", RecordedConfig.of(cfg).keySet().toString());
    }

    @Test
    void anUnchangedConfigResumes() throws IOException {
        Path ck = checkpointRecording("{\"rounds\":\"3\",\"seed\":\"0\"}");
        Path cfg = Files.writeString(dir.resolve("config.properties"), "seed=0\nrounds=3\n");
        RecordedConfig.verify(cfg, ck);
    }

    @Test
    void anEditedValueIsRefusedNamingTheKey() throws IOException {
        Path ck = checkpointRecording("{\"records\":\"100,101\",\"rounds\":\"3\"}");
        Path cfg = Files.writeString(dir.resolve("config.properties"), "records=100,101\nrounds=5\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecordedConfig.verify(cfg, ck));
        assertEquals(
                cfg + ": 'rounds' is '5' but the run began with '3' (recorded in " + ck.resolve("state.json")
                        + "); --resume continues a run exactly as it began: restore the value, or start a new run with --config "
                        + cfg + " and another --out",
                e.getMessage());
    }

    @Test
    void aRemovedOrAddedKeyIsRefused() throws IOException {
        Path ck = checkpointRecording("{\"records\":\"100,101\",\"rounds\":\"3\"}");
        Path cfg = Files.writeString(dir.resolve("config.properties"), "rounds=3\n");
        assertEquals(
                cfg + ": 'records' is absent but the run began with '100,101'",
                assertThrows(IllegalArgumentException.class, () -> RecordedConfig.verify(cfg, ck))
                        .getMessage()
                        .split(" \\(recorded")[0]);
        Files.writeString(cfg, "records=100,101\nrounds=3\nseed=9\n");
        assertEquals(
                cfg + ": 'seed' is '9' but the run began with absent",
                assertThrows(IllegalArgumentException.class, () -> RecordedConfig.verify(cfg, ck))
                        .getMessage()
                        .split(" \\(recorded")[0]);
    }

    @Test
    void aNonUtf8ConfigFileIsASentenceNamingIt() throws IOException {
        Path cfg = dir.resolve("latin1.properties");
        Files.write(cfg, new byte[] {'s', 'e', 'e', 'd', '=', (byte) 0xE9, '\n'});
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        assertEquals(
                2,
                cl.execute(
                        "run",
                        "--config",
                        cfg.toString(),
                        "--out",
                        dir.resolve("out").toString()));
        assertEquals(
                "fatecg: " + cfg + ": not UTF-8 text (a config file holds key=value lines in UTF-8)",
                err.toString().lines().findFirst().orElse(""));
        IOException e = assertThrows(IOException.class, () -> RecordedConfig.of(cfg));
        assertEquals(cfg + ": not UTF-8 text (a config file holds key=value lines in UTF-8)", e.getMessage());
    }
}
