package org.fatecg.backend;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits a loop over [0, n) into one contiguous chunk per thread. Chunk boundaries depend only on n, the
 * grain and the thread count, and kernels only split over independent outputs, so results do not depend
 * on timing or on which thread ran which chunk.
 *
 * <p>Why not a ForkJoinPool: a training step issues a few hundred kernels of 20-500 microseconds each,
 * and waking a parked pool worker costs tens of microseconds every time. These workers spin briefly
 * (Thread.onSpinWait) after each task and only park once idle for {@link #SPIN_NANOS}, so back-to-back
 * kernels start at once; and the caller claims chunks like any worker, so a worker still waking up
 * delays nothing. One loop at a time: a second thread that arrives while a loop is running (or a nested
 * call from inside a chunk) runs its loop inline.
 */
public final class Parallel {
    /** Body of a parallel loop over [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static final long SPIN_NANOS = 2_000_000;

    private final int threads;
    private final Worker[] workers;
    private final AtomicInteger busy = new AtomicInteger();
    /** The loop in flight; a new Task object per loop, so a worker can tell loops apart. */
    private volatile Task task;

    private int generation;

    /** One loop: its chunks are claimed one at a time by whichever thread is free. */
    private static final class Task {
        final int generation, total, grain, parts;
        final RangeBody body;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable failure;

        Task(int generation, int total, int grain, int parts, RangeBody body) {
            this.generation = generation;
            this.total = total;
            this.grain = grain;
            this.parts = parts;
            this.body = body;
        }

        /** Runs unclaimed chunks until none is left. */
        void work() {
            int c;
            while ((c = next.getAndIncrement()) < parts) {
                try {
                    body.run(bound(total, grain, parts, c), bound(total, grain, parts, c + 1));
                } catch (Throwable e) {
                    failure = e;
                }
                done.incrementAndGet();
            }
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

    /**
     * Runs body over [0, n) in at most {@code threads} chunks, each a multiple of grain but the last.
     * The caller claims chunks too, so a worker that is slow to wake costs nothing: the caller simply
     * runs its chunk as well.
     */
    public void forRange(int n, int grain, RangeBody body) {
        int units = (n + grain - 1) / grain;
        int p = Math.min(threads, units);
        if (p <= 1 || Thread.currentThread() instanceof WorkerThread || !busy.compareAndSet(0, 1)) {
            body.run(0, n);
            return;
        }
        try {
            Task t = new Task(++generation, n, grain, p, body);
            task = t;
            for (Worker w : workers) if (w.parked) LockSupport.unpark(w.thread);
            t.work();
            // Spin until claimed chunks finish, yielding now and then: on a loaded machine the worker
            // may need this core to finish.
            for (int spin = 1; t.done.get() < p; spin++) {
                if ((spin & 1023) == 0) Thread.yield();
                else Thread.onSpinWait();
            }
            Throwable f = t.failure;
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
                    t.work();
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
