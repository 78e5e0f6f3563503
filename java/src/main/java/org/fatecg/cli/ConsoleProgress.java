package org.fatecg.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Supplier;
import org.fatecg.attack.Condition;
import org.fatecg.fl.FederationListener;
import org.fatecg.report.Progress;

/**
 * Progress of {@code fatecg run} on a terminal: one in-place bar per local epoch, labelled with the
 * round, the federation, client and epoch, showing batches done, rate and the
 * epoch's ETA, narrow enough not to wrap (Progress#width); it erases itself when the epoch ends. Evaluation prints a line with the whole run's ETA and draws its own bar (RobustEvaluator). Off a terminal it prints nothing: the
 * per-round summary lines of {@link RunCommand} are the log.
 */
final class ConsoleProgress implements FederationListener {
    private final PrintStream out;
    private final boolean interactive;
    private final Supplier<String> position, runEta;
    private Progress epoch;
    private String client = "";

    /**
     * @param position the run's position, "round 3/10", put in front of every bar
     * @param runEta   the whole run's ETA ("4:10", or "" while unknown), on each evaluation's line
     */
    ConsoleProgress(PrintStream out, boolean interactive, Supplier<String> position, Supplier<String> runEta) {
        this.out = out;
        this.interactive = interactive;
        this.position = position;
        this.runEta = runEta;
    }

    boolean interactive() {
        return interactive;
    }

    @Override
    public void clientStarted(String federation, int round, int index, int count, int clientId) {
        client = String.format("client %d/%d", index + 1, count);
    }

    @Override
    public void epochStarted(String federation, int round, int clientId, int e, int epochs, int batches) {
        if (!interactive) return;
        String label = String.format("%s %s %s epoch %d/%d", position.get(), federation, client, e, epochs);
        epoch = new Progress(label, batches, out, true, System::nanoTime).transientLine(true);
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
        String eta = runEta.get(); // the conditions are in the header; this line stays under 80 columns
        out.printf(
                "%s %s: evaluating %d test beats under %d condition%s%s%n",
                position.get(),
                federation,
                beats,
                conditions.size(),
                conditions.size() == 1 ? "" : "s",
                eta.isEmpty() ? "" : "; run ETA " + eta);
    }
}
