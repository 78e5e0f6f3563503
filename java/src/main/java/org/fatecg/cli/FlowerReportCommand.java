package org.fatecg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fatecg.fl.Experiment;
import org.fatecg.fl.RoundRecord;
import org.fatecg.flower.FlowerRunFile;
import org.fatecg.io.AtomicFiles;
import org.fatecg.report.Federation;
import org.fatecg.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fatecg flower-report}: a real Flower run's report, the same files as {@code fatecg run} writes
 * (metrics.csv/json, rounds.csv, tables.md, figures, confusion matrices) from the Flower app's
 * {@code flower-run.json}, one per federation (a Non-FAT run, a FAT run, or both).
 */
@Command(
        name = "flower-report",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Turn Flower runs of the Flower app (flower-app/: out-dir/flower-run.json) into fatecg's report: Tables 2-5 beside the "
                    + "paper's, Figures 2-6, confusion matrices, metrics.csv. Give a Non-FAT run, a FAT run, or both."
        },
        footer = {"", "Example:", "  ./fatecg flower-report --out fed/report fed/nonfat fed/fat"})
public final class FlowerReportCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(
            arity = "1..2",
            paramLabel = "RUN_DIR",
            description = "A Flower run's out-dir (holding flower-run.json), or the file itself.")
    List<Path> runs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The report folder.")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<Federation> feds = new ArrayList<>();
        StringBuilder rounds = new StringBuilder();
        for (Path p : runs) {
            Path file = FlowerRunFile.locate(p);
            FlowerRunFile run = FlowerRunFile.read(file);
            for (Federation f : feds)
                if (f.name().equals(run.federation()))
                    throw new IllegalArgumentException(
                            file + ": a second " + run.federation() + " run; give one of each");
            feds.add(new Federation(run.federation(), run.history()));
            rounds.append(roundTimes(run));
        }
        feds.sort(Comparator.comparing(f -> f.name().equals(Experiment.FAT))); // Non-FAT first, as fatecg run
        RunReport.writeFederationMetrics(out, feds);
        String tables = RunReport.writeFederationTablesAndCharts(out, feds);
        AtomicFiles.writeString(
                out.resolve("report.md"),
                "# A real Flower federation\n\nRounds trained by Flower SuperNodes and aggregated by a Flower "
                        + "SuperLink's ServerApp; accuracies are exact over all evaluating nodes' test beats (their "
                        + "confusion counts are summed). Perturbation sizes stay on the nodes.\n\n" + rounds + "\n"
                        + tables.replaceFirst("^# ", "## ")
                        + "\nFigures: `figures/`, confusion matrices: `confusion/`.\n");
        PrintWriter o = spec.commandLine().getOut();
        o.printf("%s: report of %d Flower run(s)%n", out, feds.size());
        o.flush();
        return 0;
    }

    /** One line per round: who trained and how long training and evaluation took at the ServerApp. */
    static String roundTimes(FlowerRunFile run) {
        StringBuilder b = new StringBuilder("### " + run.federation() + " (" + run.strategy() + ")\n\n");
        b.append("| round | partitions trained | train (s) | evaluate (s) |\n|---:|---|---:|---:|\n");
        for (RoundRecord r : run.history()) {
            StringBuilder ids = new StringBuilder();
            for (RoundRecord.ClientRecord c : r.clients())
                ids.append(ids.length() > 0 ? " " : "").append(c.client());
            b.append(String.format(
                    Locale.ROOT,
                    "| %d | %s | %.1f | %.1f |%n",
                    r.round(),
                    ids,
                    r.fitNanos() / 1e9,
                    r.evalNanos() / 1e9));
        }
        return b.append('\n').toString();
    }
}
