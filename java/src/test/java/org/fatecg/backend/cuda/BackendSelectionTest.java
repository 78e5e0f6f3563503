package org.fatecg.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.fatecg.backend.Backend;
import org.fatecg.backend.cpu.CpuBackend;
import org.fatecg.backend.select.Backends;
import org.junit.jupiter.api.Test;

/**
 * --device auto|cpu|cuda[:N]. The fallback and error paths run on every machine: through a fake opener
 * (deterministic), and through the real JCuda opener, whose outcome depends on the machine (here, in CI:
 * no driver, so UnsatisfiedLinkError inside JCuda, which must come back as a notice, not a crash).
 */
class BackendSelectionTest {
    private final ByteArrayOutputStream noticeBytes = new ByteArrayOutputStream();
    private final PrintStream notices = new PrintStream(noticeBytes, true, StandardCharsets.UTF_8);

    private String[] noticeLines() {
        String s = noticeBytes.toString(StandardCharsets.UTF_8);
        return s.isEmpty() ? new String[0] : s.split("\n");
    }

    private static Backends.CudaOpener failing(String reason) {
        return ordinal -> {
            throw new CudaUnavailableException(reason, null);
        };
    }

    @Test
    void cpuIsTheCpuBackendWithTheGivenThreads() {
        Backend b = Backends.select("cpu", 3, notices, failing("unused"));
        assertInstanceOf(CpuBackend.class, b);
        assertEquals(3, b.threads());
        assertEquals(0, noticeLines().length);
    }

    @Test
    void autoFallsBackToTheCpuWithOneNotice() {
        Backend b = Backends.select("auto", 2, notices, failing("libcuda.so.1 not found"));
        assertInstanceOf(CpuBackend.class, b);
        String[] lines = noticeLines();
        assertEquals(1, lines.length);
        assertTrue(
                lines[0].contains("libcuda.so.1 not found") && lines[0].contains("CPU backend with 2 threads"),
                lines[0]);
    }

    @Test
    void autoSurvivesErrorsThrownWhileLoadingNatives() {
        Backends.CudaOpener linkError = ordinal -> {
            throw new UnsatisfiedLinkError("no JCudaDriver-12.6.0-linux-x86_64 in java.library.path\nmore lines");
        };
        assertInstanceOf(CpuBackend.class, Backends.select("AUTO", 1, notices, linkError));
        Backends.CudaOpener classError = ordinal -> {
            throw new NoClassDefFoundError("Could not initialize class jcuda.driver.JCudaDriver");
        };
        assertInstanceOf(CpuBackend.class, Backends.select(null, 1, notices, classError));
        String[] lines = noticeLines();
        assertEquals(2, lines.length, String.join("\n", lines));
        assertTrue(lines[0].contains("UnsatisfiedLinkError") && !lines[0].contains("more lines"), lines[0]);
    }

    @Test
    void autoTakesTheGpuWhenItOpens() {
        Backend gpu = new CpuBackend(1); // stands in for an opened CUDA backend
        int[] asked = {-1};
        assertSame(gpu, Backends.select("auto", 4, notices, ordinal -> {
            asked[0] = ordinal;
            return gpu;
        }));
        assertEquals(0, asked[0]);
        assertEquals(0, noticeLines().length);
    }

    @Test
    void forcedCudaWithoutADeviceIsAClearError() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> Backends.select("cuda", 2, notices, failing("the CUDA driver sees no GPU")));
        assertTrue(
                e.getMessage().contains("--device cuda")
                        && e.getMessage().contains("sees no GPU")
                        && e.getMessage().contains("--device cpu"),
                e.getMessage());
        int[] asked = {-1};
        assertThrows(
                IllegalStateException.class,
                () -> Backends.select("cuda:3", 2, notices, ordinal -> {
                    asked[0] = ordinal;
                    throw new CudaUnavailableException("no CUDA device 3 (this machine has 1)", null);
                }));
        assertEquals(3, asked[0]);
    }

    @Test
    void badSpecsAreRefused() {
        for (String spec : new String[] {"gpu", "cuda:", "cuda:x", "cuda:-1", "cuda0", ""})
            assertThrows(
                    IllegalArgumentException.class, () -> Backends.select(spec, 1, notices, failing("unused")), spec);
    }

    /** The real opener on this machine: either a CUDA backend, or one notice, and never an Error. */
    @Test
    void theRealOpenerFallsBackOrOpensAndCanBeAskedTwice() {
        for (int attempt = 0; attempt < 2; attempt++) { // the second attempt meets JCuda's failed static initialiser
            Backend b = Backends.select("auto", 1, notices);
            if (b instanceof CudaBackend) {
                ((CudaBackend) b).close();
                assertEquals(0, noticeLines().length);
            } else {
                assertInstanceOf(CpuBackend.class, b);
                assertEquals(attempt + 1, noticeLines().length);
                assertTrue(
                        noticeLines()[attempt].startsWith("fatecg: no usable CUDA device ("), noticeLines()[attempt]);
            }
        }
        try {
            Backend forced = Backends.select("cuda", 1, notices);
            assertInstanceOf(CudaBackend.class, forced);
            ((CudaBackend) forced).close();
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().startsWith("--device cuda: CUDA is not usable here: "), e.getMessage());
        }
    }

    @Test
    void nativeLoadingMessagesShrinkToTheMissingLibrary() {
        UnsatisfiedLinkError e = new UnsatisfiedLinkError(
                "Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\n"
                        + "Operating system name: Linux\n"
                        + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open shared object file: No such file or directory\n");
        assertEquals("libcuda.so.1 not found", CudaUnavailableException.oneLine(e));
        assertEquals(
                "CudaException: CUDA_ERROR_NO_DEVICE",
                CudaUnavailableException.oneLine(new jcuda.CudaException("CUDA_ERROR_NO_DEVICE")));
    }
}
