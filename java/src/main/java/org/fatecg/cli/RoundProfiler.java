package org.fatecg.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.fatecg.attack.Condition;
import org.fatecg.backend.Backend;
import org.fatecg.backend.Profiler;
import org.fatecg.fl.FederationListener;
import org.fatecg.fl.FitResult;
import org.fatecg.fl.RoundRecord;
import org.fatecg.report.ProfileReport;
import org.fatecg.report.ProfileSummary;

/**
 * {@code fatecg run --profile-round N}: a listener that passes every event on to the progress display
 * and profiles round N of each federation (its clients' local training and its evaluation), writing
 * {@code DIR/profile/<federation>-round<N>/} with the tables, the trace and the chart.
 */
final class RoundProfiler implements FederationListener {
    private final FederationListener next;
    private final int round;
    private final Path dir;
    private final Backend backend;
    private final PrintStream notices;
    private ProfileSummary.Roofs roofs;
    private Profiler.Phase phase;

    RoundProfiler(FederationListener next, int round, Path dir, Backend backend, PrintStream notices) {
        this.next = next;
        this.round = round;
        this.dir = dir;
        this.backend = backend;
        this.notices = notices;
    }

    @Override
    public void roundStarted(String federation, int r, int rounds) {
        next.roundStarted(federation, r, rounds);
        if (r != round) return;
        if (roofs == null) roofs = Roofs.measure(backend);
        Profiler.start();
        phase = Profiler.phase("round " + r);
    }

    @Override
    public void roundEnded(String federation, RoundRecord record) {
        if (phase != null) {
            phase.close();
            phase = null;
            Path out = dir.resolve("profile").resolve(federation + "-round" + round);
            String title =
                    federation + " round " + round + ", " + backend.name() + " " + backend.threads() + " threads";
            try {
                ProfileReport.write(out, new ProfileSummary(Profiler.stop(), roofs, "round " + round, 1), title);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "writing the profile of " + title + " to " + out + ": " + e.getMessage(), e);
            }
            notices.println("fatecg: profile of " + title + " in " + out);
        }
        next.roundEnded(federation, record);
    }

    @Override
    public void clientStarted(String federation, int r, int index, int count, int clientId) {
        next.clientStarted(federation, r, index, count, clientId);
    }

    @Override
    public void epochStarted(String federation, int r, int clientId, int epoch, int epochs, int batches) {
        next.epochStarted(federation, r, clientId, epoch, epochs, batches);
    }

    @Override
    public void batchDone() {
        next.batchDone();
    }

    @Override
    public void epochEnded() {
        next.epochEnded();
    }

    @Override
    public void clientEnded(String federation, int r, FitResult result) {
        next.clientEnded(federation, r, result);
    }

    @Override
    public void evaluationStarted(String federation, int r, List<Condition> conditions, int beats) {
        next.evaluationStarted(federation, r, conditions, beats);
    }
}
