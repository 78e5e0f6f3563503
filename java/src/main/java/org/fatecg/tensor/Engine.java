package org.fatecg.tensor;

import org.fatecg.backend.Backend;
import org.fatecg.backend.select.Backends;

/**
 * The backend new tensors are made on. One per process: chosen once at start-up (the CLI's --device and
 * --threads), defaulting to {@link Backends#defaultBackend()} (the CPU backend with one thread per core).
 * The engine names no implementation: it sees the Backend interface only.
 */
public final class Engine {
    private static volatile Backend backend;

    private Engine() {}

    public static Backend backend() {
        Backend b = backend;
        if (b == null) {
            synchronized (Engine.class) {
                if (backend == null) backend = Backends.defaultBackend();
                b = backend;
            }
        }
        return b;
    }

    public static void use(Backend b) {
        backend = b;
    }
}
