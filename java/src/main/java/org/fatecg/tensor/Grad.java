package org.fatecg.tensor;

/**
 * Whether operations record the graph for reverse-mode autodiff (per thread). Evaluation and the
 * optimiser run with recording off; {@link Autograd#grad} runs the backward rules with recording on only when
 * a gradient of a gradient is wanted (double backpropagation).
 */
public final class Grad implements AutoCloseable {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});
    private final boolean saved;

    private Grad(boolean enabled) {
        boolean[] state = ENABLED.get();
        saved = state[0];
        state[0] = enabled;
    }

    /** try (Grad g = Grad.off()) { ... } : nothing inside is recorded. */
    public static Grad off() {
        return new Grad(false);
    }

    static Grad set(boolean enabled) {
        return new Grad(enabled);
    }

    public static boolean enabled() {
        return ENABLED.get()[0];
    }

    @Override
    public void close() {
        ENABLED.get()[0] = saved;
    }
}
