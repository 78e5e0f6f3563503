package org.fatecg.nn;

/**
 * Whether layers that behave differently while training (dropout) are in training mode, per thread,
 * scoped like {@link org.fatecg.tensor.Grad}: {@code try (TrainingMode t = TrainingMode.on()) { ... }}.
 * The default is evaluation mode, so evaluation, attacks and explanations need to do nothing; only a
 * training loop opens a scope. A thread-local scope rather than PyTorch's per-module train()/eval() flag:
 * a scope cannot be left switched on by a forgotten call, and composite modules need no code to pass it
 * on to their children.
 */
public final class TrainingMode implements AutoCloseable {
    private static final ThreadLocal<boolean[]> ACTIVE = ThreadLocal.withInitial(() -> new boolean[] {false});
    private final boolean saved;

    private TrainingMode(boolean on) {
        boolean[] state = ACTIVE.get();
        saved = state[0];
        state[0] = on;
    }

    /** Training mode until the scope closes. */
    public static TrainingMode on() {
        return new TrainingMode(true);
    }

    /** Evaluation mode until the scope closes (e.g. to evaluate inside a training loop). */
    public static TrainingMode off() {
        return new TrainingMode(false);
    }

    public static boolean active() {
        return ACTIVE.get()[0];
    }

    @Override
    public void close() {
        ACTIVE.get()[0] = saved;
    }
}
