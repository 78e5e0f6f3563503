package org.fatecg.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/gpu-check.sh on a machine without a GPU (this one, CI): it must stop within seconds with a clear
 * reason and exit 3, having run nothing else, so that a device's minutes never go to finding that out.
 * The script runs on the build tree (GPU_CHECK_JAVA, GPU_CHECK_CLASSPATH) instead of a packed payload.
 */
class GpuCheckScriptTest {
    static Path script() {
        for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("bench").resolve("gpu-check.sh");
            if (Files.isRegularFile(p)) return p;
        }
        throw new AssertionError(
                "bench/gpu-check.sh not found above " + Paths.get("").toAbsolutePath());
    }

    record Outcome(int exit, String output, long millis) {}

    static Outcome runScript(Path out, Map<String, String> env, String... args) throws Exception {
        String[] cmd = new String[args.length + 2];
        cmd[0] = "bash";
        cmd[1] = script().toString();
        System.arraycopy(args, 0, cmd, 2, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OUT", out.toString());
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] text = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "gpu-check.sh did not finish");
        return new Outcome(
                p.exitValue(), new String(text, StandardCharsets.UTF_8), (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void withoutAGpuItStopsFastWithTheReasonAndExitCode3(@TempDir Path out) throws Exception {
        try (CudaBackend gpu = CudaBackend.open(0)) {
            Assumptions.abort(
                    "this machine has a usable GPU (" + gpu.describe() + "): the no-GPU path is not testable here");
        } catch (CudaUnavailableException expected) {
            System.out.println("GpuCheckScriptTest: no GPU here, as this test needs (" + expected.getMessage() + ")");
        }
        Outcome o = runScript(
                out,
                Map.of(
                        "GPU_CHECK_JAVA",
                                Path.of(System.getProperty("java.home"), "bin", "java")
                                        .toString(),
                        "GPU_CHECK_CLASSPATH", System.getProperty("java.class.path")),
                "run");
        assertEquals(GpuCheck.NO_DEVICE, o.exit(), o.output());
        assertTrue(o.output().contains("gpu-check: no usable CUDA device: "), o.output());
        assertTrue(o.output().contains("CUDA device 0 cannot be opened here"), o.output());
        // One JVM start, not the test suite or the benchmarks: seconds even on a loaded 2-core machine.
        assertTrue(o.millis() < 30_000, "took " + o.millis() + " ms");
        String results = Files.readString(out.resolve("results.md"));
        assertTrue(results.contains("| probe | no usable GPU (exit 3) |"), results);
        assertTrue(Files.readString(out.resolve("versions.txt")).contains("java:"), "versions are recorded");
        assertFalse(
                Files.exists(out.resolve("tests.log"))
                        || Files.exists(out.resolve("bench.log"))
                        || Files.exists(out.resolve("jmh.log")),
                "nothing else ran");
    }

    @Test
    void aMissingPayloadIsAUsageErrorNamingIt(@TempDir Path out) throws Exception {
        Path absent = out.resolve("no-such-payload");
        Outcome o = runScript(out, Map.of(), "run", absent.toString());
        assertEquals(2, o.exit(), o.output());
        assertTrue(
                o.output().contains("gpu-check: no payload at " + absent + " (make one with: bench/gpu-check.sh pack)"),
                o.output());
    }
}
