package org.fatecg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    void header(Path dir, Path dataDir, BeatDataset ds, Experiment exp, Backend backend, List<String> notices, boolean resumed) {
        RunConfig.Federation f = cfg.federation();
        RunConfig.Attacks a = cfg.attacks();
        out.printf("fatecg run: preset %s, seed %d, backend %s (%d thread%s)%n", cfg.preset(), cfg.seed(), backend.name(), backend.threads(), backend.threads() == 1 ? "" : "s");
        for (String n : notices) out.println("note: " + n);
        int[][] p = exp.partition();
        int min = Integer.MAX_VALUE, max = 0;
        for (int[] c : p) {
            min = Math.min(min, c.length);
            max = Math.max(max, c.length);
        }
        String per = f.fit().maxExamples() > 0 ? ", training on the first " + Math.min(f.fit().maxExamples(), max) + " of each" : "";
        out.printf("data: %s, lead %s: %d beats; %s split %d train / %d test; %d clients (%s, %d-%d beats)%s%n", dataDir, cfg.data().lead(), ds.size(),
                low(cfg.split().split()), exp.split().train().length, exp.split().test().length, p.length, low(cfg.split().partition()), min, max, per);
        out.printf("federations: %s; %d rounds, %d of %d clients per round (%s), %d epoch%s, batch %d%s, Adam lr %s; FAT clients train on PGD-%d eps %s alpha %s%n",
                String.join(" and ", names(exp.simulations())), f.rounds(), f.clientsPerRound(), p.length, f.rule().key(), f.fit().epochs(),
                f.fit().epochs() == 1 ? "" : "s", f.fit().batchSize(), f.fit().shuffle() ? ", shuffled" : "", f.fit().lr(), a.training().steps(),
                eps(a.training().eps()), eps(a.training().alpha()));
        StringBuilder conds = new StringBuilder();
        for (Condition c : cfg.eval().conditions()) conds.append(conds.length() > 0 ? ", " : "").append(c.title());
        out.printf("evaluation: %s on %d test beats after round 0%s (PGD-%d, FGSM, CW-%d, BIM-%d)%n", conds, exp.testBeats().length,
                cfg.eval().every() == 1 ? " and every round" : ", every " + cfg.eval().every() + " rounds and the last", a.tests().pgd().steps(), a.tests().cw().steps(), a.tests().bim().steps());
        out.printf("report: %s%s%n%n", dir, resumed ? " (resuming from its checkpoint)" : "");
        out.flush();
        since = System.nanoTime();
    }

    /** One line per round: loss and accuracy (%) per condition of every federation, elapsed and ETA. */
    void round(int r, List<Simulation> sims) {
        long now = System.nanoTime();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "round %2d/%d", r, cfg.federation().rounds()));
        boolean shared = r == 0 && sims.size() > 1;
        String sep = "  ";
        for (Simulation s : shared ? sims.subList(0, 1) : sims) {
            RoundRecord rec = s.history().get(s.history().size() - 1);
            b.append(sep).append(shared ? "initial weights" : s.name());
            sep = " | ";
            if (!rec.clients().isEmpty()) b.append(String.format(Locale.ROOT, " loss %.4f", rec.trainLoss()));
            if (rec.evaluated()) {
                b.append(" acc");
                for (Map.Entry<Condition, ConditionResult> e : rec.results().entrySet())
                    b.append(String.format(Locale.ROOT, " %s %.2f", e.getKey().title(), 100 * e.getValue().metrics().accuracy()));
            }
        }
        if (r == 0) {
            since = now;
            base = 0;
        } else {
            if (base < 0 || since < 0) base = r - 1;
            double per = (now - since) / 1e9 / Math.max(1, r - base);
            etaAt = now;
            etaSeconds = per * (cfg.federation().rounds() - r);
            b.append(String.format("  [%s elapsed, ETA %s]", clock((now - since) / 1e9), clock(etaSeconds)));
        }
        lastRound = r;
        out.println(b);
        out.flush();
    }

    /**
     * "round 3/10, run ETA 4:10" for the progress bars: the ETA of the last finished round counted down
     * since (rounds cost about the same, so the mean round time so far predicts the rest).
     */
    String status() {
        String round = "round " + (lastRound + 1) + "/" + cfg.federation().rounds();
        if (Double.isNaN(etaSeconds)) return round;
        return round + ", run ETA " + clock(Math.max(0, etaSeconds - (System.nanoTime() - etaAt) / 1e9));
    }

    void finish(Path dir, List<Simulation> sims, double seconds) {
        out.println();
        StringBuilder head = new StringBuilder(String.format("%-24s", "accuracy (%)"));
        for (Condition c : Condition.PAPER) head.append(String.format("%9s", c.title()));
        out.println(head);
        for (Simulation s : sims) {
            RoundRecord last = RunReport.lastEvaluated(s);
            if (last == null) continue;
            PaperTables.Model m = s.name().equals(Experiment.FAT) ? PaperTables.Model.FAT : PaperTables.Model.NON_FAT;
            StringBuilder ours = new StringBuilder(String.format("%-24s", s.name() + ", round " + last.round()));
            StringBuilder paper = new StringBuilder(String.format("%-24s", s.name() + ", paper round 10"));
            for (Condition c : Condition.PAPER) {
                ConditionResult cr = last.results().get(c);
                ours.append(cr == null ? String.format("%9s", "-") : String.format(Locale.ROOT, "%9.2f", 100 * cr.metrics().accuracy()));
                paper.append(String.format(Locale.ROOT, "%9.2f", PaperTables.accuracy(m, c)));
            }
            out.println(ours);
            out.println(paper);
        }
        out.printf("%nreport: %s (tables.md, figures/, confusion/, metrics.csv, metrics.json, models/, run.json)%n", dir.resolve("report.md"));
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
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
