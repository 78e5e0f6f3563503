package org.fatecg.backend.select;

import java.io.PrintStream;
import java.util.Locale;
import org.fatecg.backend.Backend;
import org.fatecg.backend.cpu.CpuBackend;
import org.fatecg.backend.cuda.CudaBackend;
import org.fatecg.backend.cuda.CudaUnavailableException;

/**
 * Device choice, as the CLI's {@code --device auto|cpu|cuda[:N]} reads it.
 * <ul>
 *   <li>{@code cpu}: the CPU backend with the given threads.</li>
 *   <li>{@code cuda} or {@code cuda:N}: CUDA device N (default 0), or an IllegalStateException saying
 *       why not (no driver, no GPU, no cuBLAS 12, no kernel image, driver too old).</li>
 *   <li>{@code auto}: CUDA device 0 when it opens, else the CPU backend and one line on {@code notices}.</li>
 * </ul>
 * Opening CUDA loads JCuda's natives; every failure there, Errors included, is caught and reported,
 * never left to end the JVM.
 *
 * <p>This is the one place that knows the implementations: the {@code backend} package holds only the
 * interface, {@code backend.cpu} and {@code backend.cuda} implement it, and the tensor engine asks here
 * for its default ({@link #defaultBackend()}) instead of naming one.
 */
public final class Backends {
    /** Opens a CUDA device; a seam for tests and embedders. */
    @FunctionalInterface
    public interface CudaOpener {
        Backend open(int ordinal) throws CudaUnavailableException;
    }

    private Backends() {}

    /** The backend tensors use when nobody chose one: the CPU with {@link #defaultThreads()} threads. */
    public static Backend defaultBackend() {
        return new CpuBackend(defaultThreads());
    }

    /** FATECG_THREADS if set, else the number of cores. */
    public static int defaultThreads() {
        String env = System.getenv("FATECG_THREADS");
        if (env != null && !env.isBlank()) {
            try {
                int t = Integer.parseInt(env.trim());
                if (t >= 1) return t;
            } catch (NumberFormatException ignored) {
                // fall through to the core count; the CLI validates its own --threads flag
            }
            throw new IllegalArgumentException("FATECG_THREADS must be a positive integer, got '" + env + "'");
        }
        return Runtime.getRuntime().availableProcessors();
    }

    public static Backend select(String spec, int threads, PrintStream notices) {
        return select(spec, threads, notices, CudaBackend::open);
    }

    public static Backend select(String spec, int threads, PrintStream notices, CudaOpener cuda) {
        String s = spec == null ? "auto" : spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("cpu")) return new CpuBackend(threads);
        if (s.equals("auto")) {
            String reason;
            try {
                return cuda.open(0);
            } catch (CudaUnavailableException e) {
                reason = e.getMessage();
            } catch (LinkageError | RuntimeException e) {
                reason = e.toString().split("\n", 2)[0];
            }
            notices.println("fatecg: no usable CUDA device (" + reason + "); using the CPU backend with " + threads
                    + (threads == 1 ? " thread" : " threads"));
            return new CpuBackend(threads);
        }
        if (s.equals("cuda") || s.startsWith("cuda:")) {
            int ordinal = ordinal(spec, s);
            try {
                return cuda.open(ordinal);
            } catch (CudaUnavailableException e) {
                throw new IllegalStateException(
                        "--device " + spec.trim() + ": CUDA is not usable here: " + e.getMessage()
                                + " (use --device auto or --device cpu to run on the CPU)",
                        e);
            } catch (LinkageError | RuntimeException e) {
                throw new IllegalStateException(
                        "--device " + spec.trim() + ": CUDA failed to start: "
                                + e.toString().split("\n", 2)[0],
                        e);
            }
        }
        throw new IllegalArgumentException("unknown device '" + spec + "': expected auto, cpu, cuda or cuda:N");
    }

    private static int ordinal(String spec, String s) {
        if (s.equals("cuda")) return 0;
        String digits = s.substring("cuda:".length());
        if (!digits.matches("[0-9]{1,4}"))
            throw new IllegalArgumentException(
                    "bad device '" + spec + "': expected cuda:N with N a device number (0, 1, ...)");
        return Integer.parseInt(digits);
    }
}
