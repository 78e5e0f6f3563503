/*
 * PaperTables: the published results of Çelik and Güllü (2025), "Mitigating adversarial attacks on ECG
 * classification in federated learning via adversarial training" (Tables 2-5, round 10) as data, and Markdown tables that put a run's numbers beside them. The paper's
 * precision, recall and F1 are batch-averaged macro values ("as published": per-batch macro values over batches of 32, averaged), so
 * they are compared with our as-published values, and our correct dataset-level F1 is shown beside.
 * This file holds no numbers of ours and computes no metrics.
 */
package org.fatecg.report;

import java.util.Locale;
import java.util.Map;
import org.fatecg.attack.Condition;

/** Published numbers and paper-versus-ours tables. Published values are in percent. */
public final class PaperTables {

    private PaperTables() {}

    /** The two federations the paper trains. */
    public enum Model {
        NON_FAT("Non-FAT"),
        FAT("FAT");

        public final String label;

        Model(String label) {
            this.label = label;
        }
    }

    /** The metric of each of the paper's tables: 2 accuracy, 3 precision, 4 recall, 5 F1. */
    public enum Metric {
        ACCURACY("Accuracy", 2),
        PRECISION("Precision", 3),
        RECALL("Recall", 4),
        F1("F1 Score", 5);

        public final String label;
        public final int table;

        Metric(String label, int table) {
            this.label = label;
            this.table = table;
        }
    }

    // [metric][model][condition] in percent, from the paper's Tables 2-5 (round 10).
    private static final double[][][] PUBLISHED = {
        { // Table 2, accuracy over the whole test set
            {98.44, 35.14, 73.87, 7.47, 35.36},
            {97.60, 94.82, 95.44, 46.65, 94.81},
        },
        { // Table 3, macro precision, batch-averaged
            {93.95, 30.12, 47.05, 7.27, 30.15},
            {90.55, 81.72, 83.76, 26.80, 81.55},
        },
        { // Table 4, macro recall, batch-averaged
            {92.80, 21.27, 47.29, 2.42, 21.05},
            {88.79, 80.13, 81.85, 26.78, 80.06},
        },
        { // Table 5, macro F1, batch-averaged
            {92.94, 22.61, 45.46, 3.20, 22.55},
            {89.06, 79.75, 81.70, 24.02, 79.63},
        },
    };

    /** A published value in percent; the paper published only its five conditions ({@link Condition#PAPER}). */
    public static double published(Metric metric, Model model, Condition condition) {
        int column = Condition.PAPER.indexOf(condition);
        if (column < 0) {
            throw new IllegalArgumentException("the paper published no " + condition.title() + " results");
        }
        return PUBLISHED[metric.ordinal()][model.ordinal()][column];
    }

    public static double accuracy(Model model, Condition condition) {
        return published(Metric.ACCURACY, model, condition);
    }

    /** The paper's macro F1, which is the batch-averaged ("as published") variant. */
    public static double macroF1(Model model, Condition condition) {
        return published(Metric.F1, model, condition);
    }

    /**
     * Our numbers for one model under one condition, as fractions in [0, 1]; NaN for what was not
     * measured. {@code f1AsPublished} is the batch-averaged macro F1 (BatchAveragedMacro), the
     * comparable one; {@code f1Correct} the dataset-level macro F1 (Metrics).
     */
    public record Ours(double accuracy, double f1AsPublished, double f1Correct) {}

    /**
     * One Markdown table for one model: a row per condition (paper order), with our accuracy, the
     * paper's and the difference in percentage points (ours - paper), then the same for F1 as
     * published, then our correct F1. Conditions missing from {@code ours} get n/a cells.
     */
    public static String comparison(Model model, Map<Condition, Ours> ours) {
        MarkdownTable t = new MarkdownTable(
                        "condition",
                        "accuracy (ours)",
                        "accuracy (paper)",
                        "Δ acc (pp)",
                        "F1 as published (ours)",
                        "F1 (paper)",
                        "Δ F1 (pp)",
                        "F1 correct (ours)")
                .align(
                        MarkdownTable.Align.LEFT,
                        MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT);
        for (Condition c : Condition.PAPER) {
            Ours o = ours.get(c);
            double acc = o == null ? Double.NaN : 100 * o.accuracy();
            double f1p = o == null ? Double.NaN : 100 * o.f1AsPublished();
            double f1c = o == null ? Double.NaN : 100 * o.f1Correct();
            double paperAcc = accuracy(model, c);
            double paperF1 = macroF1(model, c);
            t.row(c.title(), acc, paperAcc, signed(acc - paperAcc), f1p, paperF1, signed(f1p - paperF1), f1c);
        }
        return t.toString();
    }

    /** Both models' comparison tables under level-3 headings, NON_FAT first; absent models skipped. */
    public static String comparison(Map<Model, Map<Condition, Ours>> ours) {
        StringBuilder sb = new StringBuilder();
        for (Model m : Model.values()) {
            Map<Condition, Ours> mine = ours.get(m);
            if (mine == null) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('\n');
            }
            sb.append("### ").append(m.label).append(" model, round 10 of the paper\n\n");
            sb.append(comparison(m, mine));
        }
        return sb.toString();
    }

    /**
     * One of the paper's Tables 2-5 with our value beside each published one: rows are the models,
     * columns the conditions, cells "ours (paper)" in percent. {@code ours} holds fractions in [0, 1];
     * for precision, recall and F1 pass the as-published (batch-averaged) values to compare like with
     * like. Missing entries show "n/a".
     */
    public static String paperStyle(Metric metric, Map<Model, Map<Condition, Double>> ours) {
        String[] header = new String[1 + Condition.PAPER.size()];
        header[0] = "model";
        for (Condition c : Condition.PAPER) {
            header[1 + Condition.PAPER.indexOf(c)] = c.title() + " (%)";
        }
        MarkdownTable t = new MarkdownTable(header);
        MarkdownTable.Align[] align = new MarkdownTable.Align[header.length];
        java.util.Arrays.fill(align, MarkdownTable.Align.RIGHT);
        align[0] = MarkdownTable.Align.LEFT;
        t.align(align);
        for (Model m : Model.values()) {
            Object[] row = new Object[header.length];
            row[0] = m.label;
            Map<Condition, Double> mine = ours.getOrDefault(m, Map.of());
            for (Condition c : Condition.PAPER) {
                Double v = mine.get(c);
                String us = v == null || !Double.isFinite(v) ? "n/a" : fixed(100 * v);
                row[1 + Condition.PAPER.indexOf(c)] = us + " (" + fixed(published(metric, m, c)) + ")";
            }
            t.row(row);
        }
        return "Table " + metric.table + ". " + metric.label + ", ours (paper), round 10\n\n" + t;
    }

    private static String fixed(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** A difference with an explicit sign ("+1.25", "-0.40"), or n/a. */
    private static String signed(double d) {
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%+.2f", d) : "n/a";
    }
}
