package org.fatecg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fatecg.attack.Condition;
import org.fatecg.backend.Backend;
import org.fatecg.data.BeatDataset;
import org.fatecg.eval.ConditionResult;
import org.fatecg.fl.Experiment;
import org.fatecg.fl.RoundRecord;
import org.fatecg.fl.RunConfig;
import org.fatecg.fl.Simulation;
import org.fatecg.report.PaperTables;
import org.fatecg.report.RunReport;

/**
 * What {@code fatecg run} prints on standard output: a header (data, split, federation, evaluation,
 * report folder), one line per round with each federation's training loss and accuracy per test
 * condition plus elapsed time and ETA, and at the end the final accuracies beside the paper's and
 * where the report is. This is the log of a run when output is not a terminal.
 */
final class RunSummary {
    private final PrintWriter out;
    private final RunConfig cfg;
    private long since = -1;
    private int base = -1;
    private int lastRound = -1;
    private long etaAt;
    private double etaSeconds = Double.NaN;

    RunSummary(PrintWriter out, RunConfig cfg) {
        this.out = out;
        this.cfg = cfg;
    }

    void header(
            Path dir,
            Path dataDir,
            BeatDataset ds,
            Experiment exp,
            Backend backend,
            List<String> notices,
            boolean resumed) {
        RunConfig.Federation f = cfg.federation();
        RunConfig.Attacks a = cfg.attacks();
        out.printf(
                "fatecg run: preset %s, seed %d, backend %s (%d thread%s)%n",
                cfg.preset(), cfg.seed(), backend.name(), backend.threads(), backend.threads() == 1 ? "" : "s");
        for (String n : notices) out.println("note: " + n);
        int[][] p = exp.partition();
        int min = Integer.MAX_VALUE, max = 0;
        for (int[] c : p) {
            min = Math.min(min, c.length);
            max = Math.max(max, c.length);
        }
        String per = f.fit().maxExamples() > 0
                ? ", training on the first " + Math.min(f.fit().maxExamples(), max) + " of each"
                : "";
        out.printf(
                "data: %s, lead %s: %d beats; %s split %d train / %d test; %d clients (%s, %d-%d beats)%s%n",
                dataDir,
                cfg.data().lead(),
                ds.size(),
                low(cfg.split().split()),
                exp.split().train().length,
                exp.split().test().length,
                p.length,
                low(cfg.split().partition()),
                min,
                max,
                per);
        out.printf(
                "federations: %s; %d rounds, %d of %d clients per round (%s), %d epoch%s, batch %d%s, Adam lr %s; FAT clients train on PGD-%d eps %s alpha %s%n",
                String.join(" and ", names(exp.simulations())),
                f.rounds(),
                f.clientsPerRound(),
                p.length,
                f.rule().key(),
                f.fit().epochs(),
                f.fit().epochs() == 1 ? "" : "s",
                f.fit().batchSize(),
                f.fit().shuffle() ? ", shuffled" : "",
                f.fit().lr(),
                a.training().steps(),
                eps(a.training().eps()),
                eps(a.training().alpha()));
        StringBuilder conds = new StringBuilder();
        for (Condition c : cfg.eval().conditions())
            conds.append(conds.length() > 0 ? ", " : "").append(c.title());
        out.printf(
                "evaluation: %s on %d test beats after round 0%s (PGD-%d, FGSM, CW-%d, BIM-%d)%n",
                conds,
                exp.testBeats().length,
                cfg.eval().every() == 1
                        ? " and every round"
                        : ", every " + cfg.eval().every() + " rounds and the last",
                a.tests().pgd().steps(),
                a.tests().cw().steps(),
                a.tests().bim().steps());
        out.printf("report: %s%s%n%n", dir, resumed ? " (resuming from its checkpoint)" : "");
        out.flush();
        since = System.nanoTime();
    }

    /**
     * One line per federation and round, under a header printed before the first: round, federation,
     * training loss, test accuracy (%) per condition; elapsed time on the first line of a round, ETA on
     * its last. Every line fits in 80 columns (five conditions, up to 99 rounds, timings past an hour).
     */
    void round(int r, List<Simulation> sims) {
        long now = System.nanoTime();
        int rounds = cfg.federation().rounds();
        List<Condition> conds = cfg.eval().conditions();
        if (lastRound < 0) out.println(header(rounds, conds));
        boolean shared = r == 0 && sims.size() > 1;
        List<String> rows = new ArrayList<>();
        for (Simulation s : shared ? sims.subList(0, 1) : sims) {
            RoundRecord rec = s.history().get(s.history().size() - 1);
            double[] acc = null;
            if (rec.evaluated()) {
                acc = new double[conds.size()];
                for (int i = 0; i < acc.length; i++) {
                    ConditionResult cr = rec.results().get(conds.get(i));
                    acc[i] = cr == null ? Double.NaN : 100 * cr.metrics().accuracy();
                }
            }
            String label = rows.isEmpty() ? r + "/" + rounds : "";
            rows.add(row(
                    rounds,
                    label,
                    shared ? "initial" : s.name(),
                    rec.clients().isEmpty() ? Double.NaN : rec.trainLoss(),
                    acc));
        }
        if (r == 0) {
            since = now;
            base = 0;
        } else {
            if (base < 0 || since < 0) base = r - 1;
            double per = (now - since) / 1e9 / Math.max(1, r - base);
            etaAt = now;
            etaSeconds = per * (rounds - r);
            String elapsed = "  elapsed " + clock((now - since) / 1e9), eta = "  ETA " + clock(etaSeconds);
            if (rows.size() == 1) rows.set(0, rows.get(0) + eta);
            else {
                rows.set(0, rows.get(0) + elapsed);
                rows.set(rows.size() - 1, rows.get(rows.size() - 1) + eta);
            }
        }
        lastRound = r;
        for (String row : rows) out.println(row);
        out.flush();
    }

    /** "round model      loss   Clean     PGD ..." over the columns of {@link #row}. */
    static String header(int rounds, List<Condition> conds) {
        StringBuilder b = new StringBuilder(
                String.format(Locale.ROOT, "%-" + roundWidth(rounds) + "s %-7s %7s", "round", "model", "loss"));
        for (Condition c : conds) b.append(String.format(Locale.ROOT, "%8s", c.title()));
        return b.append("  (test accuracy)").toString();
    }

    /**
     * " 3/10 Non-FAT  0.1234  97.50%  64.20% ...": the round (blank on a federation's second line),
     * federation, training loss ("-" before training), accuracies in % ("-" when not evaluated).
     */
    static String row(int rounds, String round, String federation, double loss, double[] accuracy) {
        StringBuilder b = new StringBuilder(String.format(
                Locale.ROOT,
                "%" + roundWidth(rounds) + "s %-7s %7s",
                round,
                federation,
                Double.isNaN(loss) ? "-" : String.format(Locale.ROOT, "%.4f", loss)));
        if (accuracy != null)
            for (double a : accuracy)
                b.append(String.format(
                        Locale.ROOT, "%8s", Double.isNaN(a) ? "-" : String.format(Locale.ROOT, "%.2f%%", a)));
        return b.toString();
    }

    /** Width of "10/10", at least that of the header's "round". */
    private static int roundWidth(int rounds) {
        return Math.max(5, 2 * Integer.toString(rounds).length() + 1);
    }

    /** "round 3/10" (the round being trained) for the progress bars. */
    String position() {
        return "round " + (lastRound + 1) + "/" + cfg.federation().rounds();
    }

    /**
     * The whole run's ETA, "4:10", or "" before a round has finished: the ETA of the last finished round
     * counted down since (rounds cost about the same, so the mean round time so far predicts the rest).
     */
    String runEta() {
        if (Double.isNaN(etaSeconds)) return "";
        return clock(Math.max(0, etaSeconds - (System.nanoTime() - etaAt) / 1e9));
    }

    void finish(Path dir, List<Simulation> sims, List<PaperProtocol.Difference> fromPaper, double seconds) {
        out.println();
        if (!fromPaper.isEmpty()) {
            int n = fromPaper.size();
            out.println("note: not the paper's protocol (preset " + cfg.preset() + "; " + n + " setting"
                    + (n == 1 ? "" : "s") + " differ, see report.md),");
            out.println("      so the paper's rows are for reference; --preset paper runs the protocol.");
            out.println();
        }
        StringBuilder head = new StringBuilder(String.format("%-24s", "accuracy (%)"));
        for (Condition c : Condition.PAPER) head.append(String.format("%9s", c.title()));
        out.println(head);
        for (Simulation s : sims) {
            RoundRecord last = RunReport.lastEvaluated(s);
            if (last == null) continue;
            PaperTables.Model m = s.name().equals(Experiment.FAT)
                    ? PaperTables.Model.FAT
                    : s.name().equals(Experiment.NON_FAT) ? PaperTables.Model.NON_FAT : null;
            StringBuilder ours = new StringBuilder(String.format("%-24s", s.name() + ", round " + last.round()));
            StringBuilder paper = new StringBuilder(String.format("%-24s", s.name() + ", paper round 10"));
            for (Condition c : Condition.PAPER) {
                ConditionResult cr = last.results().get(c);
                ours.append(
                        cr == null
                                ? String.format("%9s", "-")
                                : String.format(
                                        Locale.ROOT, "%9.2f", 100 * cr.metrics().accuracy()));
                if (m != null) paper.append(String.format(Locale.ROOT, "%9.2f", PaperTables.accuracy(m, c)));
            }
            out.println(ours);
            if (m != null) out.println(paper); // a federation the paper did not train has no row
        }
        out.printf(
                "%nreport: %s (tables.md, figures/, confusion/, metrics.csv, metrics.json, models/, run.json)%n",
                dir.resolve("report.md"));
        out.printf("done in %s%n", clock(seconds));
        out.flush();
    }

    private static List<String> names(List<Simulation> sims) {
        return sims.stream().map(Simulation::name).toList();
    }

    private static String low(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** eps as k/255 when it is one (the paper's notation), else the decimal. */
    static String eps(float v) {
        long k = Math.round(v * 255.0);
        return (float) (k / 255.0) == v ? k + "/255" : Float.toString(v);
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
