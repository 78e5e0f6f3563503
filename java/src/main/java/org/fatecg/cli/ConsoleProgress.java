package org.fatecg.cli;

import java.io.PrintStream;
import java.util.List;
import org.fatecg.fl.Condition;
import org.fatecg.fl.FederationListener;
import org.fatecg.report.Progress;

/**
 * Progress of {@code fatecg run} on a terminal: one in-place bar per local epoch, labelled with the
 * round, federation, client and epoch, showing batches done, rate and ETA; it erases itself when the
 * epoch ends. Evaluation draws its own bar (RobustEvaluator). Off a terminal it prints nothing: the
 * per-round summary lines of {@link RunCommand} are the log.
 */
final class ConsoleProgress implements FederationListener {
    private final PrintStream out;
    private final boolean interactive;
    private Progress epoch;
    private String client = "";

    ConsoleProgress(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
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
        String label = String.format("round %d %-7s %s epoch %d/%d", round, federation, client, e, epochs);
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
        out.printf("round %d %-7s evaluating %s on %d test beats%n", round, federation, names, beats);
    }
}
