package org.fatecg.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fatecg.io.AtomicFiles;
import org.fatecg.io.Csv;

/**
 * The privacy-utility picture of {@code fatecg privacy}: one row per run and federation (noise level,
 * epsilon after the last round, clean and PGD accuracy, membership AUC, DLG error at batch 1), read back
 * from the run folders, with the clean macro F1 beside the clean accuracy (82% of MIT-BIH's test beats
 * are N, so a model that only says N scores 82% accuracy but a macro F1 of 0.18), and written as privacy.csv, privacy.md and three charts against log10 epsilon
 * (runs without DP, epsilon infinite, are drawn as diamonds at the right edge).
 */
public final class PrivacyUtility {
    private PrivacyUtility() {}

    /** One federation of one run. */
    public record Row(
            String federation,
            double clip,
            double noise,
            int rounds,
            double epsilon,
            double clean,
            double cleanF1,
            double pgd,
            double membershipAuc,
            Path model,
            double inversionMse,
            double inversionCorrelation) {
        public Row withInversion(double mse, double corr) {
            return new Row(
                    federation, clip, noise, rounds, epsilon, clean, cleanF1, pgd, membershipAuc, model, mse, corr);
        }
    }

    /** The last round of each federation of a run folder (metrics.csv, privacy.csv, models/). */
    public static List<Row> readRun(Path dir, double clip, double noise) throws IOException {
        Map<String, double[]> acc = new LinkedHashMap<>(); // federation -> {round, clean, pgd, clean F1}
        for (RunResults.Final f : RunResults.lastRound(dir))
            acc.put(f.federation(), new double[] {
                f.round(),
                f.accuracy().getOrDefault("clean", Double.NaN),
                f.accuracy().getOrDefault("pgd", Double.NaN),
                f.macroF1().getOrDefault("clean", Double.NaN)
            });
        Map<String, double[]> priv = new LinkedHashMap<>(); // federation -> {round, epsilon, auc}
        Path pf = dir.resolve("privacy.csv");
        for (Map<String, String> r : RunResults.readCsv(pf)) {
            int round = (int) RunResults.number(pf, "round", r.get("round"));
            double[] v = priv.computeIfAbsent(r.get("federation"), k -> new double[] {-1, 0, 0});
            if (round < v[0]) continue;
            String e = r.get("epsilon");
            v[0] = round;
            v[1] = e.isEmpty() ? Double.POSITIVE_INFINITY : RunResults.number(pf, "epsilon", e);
            v[2] = RunResults.number(pf, "membership_auc", r.get("membership_auc"));
        }
        List<Row> out = new ArrayList<>();
        for (Map.Entry<String, double[]> e : acc.entrySet()) {
            double[] p = priv.get(e.getKey());
            if (p == null) throw new IOException(pf + ": no row for federation " + e.getKey());
            Path model = dir.resolve("models")
                    .resolve(e.getKey().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + ".safetensors");
            out.add(new Row(
                    e.getKey(),
                    clip,
                    noise,
                    (int) e.getValue()[0],
                    p[1],
                    e.getValue()[1],
                    e.getValue()[3],
                    e.getValue()[2],
                    p[2],
                    model,
                    Double.NaN,
                    Double.NaN));
        }
        if (out.isEmpty()) throw new IOException(dir.resolve("metrics.csv") + ": no rows");
        return out;
    }

    /** Writes privacy.csv, privacy.md and the charts into dir; returns the markdown table. */
    public static String write(Path dir, List<Row> rows, String preset, double seconds) throws IOException {
        Csv csv = new Csv(
                "federation",
                "clip",
                "noise_multiplier",
                "rounds",
                "epsilon",
                "clean_accuracy",
                "clean_macro_f1",
                "pgd_accuracy",
                "membership_auc",
                "inversion_mse",
                "inversion_correlation");
        MarkdownTable t = new MarkdownTable(
                        "federation",
                        "z",
                        "epsilon",
                        "clean %",
                        "clean macro F1",
                        "PGD %",
                        "membership AUC",
                        "DLG MSE (B=1)",
                        "DLG corr (B=1)")
                .decimals(3);
        for (Row r : rows) {
            csv.row(
                    r.federation(),
                    r.clip(),
                    r.noise(),
                    r.rounds(),
                    r.epsilon(),
                    r.clean(),
                    r.cleanF1(),
                    r.pgd(),
                    r.membershipAuc(),
                    r.inversionMse(),
                    r.inversionCorrelation());
            t.row(
                    r.federation(),
                    r.noise() == 0 ? "no DP" : r.noise(),
                    Double.isInfinite(r.epsilon()) ? "inf" : String.format(Locale.ROOT, "%.4g", r.epsilon()),
                    100 * r.clean(),
                    r.cleanF1(),
                    100 * r.pgd(),
                    r.membershipAuc(),
                    r.inversionMse(),
                    r.inversionCorrelation());
        }
        csv.write(dir.resolve("privacy.csv"));
        charts(dir, rows);
        String md = "# Privacy against utility (preset " + preset + ")\n\n"
                + "Central DP-FedAvg (McMahan et al. 2018): updates clipped to S, Gaussian noise z S on their sum; epsilon at the runs' delta "
                + "after the last round by the RDP accountant (Mironov, Talwar and Zhang 2019). Membership AUC: the loss-threshold attack "
                + "(Yeom et al. 2018) on the final global model. DLG: gradient inversion of single beats (Zhu et al. 2019; iDLG labels, "
                + "Zhao et al. 2020) on the final model, the gradient clipped to S and noised with z S as a client under local DP would send it.\n\n"
                + t
                + String.format(
                        Locale.ROOT,
                        "%nTook %.0f s in all. Charts: accuracy-vs-epsilon.png, membership-vs-epsilon.png, inversion-vs-epsilon.png.%n",
                        seconds);
        AtomicFiles.writeString(dir.resolve("privacy.md"), md);
        return md;
    }

    private static void charts(Path dir, List<Row> rows) throws IOException {
        double maxLog = Double.NEGATIVE_INFINITY, minLog = Double.POSITIVE_INFINITY;
        for (Row r : rows)
            if (Double.isFinite(r.epsilon()) && r.epsilon() > 0) {
                maxLog = Math.max(maxLog, Math.log10(r.epsilon()));
                minLog = Math.min(minLog, Math.log10(r.epsilon()));
            }
        if (!Double.isFinite(maxLog)) maxLog = minLog = 0;
        double noDpX = maxLog + Math.max(1, (maxLog - minLog) / 4);
        LineChart acc = new LineChart(
                        "Accuracy and clean macro F1 against epsilon (diamonds: no DP)",
                        "log10 epsilon",
                        "accuracy, macro F1 (%)")
                .markers(true)
                .yRange(0, 100);
        LineChart mia = new LineChart(
                        "Membership inference AUC against epsilon (diamonds: no DP)", "log10 epsilon", "AUC")
                .markers(true);
        LineChart inv = new LineChart(
                        "DLG reconstruction correlation (B=1) against epsilon (diamonds: no DP)",
                        "log10 epsilon",
                        "correlation")
                .markers(true);
        List<String> feds = rows.stream().map(Row::federation).distinct().toList();
        for (int f = 0; f < feds.size(); f++) {
            List<Row> dp = new ArrayList<>(), none = new ArrayList<>();
            for (Row r : rows)
                if (r.federation().equals(feds.get(f)))
                    (Double.isFinite(r.epsilon()) && r.epsilon() > 0 ? dp : none).add(r);
            dp.sort((a, b) -> Double.compare(a.epsilon(), b.epsilon()));
            double[] x = dp.stream().mapToDouble(r -> Math.log10(r.epsilon())).toArray();
            String fed = feds.get(f);
            acc.add(
                    fed + " clean",
                    x,
                    dp.stream().mapToDouble(r -> 100 * r.clean()).toArray(),
                    2 * f % 10,
                    false);
            acc.add(fed + " PGD", x, dp.stream().mapToDouble(r -> 100 * r.pgd()).toArray(), (2 * f + 1) % 10, true);
            acc.add(
                    fed + " clean macro F1",
                    x,
                    dp.stream().mapToDouble(r -> 100 * r.cleanF1()).toArray(),
                    (4 + f) % 10,
                    false);
            mia.add(fed, x, dp.stream().mapToDouble(Row::membershipAuc).toArray());
            inv.add(fed, x, dp.stream().mapToDouble(Row::inversionCorrelation).toArray());
            for (Row r : none) {
                if (Double.isFinite(r.clean()))
                    acc.reference(fed + " clean, no DP", noDpX, 100 * r.clean(), 2 * f % 10);
                if (Double.isFinite(r.pgd()))
                    acc.reference(fed + " PGD, no DP", noDpX, 100 * r.pgd(), (2 * f + 1) % 10);
                if (Double.isFinite(r.cleanF1()))
                    acc.reference(fed + " clean macro F1, no DP", noDpX, 100 * r.cleanF1(), (4 + f) % 10);
                if (Double.isFinite(r.membershipAuc()))
                    mia.reference(fed + ", no DP", noDpX, r.membershipAuc(), f % 10);
                if (Double.isFinite(r.inversionCorrelation()))
                    inv.reference(fed + ", no DP", noDpX, r.inversionCorrelation(), f % 10);
            }
        }
        acc.writePng(dir.resolve("accuracy-vs-epsilon.png"), 900, 560);
        mia.writePng(dir.resolve("membership-vs-epsilon.png"), 900, 560);
        inv.writePng(dir.resolve("inversion-vs-epsilon.png"), 900, 560);
    }
}
