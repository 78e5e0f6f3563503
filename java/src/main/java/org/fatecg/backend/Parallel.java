package org.fatecg.backend;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits a loop over [0, n) into one contiguous chunk per thread. Chunk boundaries depend only on n, the
 * grain and the thread count, and kernels only split over independent outputs, so results do not depend
 * on timing.
 *
 * <p>Why not a ForkJoinPool: a training step issues a few hundred kernels of 20-500 microseconds each,
 * and waking a parked pool worker costs tens of microseconds every time. These workers spin briefly
 * (Thread.onSpinWait) after each task and only park once idle for {@link #SPIN_NANOS}, so back-to-back
 * kernels start at once. The caller runs chunk 0 itself. One loop at a time: a second thread that
 * arrives while a loop is running (or a nested call from inside a chunk) runs its loop inline.
 */
public final class Parallel {
    /** Body of a parallel loop over [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static final long SPIN_NANOS = 200_000;

    private final int threads;
    private final Worker[] workers;
    private final AtomicInteger remaining = new AtomicInteger();
    private final AtomicInteger busy = new AtomicInteger();
    /** The loop in flight; a new Task object per loop, so a worker can tell loops apart. */
    private volatile Task task;
    private volatile Throwable failure;
    private int generation;

    private static final class Task {
        final int generation, total, grain, parts;
        final RangeBody body;

        Task(int generation, int total, int grain, int parts, RangeBody body) {
            this.generation = generation;
            this.total = total;
            this.grain = grain;
            this.parts = parts;
            this.body = body;
        }
    }

    public Parallel(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].thread.start();
        }
    }

    public int threads() {
        return threads;
    }

    /** Chunk t of parts over [0, n) in multiples of grain. */
    private static int bound(int n, int grain, int parts, int t) {
        int units = (n + grain - 1) / grain;
        return Math.min(n, (int) ((long) units * t / parts) * grain);
    }

    /** Runs body over [0, n) in at most {@code threads} chunks, each a multiple of grain but the last. */
    public void forRange(int n, int grain, RangeBody body) {
        int units = (n + grain - 1) / grain;
        int p = Math.min(threads, units);
        if (p <= 1 || Thread.currentThread() instanceof WorkerThread || !busy.compareAndSet(0, 1)) {
            body.run(0, n);
            return;
        }
        try {
            failure = null;
            remaining.set(p - 1);
            task = new Task(++generation, n, grain, p, body);
            for (Worker w : workers) if (w.parked) LockSupport.unpark(w.thread);
            body.run(0, bound(n, grain, p, 1));
            // Spin, but yield now and then: on a loaded machine the worker may need this core to finish.
            for (int spin = 1; remaining.get() > 0; spin++) {
                if ((spin & 1023) == 0) Thread.yield();
                else Thread.onSpinWait();
            }
            Throwable f = failure;
            if (f instanceof RuntimeException) throw (RuntimeException) f;
            if (f instanceof Error) throw (Error) f;
            if (f != null) throw new IllegalStateException(f);
        } finally {
            busy.set(0);
        }
    }

    private static final class WorkerThread extends Thread {
        WorkerThread(Runnable r, String name) {
            super(r, name);
            setDaemon(true);
        }
    }

    private final class Worker implements Runnable {
        final int index;
        final Thread thread;
        volatile boolean parked;

        Worker(int index) {
            this.index = index;
            this.thread = new WorkerThread(this, "fatecg-worker-" + index);
        }

        @Override
        public void run() {
            int seen = 0;
            long idleSince = System.nanoTime();
            int spins = 0;
            while (true) {
                Task t = task;
                if (t != null && t.generation != seen) {
                    seen = t.generation;
                    if (index < t.parts) {
                        try {
                            t.body.run(bound(t.total, t.grain, t.parts, index), bound(t.total, t.grain, t.parts, index + 1));
                        } catch (Throwable e) {
                            failure = e;
                        }
                        remaining.decrementAndGet();
                    }
                    idleSince = System.nanoTime();
                    continue;
                }
                if ((++spins & 1023) == 0) Thread.yield();
                else Thread.onSpinWait();
                if ((spins & 255) == 0 && System.nanoTime() - idleSince > SPIN_NANOS) {
                    parked = true;
                    Task now = task;
                    if (now == null || now.generation == seen) LockSupport.park(this);
                    parked = false;
                    idleSince = System.nanoTime();
                }
            }
        }
    }
}
