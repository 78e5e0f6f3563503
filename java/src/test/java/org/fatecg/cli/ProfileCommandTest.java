package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.fatecg.data.TestDb;
import org.fatecg.report.TraceEventsTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fatecg profile and run --profile-round write the tables, a valid trace and a PNG. */
class ProfileCommandTest {

    private static Object[] run(String... args) {
        return Cli.run(args);
    }

    private static void checkFolder(Path dir) throws Exception {
        List<Map<String, Object>> events = TraceEventsTest.validate(Files.readString(dir.resolve("trace.json")));
        assertTrue(events.stream().anyMatch(e -> "gemm".equals(e.get("name"))), "a gemm in the trace");
        BufferedImage png = ImageIO.read(dir.resolve("top-ops.png").toFile());
        assertNotNull(png);
        assertTrue(png.getWidth() == 900 && png.getHeight() > 100);
        assertTrue(Files.readString(dir.resolve("profile.md")).contains("| MATMUL"));
    }

    @Test
    void profilesATrainStep(@TempDir Path tmp) throws Exception {
        Object[] r = run(
                "profile",
                "--op",
                "train",
                "--batch",
                "4",
                "--steps",
                "2",
                "--warmup",
                "0",
                "--device",
                "cpu",
                "--threads",
                "1",
                "--out",
                tmp.toString());
        assertEquals(0, r[0], (String) r[2]);
        String out = (String) r[1];
        // a train step is one forward, one backward and one Adam step, each its own phase
        for (String phase : List.of("| train/forward ", "| train/backward ", "| train/optimiser "))
            assertTrue(out.contains(phase), phase + " in\n" + out);
        // the paper CNN has 10 parameter tensors: 10 Adam kernels per step, 20 in two steps
        assertTrue(out.matches("(?s).*\\| -\\s+\\| adamStep\\s+\\|\\s+20 \\|.*"), out);
        checkFolder(tmp);
    }

    @Test
    void badArgumentsAreNamed() {
        Object[] r = run("profile", "--op", "train", "--batch", "0", "--device", "cpu");
        assertEquals(1, r[0]);
        assertTrue(((String) r[2]).contains("--batch must be >= 1, got 0"), (String) r[2]);
        r = run("profile", "--op", "nonsense", "--device", "cpu");
        assertEquals(2, r[0]);
    }

    @Test
    void runProfilesOneRound(@TempDir Path tmp) throws Exception {
        if (TestDb.findForTests() == null)
            System.out.println(
                    "ProfileCommandTest.runProfilesOneRound: skipped, no MIT-BIH copy above the working folder");
        Path data = TestDb.dir();
        Object[] r = run(
                "run",
                "--data",
                data.toString(),
                "--records",
                "100",
                "--rounds",
                "1",
                "--clients",
                "2",
                "--clients-per-round",
                "1",
                "--epochs",
                "1",
                "--train-beats-per-client",
                "32",
                "--train-pgd-steps",
                "2",
                "--test-beats",
                "32",
                "--pgd-steps",
                "2",
                "--cw-steps",
                "2",
                "--bim-steps",
                "2",
                "--no-cache",
                "--device",
                "cpu",
                "--threads",
                "1",
                "--quiet",
                "--profile-round",
                "1",
                "--out",
                tmp.resolve("run").toString());
        assertEquals(0, r[0], (String) r[2]);
        checkFolder(tmp.resolve("run/profile/FAT-round1"));
        checkFolder(tmp.resolve("run/profile/Non-FAT-round1"));
        r = run(
                "run",
                "--data",
                data.toString(),
                "--records",
                "100",
                "--rounds",
                "1",
                "--profile-round",
                "2",
                "--device",
                "cpu",
                "--out",
                tmp.resolve("bad").toString());
        assertEquals(1, r[0]);
        assertTrue(((String) r[2]).contains("--profile-round must be in 0..1"), (String) r[2]);
    }
}
