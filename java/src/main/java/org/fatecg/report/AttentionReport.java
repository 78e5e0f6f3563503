package org.fatecg.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fatecg.eval.MeanSd;
import org.fatecg.fl.ArchitectureComparison;
import org.fatecg.fl.ArchitectureComparison.Result;
import org.fatecg.fl.ArchitectureComparison.Settings;

/**
 * report.md of {@code fatecg attention}: accuracy (mean ± sample sd over seeds) per model, setting and
 * condition; the paired difference of each model from the first (the vanilla) per seed, with its mean, sd
 * and the number of seeds where it is positive; and one sentence per setting that says what the
 * differences show, by a fixed rule (stated in the text) rather than by judgement.
 */
public final class AttentionReport {
    private AttentionReport() {}

    public static String markdown(ArchitectureComparison cmp, List<Result> results, double minutes, String backend) {
        Settings s = cmp.settings();
        List<String> names = cmp.conditionNames();
        StringBuilder b = new StringBuilder("# Soft attention against the vanilla CNN on MIT-BIH beats\n\n");
        b.append(String.format(
                Locale.ROOT,
                "Preset `%s`, seeds %s, %.1f minutes on %s (%d cores). Models: ",
                s.preset(),
                s.seeds(),
                minutes,
                backend,
                Runtime.getRuntime().availableProcessors()));
        List<String> sizes = new ArrayList<>();
        for (String m : s.models()) {
            for (Result r : results)
                if (r.model().equals(m)) {
                    sizes.add("`" + m + "` (" + r.parameters() + " parameters)");
                    break;
                }
        }
        b.append(String.join(", ", sizes)).append(".\n\n");
        b.append(String.format(
                Locale.ROOT,
                "Central: %s training beats x %d epochs%s. Federation: %d clients%s, %d rounds of %d clients x %d epoch(s)%s; "
                        + "FAT trains on PGD-%d (eps %s, step %s). Test: %s beats, the same for every model; PGD and BIM step eps/4 "
                        + "(PGD-%d with a random start, BIM-%d), CW-L2 %d steps (lr 0.01, kappa 0).\n\n",
                s.centralBeats() <= 0 ? "all" : Integer.toString(s.centralBeats()),
                s.centralEpochs(),
                s.classWeights() ? ", inverse-frequency class weights" : "",
                s.clients(),
                " (each client's beats oversampled to balanced classes)",
                s.rounds(),
                s.clientsPerRound(),
                s.localEpochs(),
                s.beatsPerClient() > 0 ? " on " + s.beatsPerClient() + " beats each" : "",
                s.trainSteps(),
                ArchitectureComparison.budget(s.trainEps()),
                ArchitectureComparison.budget(s.trainAlpha()),
                s.testBeats() <= 0 ? "all test" : Integer.toString(s.testBeats()),
                s.pgdSteps(),
                s.bimSteps(),
                s.cwSteps()));
        String vanilla = s.models().get(0);
        StringBuilder verdicts = new StringBuilder();
        for (String setting : ArchitectureComparison.SETTINGS) {
            b.append("## ").append(setting).append("\n\n");
            List<String> header = new ArrayList<>(List.of("condition"));
            for (String m : s.models()) header.add(m);
            for (String m : s.models().subList(1, s.models().size())) header.add(m + " - " + vanilla + " (pp)");
            MarkdownTable t = new MarkdownTable(header.toArray(new String[0]));
            double[][] attackedDiff = new double[s.models().size()][s.seeds().size()];
            for (int c = 0; c < names.size(); c++) {
                List<Object> row = new ArrayList<>(List.of(names.get(c)));
                for (String m : s.models()) {
                    row.add(MeanSd.of(values(results, m, setting, c, s)).format(100, 1));
                }
                double[] v0 = values(results, vanilla, setting, c, s);
                for (int mi = 1; mi < s.models().size(); mi++) {
                    double[] v = values(results, s.models().get(mi), setting, c, s);
                    double[] d = new double[v.length];
                    int better = 0;
                    for (int k = 0; k < v.length; k++) {
                        d[k] = 100 * (v[k] - v0[k]);
                        if (d[k] > 0) better++;
                        if (c > 0) attackedDiff[mi][k] += d[k] / (names.size() - 1);
                    }
                    MeanSd ms = MeanSd.of(d);
                    row.add(String.format(Locale.ROOT, "%+.1f ± %.1f (%d/%d)", ms.mean(), ms.sd(), better, d.length));
                }
                t.row(row.toArray());
            }
            b.append(t).append('\n');
            for (int mi = 1; mi < s.models().size(); mi++) {
                double[] d = attackedDiff[mi];
                MeanSd ms = MeanSd.of(d);
                int better = 0;
                for (double x : d) if (x > 0) better++;
                String verdict = verdict(new double[] {ms.mean(), ms.sd()}, better, d.length);
                int single = singleClass(results, s.models().get(mi), setting) + singleClass(results, vanilla, setting);
                if (single > 0)
                    verdict = "not comparable: " + single
                            + " of the models behind this row predict one class for every test beat "
                            + "(undertrained), so their accuracy under attack is that class's share, not robustness";
                String line = String.format(
                        Locale.ROOT,
                        "- **%s**, `%s` against `%s`, averaged over the %d attacked conditions: %+.1f pp "
                                + "(sd %.1f over seeds; higher in %d of %d seeds): %s.\n",
                        setting,
                        s.models().get(mi),
                        vanilla,
                        names.size() - 1,
                        ms.mean(),
                        ms.sd(),
                        better,
                        d.length,
                        verdict);
                b.append(line.substring(2)).append('\n');
                verdicts.append(line);
            }
        }
        b.append("## What the numbers show\n\n")
                .append(verdicts)
                .append('\n')
                .append(
                        "The rule: a difference is called consistent when every seed has the same sign and the mean is larger than "
                                + "the spread over seeds (|mean| > sd); otherwise there is no consistent difference at this number of seeds. "
                                + "Cells read mean ± sample sd over seeds (in percent accuracy); a difference cell adds how many seeds favour "
                                + "the second model. Wasserman (2022) reports up to 16% higher robust accuracy with attention on medical images; "
                                + "whether that carries over to ECG beats is what the rows above test.\n");
        return b.toString();
    }

    static String verdict(double[] meanSd, int better, int n) {
        boolean sameSign = better == n || better == 0;
        if (sameSign && Math.abs(meanSd[0]) > meanSd[1] && meanSd[0] != 0)
            return meanSd[0] > 0
                    ? "attention is consistently more robust here"
                    : "attention is consistently less robust here";
        return "no consistent difference";
    }

    private static int singleClass(List<Result> results, String model, String setting) {
        int n = 0;
        for (Result r : results) if (r.model().equals(model) && r.setting().equals(setting) && r.singleClass()) n++;
        return n;
    }

    private static double[] values(List<Result> results, String model, String setting, int condition, Settings s) {
        double[] v = new double[s.seeds().size()];
        for (int k = 0; k < v.length; k++) {
            long seed = s.seeds().get(k);
            v[k] = Double.NaN;
            for (Result r : results)
                if (r.seed() == seed && r.model().equals(model) && r.setting().equals(setting))
                    v[k] = r.accuracy()[condition];
        }
        return v;
    }
}
