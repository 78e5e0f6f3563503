package org.fatecg.cli;

import java.io.PrintStream;
import java.util.List;
import org.fatecg.attack.Condition;
import org.fatecg.fl.FederationListener;
import org.fatecg.report.Progress;

/**
 * Progress of {@code fatecg run} on a terminal: one in-place bar per local epoch, labelled with the
 * round and the whole run's ETA, the federation, client and epoch, showing batches done, rate and the
 * epoch's ETA; it erases itself when the epoch ends. Evaluation draws its own bar (RobustEvaluator). Off a terminal it prints nothing: the
 * per-round summary lines of {@link RunCommand} are the log.
 */
final class ConsoleProgress implements FederationListener {
    private final PrintStream out;
    private final boolean interactive;
    private final java.util.function.Supplier<String> status;
    private Progress epoch;
    private String client = "";

    /** @param status the run's position, e.g. "round 3/10, run ETA 4:10", put in front of every bar */
    ConsoleProgress(PrintStream out, boolean interactive, java.util.function.Supplier<String> status) {
        this.out = out;
        this.interactive = interactive;
        this.status = status;
    }

    boolean interactive() {
        return interactive;
    }

    @Override
    public void clientStarted(String federation, int round, int index, int count, int clientId) {
        client = String.format("client %d/%d (#%d)", index + 1, count, clientId);
    }

    @Override
    public void epochStarted(String federation, int round, int clientId, int e, int epochs, int batches) {
        if (!interactive) return;
        String label = String.format("%s | %-7s %s epoch %d/%d", status.get(), federation, client, e, epochs);
        epoch = new Progress(label, batches, out).transientLine(true);
    }

    @Override
    public void batchDone() {
        if (epoch != null) epoch.step();
    }

    @Override
    public void epochEnded() {
        if (epoch != null) epoch.close();
        epoch = null;
    }

    @Override
    public void evaluationStarted(String federation, int round, List<Condition> conditions, int beats) {
        if (!interactive) return;
        StringBuilder names = new StringBuilder();
        for (Condition c : conditions) names.append(names.length() > 0 ? ", " : "").append(c.title());
        out.printf("%s | %-7s evaluating %s on %d test beats%n", status.get(), federation, names, beats);
    }
}
