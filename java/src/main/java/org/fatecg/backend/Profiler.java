package org.fatecg.backend;

/**
 * The per-kernel profiler's switch and its hooks, torch.profiler's role for fatecg. While a session
 * records, every backend call made through a {@link Storage} (which is how the tensor layer, the
 * attacks and the optimisers reach their kernels) goes through a {@link ProfiledBackend} that times it
 * and counts its FLOPs and bytes; code above marks phases (forward, backward, attack, optimiser) with
 * {@link #phase}.
 *
 * <p>Cost when off: one read of a static boolean where a storage hands out its backend
 * ({@link #dispatch}), one where a tensor is made ({@link #produced}) and one per phase mark; no
 * allocation, no clock. Sessions are not nested and are meant for the one thread that runs the
 * computation (fatecg's training, attacks and evaluation run on one thread; kernels fan out inside).
 */
public final class Profiler {
    /** The one check at dispatch: read on every kernel call, so a plain static, written only by start/stop. */
    private static boolean on;

    private static ProfileSession session;

    private Profiler() {}

    /**
     * Starts recording on the calling thread. A backend that runs its kernels asynchronously on a stream
     * (an {@link EventClock}) is timed with events queued on that stream, not with host clocks.
     */
    public static synchronized void start() {
        if (session != null) throw new IllegalStateException("a profiling session is already recording");
        session = new ProfileSession(Thread.currentThread());
        on = true;
    }

    /** Stops recording and returns what was recorded (waiting for a GPU stream's events first). */
    public static synchronized ProfileRecording stop() {
        if (session == null) throw new IllegalStateException("no profiling session is recording");
        on = false;
        ProfileSession s = session;
        session = null;
        return s.finish();
    }

    public static boolean recording() {
        return on;
    }

    /** What {@link Storage#backend()} returns: the owner itself, or its timed wrapper while recording. */
    public static Backend dispatch(Backend owner) {
        return on ? session.wrap(owner) : owner;
    }

    /**
     * Called as a tensor is made: which primitive (null: none) will write storage, so that the kernel
     * writing it next is filed under that primitive.
     */
    public static void produced(Storage storage, Object primitive) {
        if (on) session.produced(storage, primitive);
    }

    /**
     * Marks a phase until the returned scope closes: {@code try (Profiler.Phase p = Profiler.phase("backward"))}.
     * A phase of the same name as the innermost open one is not opened again (nested Sequentials).
     */
    public static Phase phase(String name) {
        if (!on) return Phase.NONE;
        return session.open(name);
    }

    /** An open phase; closing it records its span. */
    public static final class Phase implements AutoCloseable {
        static final Phase NONE = new Phase(null, null);
        private final ProfileSession owner;
        private final ProfileSession.Open span;

        Phase(ProfileSession owner, ProfileSession.Open span) {
            this.owner = owner;
            this.span = span;
        }

        @Override
        public void close() {
            if (owner != null) owner.close(span);
        }
    }
}
