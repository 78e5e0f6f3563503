package org.fatecg.backend;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Splits a loop over [0, n) into one contiguous chunk per thread. Chunk boundaries depend only on n and
 * the thread count, and kernels only split over independent outputs, so results do not depend on timing.
 */
public final class Parallel {
    /** Body of a parallel loop over [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private final int threads;
    private final ForkJoinPool pool;

    public Parallel(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads);
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs body over [0, n) in at most {@code threads} chunks, each a multiple of {@code grain} except the
     * last; runs inline when one chunk covers everything.
     */
    public void forRange(int n, int grain, RangeBody body) {
        int units = (n + grain - 1) / grain;
        int parts = Math.min(threads, units);
        if (parts <= 1 || pool == null) {
            body.run(0, n);
            return;
        }
        RecursiveAction[] tasks = new RecursiveAction[parts];
        for (int t = 0; t < parts; t++) {
            int from = (int) ((long) units * t / parts) * grain;
            int to = Math.min(n, (int) ((long) units * (t + 1) / parts) * grain);
            tasks[t] = new RecursiveAction() {
                @Override
                protected void compute() {
                    body.run(from, to);
                }
            };
        }
        if (java.util.concurrent.ForkJoinTask.getPool() == pool) {
            // Already inside this pool (nested call): run the chunks on the current worker.
            for (RecursiveAction task : tasks) task.invoke();
            return;
        }
        pool.invoke(new RecursiveAction() {
            @Override
            protected void compute() {
                invokeAll(tasks);
            }
        });
    }
}
