package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An error is one sentence; FATECG_DEBUG=1 adds the stack trace for developers (a child JVM, for the environment). */
class MainDebugTest {
    @TempDir
    Path dir;

    private String stderr(boolean debug) throws IOException, InterruptedException {
        Path model = dir.resolve("absent.safetensors");
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "org.fatecg.cli.Main",
                "import",
                model.toString(),
                "--out",
                dir.resolve("o.safetensors").toString());
        pb.environment().remove("FATECG_DEBUG");
        if (debug) pb.environment().put("FATECG_DEBUG", "1");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor());
        return err;
    }

    @Test
    void theTraceOnlyUnderFatecgDebug() throws Exception {
        String expected = "fatecg: " + dir.resolve("absent.safetensors") + ": no such file or folder";
        List<String> plain = stderr(false).lines().toList();
        assertEquals(List.of(expected), plain);
        String debug = stderr(true);
        assertTrue(debug.startsWith(expected + "\n"), debug);
        assertTrue(
                debug.contains("java.nio.file.NoSuchFileException")
                        && debug.contains("\tat org.fatecg.nn.Safetensors.read"),
                debug);
        assertFalse(plain.toString().contains("\tat "));
    }
}
