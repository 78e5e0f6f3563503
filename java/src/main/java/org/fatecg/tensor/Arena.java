package org.fatecg.tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import org.fatecg.backend.Storage;

/**
 * A scope that gives back every buffer allocated inside it when it closes, so that a training step or an
 * attack iteration reuses the same buffers instead of allocating new ones (the backend pools them by size).
 *
 * <pre>
 *   try (Arena step = Arena.open()) {
 *       Tensor loss = model.forward(x).crossEntropy(y);
 *       ...
 *       result = step.keep(xAdv);   // survives the scope (moves to the enclosing arena, if any)
 *   }
 * </pre>
 * Tensors made inside an arena must not be used after it closes unless kept. Arenas nest per thread.
 * Parameters and optimiser state are made outside any arena (see {@link #unmanaged}).
 */
public final class Arena implements AutoCloseable {
    private static final ThreadLocal<Arena> CURRENT = new ThreadLocal<>();

    private final Arena parent;
    private final IdentityHashMap<Storage, Boolean> owned = new IdentityHashMap<>();
    private final List<Storage> order = new ArrayList<>();
    private boolean closed;

    private Arena(Arena parent) {
        this.parent = parent;
    }

    public static Arena open() {
        Arena a = new Arena(CURRENT.get());
        CURRENT.set(a);
        return a;
    }

    /** Runs body with no arena active, so what it allocates lives until garbage collected. */
    public static <T> T unmanaged(java.util.function.Supplier<T> body) {
        Arena saved = CURRENT.get();
        CURRENT.set(null);
        try {
            return body.get();
        } finally {
            CURRENT.set(saved);
        }
    }

    static void track(Storage s) {
        Arena a = CURRENT.get();
        if (a != null) a.add(s);
    }

    private void add(Storage s) {
        if (owned.put(s, Boolean.TRUE) == null) order.add(s);
    }

    /** Moves t's buffer out of this arena into the enclosing one (or out of all arenas); returns t. */
    public Tensor keep(Tensor t) {
        Storage s = t.storage();
        if (owned.remove(s) != null) {
            if (parent != null) parent.add(s);
        }
        return t;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (CURRENT.get() != this) throw new IllegalStateException("arenas must close in the order they were opened");
        CURRENT.set(parent);
        for (Storage s : order) {
            if (owned.containsKey(s)) s.backend().release(s);
        }
        owned.clear();
        order.clear();
    }
}
