package org.fatecg.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fatecg.data.BeatFormat;
import org.fatecg.data.WindowSettings;
import org.fatecg.io.AtomicFiles;
import org.fatecg.io.Json;
import org.fatecg.train.Objectives;

/**
 * Writes an NSR experiment's outcome beside Ma and Liang's published numbers (2020, Tables 1-12 and
 * Figures 1-7): tables/table-N.md (ours, with the paper's value in brackets where it published one),
 * figures/*.png (accuracy and precision against noise level, one line per method), results.json, and
 * report.md, which also says how our setting differs from the paper's.
 */
public final class NsrReport {
    private NsrReport() {}

    /** The paper's name of one of our models in its tables ("MLP", "CNN"), or null when it has none. */
    static String paperModel(String model) {
        return switch (model) {
            case "mlp" -> "MLP";
            case "resnet" -> "CNN";
            default -> null;
        };
    }

    /** The paper's figure of a (model, attack): 1/2 = 100-PGD MLP/CNN, 4/5 = 20-PGD, 6/7 = SPSA; 0 for none. */
    static int paperFigure(String model, String attack) {
        String m = paperModel(model);
        if (m == null) return 0;
        int base = switch (attack) {
            case "100-PGD" -> 1;
            case "20-PGD" -> 4;
            case "SPSA" -> 6;
            default -> 0;
        };
        return base == 0 ? 0 : base + (m.equals("CNN") ? 1 : 0);
    }

    public static void write(
            Path out,
            List<NsrExperiment.Trained> results,
            NsrExperiment.Settings s,
            String command,
            String dataOrigin,
            double seconds)
            throws IOException {
        Files.createDirectories(out.resolve("tables"));
        Files.createDirectories(out.resolve("figures"));
        Map<String, Map<String, List<NsrExperiment.Curve>>> byModelAttack = new LinkedHashMap<>();
        for (NsrExperiment.Trained t : results)
            for (NsrExperiment.Curve c : t.curves())
                byModelAttack
                        .computeIfAbsent(t.model(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(c.attack(), k -> new ArrayList<>())
                        .add(c);
        StringBuilder md =
                new StringBuilder("# Noise-to-signal-ratio training: our run beside Ma and Liang (2020)\n\n");
        md.append("Command: `")
                .append(command)
                .append("`  \nData: ")
                .append(dataOrigin)
                .append("  \nTotal time: ")
                .append(String.format(Locale.ROOT, "%.1f min", seconds / 60))
                .append("\n\n");
        md.append(differences(s));
        md.append("\n## Training and clean accuracy\n\n");
        MarkdownTable train = new MarkdownTable(
                        "model",
                        "method",
                        "epochs",
                        "last train loss",
                        "train s",
                        "eval s",
                        "natural-stream accuracy %",
                        "natural-stream macro precision %")
                .decimals(3);
        for (NsrExperiment.Trained t : results) {
            List<Double> l = t.history().losses();
            double sec = 0;
            for (double v : t.history().seconds()) sec += v;
            train.row(
                    t.model(),
                    t.method(),
                    l.size(),
                    l.get(l.size() - 1),
                    sec,
                    t.evalSeconds(),
                    100 * t.naturalAccuracy(),
                    100 * t.naturalPrecision());
        }
        md.append(train).append('\n');
        for (Map.Entry<String, Map<String, List<NsrExperiment.Curve>>> m : byModelAttack.entrySet())
            for (Map.Entry<String, List<NsrExperiment.Curve>> a : m.getValue().entrySet()) {
                for (String metric : new String[] {"ACC", "PREC"}) {
                    String pm = paperModel(m.getKey());
                    NsrPaperTables.Table paper = pm == null ? null : NsrPaperTables.find(metric, pm, a.getKey());
                    String name = paper != null
                            ? "table-" + paper.number()
                            : "table-" + m.getKey() + "-" + a.getKey() + "-" + metric.toLowerCase(Locale.ROOT);
                    String title = (paper != null ? "Table " + paper.number() + ": " : "") + metric + " " + m.getKey()
                            + " " + a.getKey()
                            + (paper != null ? " (ours, paper in brackets)" : " (the paper has no such table)");
                    String table = "### " + title + "\n\n" + table(a.getValue(), metric, paper) + "\n";
                    AtomicFiles.writeString(out.resolve("tables").resolve(name + ".md"), table);
                    md.append(table);
                }
                int fig = paperFigure(m.getKey(), a.getKey());
                for (String metric : new String[] {"ACC", "PREC"}) {
                    String file = (fig > 0 ? "figure-" + fig + "-" : "figure-") + m.getKey() + "-" + a.getKey() + "-"
                            + metric.toLowerCase(Locale.ROOT) + ".png";
                    chart(
                                    a.getValue(),
                                    metric,
                                    m.getKey() + " under " + a.getKey()
                                            + (fig > 0 ? " (paper: Figure " + fig + ")" : ""))
                            .writePng(out.resolve("figures").resolve(file), 900, 520);
                    md.append("![")
                            .append(file)
                            .append("](figures/")
                            .append(file)
                            .append(")\n\n");
                }
            }
        AtomicFiles.writeString(out.resolve("report.md"), md.toString());
        Json.write(out.resolve("results.json"), toJson(results, seconds));
    }

    /** Rows = methods, columns = noise levels; "ours (paper)" in percent. */
    static String table(List<NsrExperiment.Curve> curves, String metric, NsrPaperTables.Table paper) {
        float[] eps = curves.get(0).eps();
        String[] header = new String[eps.length + 1];
        header[0] = "method";
        for (int i = 0; i < eps.length; i++) header[i + 1] = "noise " + eps[i];
        MarkdownTable t = new MarkdownTable(header);
        for (NsrExperiment.Curve c : curves) {
            Object[] row = new Object[header.length];
            row[0] = Objectives.paperLabel(c.method());
            double[] v = metric.equals("ACC") ? c.accuracy() : c.precision();
            double[] pub =
                    paper == null ? null : paper.rows().get(Objectives.paperLabel(Objectives.paperMethod(c.method())));
            for (int i = 0; i < eps.length; i++) {
                String ours = String.format(Locale.ROOT, "%.1f", 100 * v[i]);
                int at = pub == null ? -1 : indexOf(NsrPaperTables.NOISE, eps[i]);
                row[i + 1] = at < 0 ? ours : ours + " (" + String.format(Locale.ROOT, "%.0f", 100 * pub[at]) + ")";
            }
            t.row(row);
        }
        return t.toString();
    }

    private static int indexOf(double[] a, float v) {
        for (int i = 0; i < a.length; i++) if (Math.abs(a[i] - v) < 1e-6) return i;
        return -1;
    }

    static LineChart chart(List<NsrExperiment.Curve> curves, String metric, String title) {
        LineChart chart = new LineChart(
                        title, "noise level (L-inf eps)", metric.equals("ACC") ? "accuracy (%)" : "macro precision (%)")
                .yRange(0, 100)
                .markers(true);
        for (NsrExperiment.Curve c : curves) {
            double[] xs = new double[c.eps().length], ys = new double[xs.length];
            double[] v = metric.equals("ACC") ? c.accuracy() : c.precision();
            for (int i = 0; i < xs.length; i++) {
                xs[i] = c.eps()[i];
                ys[i] = 100 * v[i];
            }
            chart.add(Objectives.paperLabel(c.method()), xs, ys);
        }
        return chart;
    }

    /** The data bullet: which beats we cut, beside the paper's Kaggle set. */
    static String dataDifference(WindowSettings w) {
        boolean kaggleLead = w.lead().equals(WindowSettings.KACHUEE.lead());
        String lead = "lead " + w.lead().spec()
                + (kaggleLead
                        ? " (each record's first signal, MLII except V5 in 102 and 104, as the Kaggle set)"
                        : " (the Kaggle set has signal 0, MLII in 46 of the 48 records)");
        if (w.format() == BeatFormat.KACHUEE)
            return "- Data: the paper used the Kaggle ECG Heartbeat Categorization set, the beats of Kachuee, Fazeli and "
                    + "Sarrafzadeh (2018), with its own train/test split. We cut the same kind of beats from the MIT-BIH "
                    + "records (`--beats kachuee`, the default): resampled from 360 to 125 Hz, "
                    + (w.norm() == WindowSettings.Normalisation.MINMAX
                            ? "min-max scaled over 10-second stretches"
                            : "in mV")
                    + ", each beat 1.2 median RR intervals from its R peak, zero-padded to " + w.length() + " samples, "
                    + lead
                    + ", but with the R peaks and labels of the reference annotations (Kachuee et al. detected their "
                    + "own peaks) and a random 80/20 beat-level split.\n";
        return "- Data: the paper used the Kaggle ECG Heartbeat Categorization set (187-sample beats resampled to 125 Hz, "
                + "min-max over 10-second stretches, zero-padded, its own train/test split); we cut " + w.length()
                + "-sample windows at 360 Hz around each R peak of the MIT-BIH records (`--beats windows`: "
                + (w.norm() == WindowSettings.Normalisation.MINMAX ? "per-window min-max in mV" : "mV, unscaled")
                + ", " + lead
                + ", random 80/20 beat-level split). Noise levels are in the same [0, 1] units, but a sample "
                + "here spans 2.8 ms, not 8 ms, and every window spans the whole [0, 1], so the same eps perturbs a beat "
                + "of a different shape and size (`--beats kachuee`, the default, cuts the paper's kind of beats).\n";
    }

    static String differences(NsrExperiment.Settings s) {
        return "## How this run differs from the paper's setting\n\n" + dataDifference(s.beats())
                + "- Training: " + s.epochs() + " epochs (paper: 50), Adamax lr " + s.lr() + ", batch " + s.batch()
                + ", "
                + (s.trainPerClass() > 0
                        ? s.trainPerClass() + " beats per class (oversampled; paper: every class tiled to the largest)"
                        : "every class tiled to the largest (as the paper)")
                + ". Not reproduced: the authors' code also renormalised kernels and re-initialised dead kernels each epoch "
                + "(RobustDNN_module), and its Jacobian run added L1 and L2 weight decay; we train the plain networks.\n"
                + "- Weights: loss2 beta 0.4 (MLP) / 0.3 (CNN) and Jacobian 0.9, as the published code (the paper's text says 0.5 for loss2); loss1 beta 0.2 on bias-free networks.\n"
                + "- CNN: Kachuee et al.'s residual CNN (our `resnet`); its 64-wide flatten is the same for 180- and 187-sample inputs.\n"
                + "- Evaluation: a class-balanced test stream of "
                + (s.testPerClass() > 0 ? s.testPerClass() + " beats per class" : "every class tiled to the largest")
                + " for PGD (step 0.01, a sample frozen once misclassified), SPSA on " + s.spsaPerClass()
                + " beats per class with "
                + s.spsaSteps() + " iterations of " + s.spsaSamples()
                + " samples (paper: 162 per class, 100 iterations, 2048 samples).\n";
    }

    static Map<String, Object> toJson(List<NsrExperiment.Trained> results, double seconds) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("seconds", seconds);
        List<Object> runs = new ArrayList<>();
        for (NsrExperiment.Trained t : results) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("model", t.model());
            r.put("method", t.method());
            r.put("train_loss", t.history().losses());
            r.put("train_seconds", t.history().seconds());
            r.put("natural_accuracy", t.naturalAccuracy());
            r.put("natural_macro_precision", t.naturalPrecision());
            r.put("eval_seconds", t.evalSeconds());
            List<Object> cs = new ArrayList<>();
            for (NsrExperiment.Curve c : t.curves()) {
                Map<String, Object> cm = new LinkedHashMap<>();
                cm.put("attack", c.attack());
                List<Double> e = new ArrayList<>();
                for (float v : c.eps()) e.add((double) v);
                cm.put("eps", e);
                cm.put("accuracy", toList(c.accuracy()));
                cm.put("macro_precision", toList(c.precision()));
                cs.add(cm);
            }
            r.put("curves", cs);
            runs.add(r);
        }
        j.put("runs", runs);
        return j;
    }

    private static List<Double> toList(double[] a) {
        List<Double> l = new ArrayList<>();
        for (double v : a) l.add(v);
        return l;
    }
}
