package org.fatecg.tensor;

import org.fatecg.backend.Backend;
import org.fatecg.backend.cpu.CpuBackend;

/**
 * The backend new tensors are made on. One per process: chosen once at start-up (the CLI's --device and
 * --threads), defaulting to the CPU backend with one thread per core.
 */
public final class Engine {
    private static volatile Backend backend;

    private Engine() {}

    public static Backend backend() {
        Backend b = backend;
        if (b == null) {
            synchronized (Engine.class) {
                if (backend == null) backend = new CpuBackend(defaultThreads());
                b = backend;
            }
        }
        return b;
    }

    public static void use(Backend b) {
        backend = b;
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
}
