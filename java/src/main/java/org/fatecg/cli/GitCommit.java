package org.fatecg.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The git commit recorded in run.json: HEAD of the checkout around the working folder, "+dirty" with
 * local changes, or null. Best effort and never in the way of a run, so:
 *
 * <ul>
 *   <li>git is taken only from the system's own folders ({@link #LOCATIONS}), never from PATH: a
 *       "git" planted in a project folder or a user's bin folder on PATH would otherwise run with every
 *       {@code fatecg run}; without a system git the commit is skipped.
 *   <li>The whole query has one deadline that really ends it: output is drained on its own thread (a
 *       blocking read before the wait would make the timeout unreachable), and on expiry the process
 *       and its children are killed.
 *   <li>Repository settings that run programs (core.fsmonitor) are turned off, and status takes no
 *       optional locks, so a hostile checkout cannot run code through this query.
 * </ul>
 */
final class GitCommit {
    /** System locations of git, in order; PATH is not consulted. */
    static final List<Path> LOCATIONS = List.of(
            Path.of("/usr/bin/git"),
            Path.of("/bin/git"),
            Path.of("/usr/local/bin/git"),
            Path.of("/opt/homebrew/bin/git"));

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private GitCommit() {}

    /** The commit of the working folder's checkout, or null without a system git, a checkout or in time. */
    static String ofWorkingFolder() {
        Path git = firstExecutable(LOCATIONS);
        return git == null ? null : query(git, TIMEOUT);
    }

    /** The first of {@code candidates} that is an absolute path to an executable file; null when none is. */
    static Path firstExecutable(List<Path> candidates) {
        for (Path p : candidates) if (p.isAbsolute() && Files.isRegularFile(p) && Files.isExecutable(p)) return p;
        return null;
    }

    /** "HEAD[+dirty]" from {@code git}, or null on any failure or when {@code timeout} passes first. */
    static String query(Path git, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            String head = run(git, deadline, "rev-parse", "HEAD");
            if (head == null || head.isEmpty()) return null;
            String status = run(git, deadline, "--no-optional-locks", "status", "--porcelain", "--untracked-files=no");
            if (status == null) return null;
            return head + (status.isEmpty() ? "" : "+dirty");
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String run(Path git, long deadline, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(git.toString(), "-c", "core.fsmonitor=false"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        CompletableFuture<byte[]> out = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try {
                        out.complete(p.getInputStream().readAllBytes());
                    } catch (IOException e) {
                        out.completeExceptionally(e);
                    }
                },
                "git-output");
        reader.setDaemon(true);
        reader.start();
        try {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !p.waitFor(left, TimeUnit.NANOSECONDS) || p.exitValue() != 0) return null;
            byte[] bytes = out.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return new String(bytes, StandardCharsets.UTF_8).trim();
        } catch (ExecutionException | TimeoutException e) {
            return null; // a child still holds the output open past the deadline
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }
}
