package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fatecg.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config and state files as hostile input: a bad value names the file it came from; huge files are refused by size. */
class ConfigFileErrorsTest {
    @TempDir
    Path dir;

    private String firstErrorLine(String... args) {
        StringWriter err = new StringWriter();
        picocli.CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute(args), err.toString());
        return err.toString().lines().findFirst().orElse("");
    }

    @Test
    void aValueThatIsNotANumberNamesTheConfigFile() throws IOException {
        Path f = Files.writeString(dir.resolve("exp.properties"), "rounds=three\n");
        assertEquals(
                "fatecg: Invalid value for option '--rounds': 'three' is not an int (set as 'rounds' in " + f + ")",
                firstErrorLine("run", "--config", f.toString()));
        // The same mistake on the command line names no file.
        assertEquals(
                "fatecg: Invalid value for option '--rounds': 'three' is not an int",
                firstErrorLine("run", "--rounds", "three"));
    }

    private static void grow(Path f, long size) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(size);
        }
    }

    @Test
    void aHugeConfigFileIsRefusedBySize() throws IOException {
        Path f = dir.resolve("huge.properties");
        grow(f, 3L << 30);
        assertEquals(
                "fatecg: " + f + ": size: expected at most 1048576 bytes for a config file, found 3221225472 bytes;"
                        + " not read",
                firstErrorLine("run", "--config", f.toString()));
    }

    @Test
    void aHugeStateFileIsRefusedBySizeNotAnOutOfMemoryError() throws IOException {
        Path f = dir.resolve("state.json");
        grow(f, 3L << 30);
        assertEquals(
                f + ": size: expected at most 67108864 bytes for a JSON file, found 3221225472 bytes; not read",
                assertThrows(IOException.class, () -> Json.read(f)).getMessage());
    }
}
