package org.fatecg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/**
 * {@code fatecg grid --parallel N}: N cells at a time, each {@code fatecg run} in a child JVM of its own.
 *
 * <p>Why child JVMs and not N threads of this one: the engine is process-wide. {@code run} installs its
 * backend with {@code Engine.use} (a second cell would swap the first's backend and thread count under
 * it), the CPU backend's worker pool runs one loop at a time (a second caller's loops run inline on its
 * own thread, so --threads could not be split), the profiler records one session per process, and the
 * progress output decides the terminal once per process. A child JVM per cell gives each cell its own
 * backend with its share of --threads, and its numbers are those of the same cell run serially: results
 * do not depend on the thread count (DeterminismTest) and every seed comes from the cell's settings.
 *
 * <p>Resume is unchanged: a child is exactly {@code fatecg run} (or {@code run --resume}) on the cell's
 * folder. A cell that fails stops new cells from starting; the running ones finish, and the error names
 * every failed cell with its log. When this JVM is stopped (Ctrl-C, kill), a shutdown hook stops the
 * children too, each leaving its last checkpoint, so running the grid again resumes them.
 */
final class CellProcesses {
    private final PrintWriter out;
    private final Path cellsDir, logs;
    private final List<GridConfig.Cell> all;
    private final int parallel;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean failed = new AtomicBoolean();
    private volatile boolean stopping;
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    CellProcesses(PrintWriter out, Path cellsDir, Path logs, List<GridConfig.Cell> all, int parallel) {
        this.out = out;
        this.cellsDir = cellsDir;
        this.logs = logs;
        this.all = all;
        this.parallel = parallel;
    }

    /** Runs the pending cells, parallel at a time; argsOf gives a cell's fatecg arguments for its state. */
    void run(List<GridConfig.Cell> pending, BiFunction<GridConfig.Cell, GridCommand.State, List<String>> argsOf)
            throws IOException {
        Files.createDirectories(logs);
        Thread stopChildren = new Thread(this::stopAll, "fatecg-grid-stop-cells");
        Runtime.getRuntime().addShutdownHook(stopChildren);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (GridConfig.Cell c : pending) jobs.add(pool.submit(() -> runOne(c, argsOf)));
            for (Future<?> j : jobs) j.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("grid interrupted; run it again to resume its cells", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("grid: " + Main.describe(e.getCause()), e.getCause());
        } finally {
            pool.shutdownNow();
            stopAll();
            try {
                Runtime.getRuntime().removeShutdownHook(stopChildren);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already shutting down: the hook runs (or ran) anyway
            }
        }
        if (!failures.isEmpty())
            throw new IllegalStateException(failures.size() + " of " + pending.size() + " cells failed: "
                    + String.join("; ", failures) + ". The other cells are finished or resumable: run the grid again.");
    }

    private void runOne(GridConfig.Cell c, BiFunction<GridConfig.Cell, GridCommand.State, List<String>> argsOf) {
        String head = GridCommand.head(all.indexOf(c), all.size(), c);
        if (failed.get()) {
            say(head + ": not started (a cell failed)");
            return;
        }
        Path cell = cellsDir.resolve(c.name()), log = logs.resolve(c.name() + ".log");
        GridCommand.State s = GridCommand.state(cell);
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(argsOf.apply(c, s)))
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile()));
        pb.environment().put("FATECG_PROGRESS", "lines"); // a log file, not a terminal
        say(head + GridCommand.starting(s) + " (log: " + log + ")");
        long t0 = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            fail(c, "could not start a JVM: " + Main.describe(e), log);
            return;
        }
        running.add(p);
        try {
            p.getOutputStream().close(); // fatecg run reads no input
            int rc = p.waitFor();
            if (stopping) say(head + ": stopped (resumable)");
            else if (rc == 0) say(GridCommand.done(head, t0));
            else fail(c, "exit " + rc + lastLine(log), log);
        } catch (IOException e) {
            fail(c, Main.describe(e), log);
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
        } finally {
            running.remove(p);
        }
    }

    private void fail(GridConfig.Cell c, String why, Path log) {
        failed.set(true);
        failures.add(c.name() + " (" + why + "; log: " + log + ", folder: " + cellsDir.resolve(c.name()) + ")");
        say(c.name() + ": failed (" + why + ")");
    }

    /** ": " and the log's last line that fatecg wrote as an error, if any. */
    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--)
                if (lines.get(i).startsWith("fatecg: "))
                    return ": " + lines.get(i).substring("fatecg: ".length());
        } catch (IOException ignored) {
            // the log is a courtesy; the exit code and the log's path are reported regardless
        }
        return "";
    }

    private void say(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    /** Stops the running children (SIGTERM) and waits a little for each, so that its folder lock is free. */
    private void stopAll() {
        stopping = true;
        for (Process p : running) p.destroy();
        for (Process p : running)
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
    }
}
