package org.fatecg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whether progress bars redraw in place: decided from stderr, not from System.console() (which asks
 * about stdin and stdout), with FATECG_PROGRESS (set by the launcher) first.
 */
class TerminalDecisionTest {

    @Test
    void settingWinsOverTheDevice() {
        assertTrue(Progress.decide("bars", "pipe:[42]", false));
        assertTrue(Progress.decide(" BARS ", null, false));
        assertFalse(Progress.decide("lines", "/dev/pts/3", true));
    }

    @Test
    void stderrDeviceDecidesWithoutASetting() {
        assertTrue(Progress.decide(null, "/dev/pts/3", false), "stderr on a terminal, stdout piped (| tee log)");
        assertTrue(Progress.decide("", "/dev/tty1", false));
        assertFalse(Progress.decide(null, "pipe:[1234]", true), "stderr piped, stdout on a terminal");
        assertFalse(Progress.decide(null, "/home/u/run.log", true));
        assertFalse(Progress.decide(null, "socket:[99]", true));
    }

    @Test
    void consoleIsTheLastResort() {
        assertTrue(Progress.decide(null, null, true));
        assertFalse(Progress.decide(null, null, false));
    }

    @Test
    void aBadSettingIsAnErrorNamingIt() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Progress.decide("yes", null, true));
        assertEquals("FATECG_PROGRESS='yes': expected bars or lines", e.getMessage());
    }

    /** A child JVM whose stderr is a file decides "lines", whatever FATECG_PROGRESS the parent had. */
    @Test
    void childWithStderrInAFileGetsLines(@TempDir Path dir) throws Exception {
        assertEquals("false", probe(dir, List.of(), null));
        assertEquals("true", probe(dir, List.of(), "bars"));
    }

    /** Under script(1) stderr is a pseudo-terminal, stdout too; the child decides "bars". */
    @Test
    void childOnAPseudoTerminalGetsBars(@TempDir Path dir) throws Exception {
        boolean haveScript = new File("/usr/bin/script").canExecute();
        if (!haveScript)
            System.out.println("TerminalDecisionTest: skipped, no /usr/bin/script to open a pseudo-terminal");
        assumeTrue(haveScript, "no /usr/bin/script to open a pseudo-terminal");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd =
                "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' " + TerminalProbe.class.getName();
        assertEquals("true", probe(dir, List.of("/usr/bin/script", "-qec", cmd, "/dev/null"), null));
    }

    /** Runs TerminalProbe (directly, or through {@code wrapper} + its command) and returns what it printed. */
    private static String probe(Path dir, List<String> wrapper, String setting) throws Exception {
        List<String> cmd = new ArrayList<>(wrapper);
        if (wrapper.isEmpty()) {
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(TerminalProbe.class.getName());
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove(Progress.SETTING);
        if (setting != null) pb.environment().put(Progress.SETTING, setting);
        Path out = dir.resolve("out.txt");
        pb.redirectOutput(out.toFile())
                .redirectError(dir.resolve("err.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe did not finish");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("err.txt")));
        return Files.readString(out, StandardCharsets.UTF_8).trim();
    }
}
