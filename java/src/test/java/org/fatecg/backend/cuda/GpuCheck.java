package org.fatecg.backend.cuda;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.fatecg.backend.Backend;
import org.fatecg.tensor.Engine;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The Java half of bench/gpu-check.sh, for a GPU machine that has a Java runtime but no Maven:
 * <pre>
 *   probe        open CUDA device 0 and print it; exit 3 with the reason when it cannot be opened
 *   tests LOG    the GPU parity suite (every test of org.fatecg.backend.cuda, on the CPU engine: the suite
 *                opens its own device), then the golden CNN and attack tests with CUDA device 0 as the
 *                engine's backend, so the whole paper CNN runs on the GPU against PyTorch's values
 * </pre>
 * One line per test goes to LOG. On a machine where the probe succeeded a skipped test is not a pass:
 * the exit code is 0 only when no test failed and none was aborted (an assumption such as "no usable
 * CUDA device" or "../shared is not present" means that test did not run here).
 */
public final class GpuCheck {
    /** Exit code when no CUDA device can be opened, distinct from a test failure (1). */
    static final int NO_DEVICE = 3;

    private GpuCheck() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals("probe")) System.exit(probe());
        if (args.length == 2 && args[0].equals("tests")) System.exit(tests(Path.of(args[1])));
        System.err.println("usage: GpuCheck probe | GpuCheck tests LOG_FILE");
        System.exit(2);
    }

    static int probe() {
        try (CudaBackend gpu = CudaBackend.open(0)) {
            System.out.println("gpu-check: opened " + gpu.describe());
            return 0;
        } catch (CudaUnavailableException | LinkageError | RuntimeException e) {
            String why = e instanceof CudaUnavailableException ? e.getMessage() : CudaUnavailableException.oneLine(e);
            System.out.println("gpu-check: no usable CUDA device: " + why);
            return NO_DEVICE;
        }
    }

    static int tests(Path logFile) throws IOException {
        try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8), true)) {
            Tally parity = run(
                    "parity suite (org.fatecg.backend.cuda, CPU engine)",
                    List.of(selectPackage("org.fatecg.backend.cuda")),
                    log);
            Tally golden;
            Backend saved = Engine.backend();
            try (CudaBackend gpu = CudaBackend.open(0)) {
                Engine.use(gpu);
                golden = run(
                        "golden CNN and attacks (engine on " + gpu.describe() + ")",
                        List.of(
                                selectClass("org.fatecg.nn.GoldenCnnTest"),
                                selectClass("org.fatecg.attack.GoldenAttackTest")),
                        log);
            } catch (CudaUnavailableException e) {
                System.out.println("gpu-check: no usable CUDA device for the golden tests: " + e.getMessage());
                return NO_DEVICE;
            } finally {
                Engine.use(saved);
            }
            boolean ok = parity.clean() && golden.clean();
            System.out.println("gpu-check tests: " + (parity.passed + golden.passed) + " passed, "
                    + (parity.failed + golden.failed) + " failed, " + (parity.aborted + golden.aborted) + " skipped");
            return ok ? 0 : 1;
        }
    }

    /** Counts of one launcher run. */
    static final class Tally implements TestExecutionListener {
        final PrintWriter log;
        int passed, failed, aborted;

        Tally(PrintWriter log) {
            this.log = log;
        }

        boolean clean() {
            return failed == 0 && aborted == 0 && passed > 0;
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            if (!id.isTest()) return;
            aborted++;
            log.println("SKIPPED  " + id.getDisplayName() + ": " + reason);
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            String why = result.getThrowable()
                    .map(t -> ": " + CudaUnavailableException.oneLine(t))
                    .orElse("");
            if (!id.isTest()) {
                // A failing @BeforeAll fails the container, and its tests never report: count it once.
                if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                    failed++;
                    log.println("FAILED   " + id.getDisplayName() + " (container)" + why);
                } else if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                    aborted++;
                    log.println("SKIPPED  " + id.getDisplayName() + " (container)" + why);
                }
                return;
            }
            switch (result.getStatus()) {
                case SUCCESSFUL -> passed++;
                case FAILED -> failed++;
                case ABORTED -> aborted++;
            }
            log.println(String.format(
                    Locale.ROOT,
                    "%-8s %s%s",
                    result.getStatus() == TestExecutionResult.Status.SUCCESSFUL
                            ? "PASSED"
                            : result.getStatus() == TestExecutionResult.Status.FAILED ? "FAILED" : "SKIPPED",
                    location(id),
                    why));
        }

        private static String location(TestIdentifier id) {
            return id.getLegacyReportingName() + " [" + id.getUniqueId().replaceAll(".*\\[class:([^\\]]*)\\].*", "$1")
                    + "]";
        }
    }

    private static Tally run(String title, List<DiscoverySelector> selectors, PrintWriter log) {
        log.println("== " + title);
        // GpuCheckScriptTest runs the script that runs this: kept out, or a GPU machine would recurse.
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors)
                .filters(ClassNameFilter.excludeClassNamePatterns(".*\\.GpuCheckScriptTest"))
                .build();
        Launcher launcher = LauncherFactory.create();
        Tally tally = new Tally(log);
        launcher.execute(request, tally);
        String line = String.format(
                Locale.ROOT, "%s: %d passed, %d failed, %d skipped", title, tally.passed, tally.failed, tally.aborted);
        log.println(line);
        System.out.println("gpu-check " + line);
        return tally;
    }
}
