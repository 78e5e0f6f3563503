package org.fatecg.cli;

import java.io.PrintStream;
import org.fatecg.backend.Backend;
import org.fatecg.backend.select.Backends;
import org.fatecg.tensor.Engine;
import picocli.CommandLine.Option;

/** --device and --threads for every command that computes: chooses the backend once and installs it. */
final class DeviceOptions {
    @Option(
            names = "--device",
            defaultValue = "auto",
            paramLabel = "NAME",
            description =
                    "auto, cpu or cuda[:N] (default: ${DEFAULT-VALUE}; auto falls back to the CPU with a notice).")
    String device;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all cores, or FATECG_THREADS).")
    Integer threads;

    Backend install(PrintStream notices) {
        return install(device, threads, notices);
    }

    /** The backend for (device, threads), made the engine's; notices get the one-line fallback notice. */
    static Backend install(String device, Integer threads, PrintStream notices) {
        int t = threads != null ? threads : Backends.defaultThreads();
        if (t < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + t);
        Backend backend = Backends.select(device, t, notices);
        Engine.use(backend);
        return backend;
    }
}
