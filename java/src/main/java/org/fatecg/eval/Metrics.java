/*
 * Metrics: accuracy, per-class precision / recall (sensitivity) / F1 / specificity / support, and
 * their macro averages, all from one dataset-level ConfusionMatrix: the correct numbers
 * (the published tables averaged per batch instead). The batch-averaged "as published" variant is BatchAveragedMacro; the static
 * formulas here are shared by both so the two can differ only in how they are averaged.
 * This file computes; it does not print, plot or serialise beyond a plain map for the JSON writer.
 */
package org.fatecg.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classification metrics of one confusion matrix, immutable.
 *
 * <p>Per class c (TP, FP, FN, TN from {@link ConfusionMatrix}):
 * <pre>
 *   precision_c   = TP / (TP + FP)
 *   recall_c      = TP / (TP + FN)          (= sensitivity)
 *   F1_c          = 2 TP / (2 TP + FP + FN)  (= harmonic mean of precision and recall when both exist)
 *   specificity_c = TN / (TN + FP)
 * </pre>
 * Every 0/0 is 0, as in torchmetrics 1.4 with {@code zero_division=0}: a class that is never
 * predicted has precision 0, a class with no samples has recall 0, and F1 is 0 whenever TP = 0.
 *
 * <p>Macro averages follow torchmetrics 1.4's {@code average="macro"} for multiclass inputs
 * ({@code _adjust_weights_safe_divide}): a class with TP + FP + FN = 0, i.e. no samples and no
 * predictions, gets weight 0 and is left out of the mean; every other class counts once, even when
 * its score is 0 by the rule above. If no class qualifies (no samples at all) the macro value is 0.
 * On a full MIT-BIH test set every class has samples, so this exclusion only matters per batch
 * (see {@link BatchAveragedMacro}) and on small or filtered sets.
 */
public final class Metrics {

    private final int k;
    private final long total;
    private final double accuracy;
    private final long[] support;
    private final double[] precision;
    private final double[] recall;
    private final double[] f1;
    private final double[] specificity;
    private final double macroPrecision;
    private final double macroRecall;
    private final double macroF1;
    private final int classesInMacro;

    private Metrics(ConfusionMatrix cm) {
        k = cm.numClasses();
        total = cm.total();
        accuracy = cm.accuracy();
        support = new long[k];
        precision = new double[k];
        recall = new double[k];
        f1 = new double[k];
        specificity = new double[k];
        double sp = 0;
        double sr = 0;
        double sf = 0;
        int counted = 0;
        for (int c = 0; c < k; c++) {
            long tp = cm.truePositives(c);
            long fp = cm.falsePositives(c);
            long fn = cm.falseNegatives(c);
            long tn = cm.trueNegatives(c);
            support[c] = tp + fn;
            precision[c] = precision(tp, fp);
            recall[c] = recall(tp, fn);
            f1[c] = f1(tp, fp, fn);
            specificity[c] = specificity(tn, fp);
            if (inMacro(tp, fp, fn)) {
                sp += precision[c];
                sr += recall[c];
                sf += f1[c];
                counted++;
            }
        }
        classesInMacro = counted;
        macroPrecision = divide(sp, counted);
        macroRecall = divide(sr, counted);
        macroF1 = divide(sf, counted);
    }

    public static Metrics of(ConfusionMatrix cm) {
        return new Metrics(cm);
    }

    public static Metrics of(int[] truth, int[] pred, int numClasses) {
        return new Metrics(ConfusionMatrix.of(truth, pred, numClasses));
    }

    /**
     * The "as published" macro values: per-batch macro precision, recall and F1 over consecutive
     * batches of {@code batchSize} samples, averaged over batches. See {@link BatchAveragedMacro}.
     */
    public static BatchAveragedMacro.Result asPublished(int[] truth, int[] pred, int numClasses, int batchSize) {
        BatchAveragedMacro b = new BatchAveragedMacro(numClasses, batchSize);
        b.addAll(truth, pred);
        return b.result();
    }

    // ---- the formulas, shared with BatchAveragedMacro ------------------------------------------

    /** TP / (TP + FP), 0 when nothing was predicted as the class. */
    public static double precision(long tp, long fp) {
        return divide(tp, tp + fp);
    }

    /** TP / (TP + FN), 0 when the class has no samples. */
    public static double recall(long tp, long fn) {
        return divide(tp, tp + fn);
    }

    /** 2 TP / (2 TP + FP + FN), 0 when TP + FP + FN = 0. */
    public static double f1(long tp, long fp, long fn) {
        return divide(2.0 * tp, 2.0 * tp + fp + fn);
    }

    /** TN / (TN + FP), 0 when every sample belongs to the class. */
    public static double specificity(long tn, long fp) {
        return divide(tn, tn + fp);
    }

    /** torchmetrics' macro weight: a class enters the mean unless it has no samples and no predictions. */
    public static boolean inMacro(long tp, long fp, long fn) {
        return tp + fp + fn > 0;
    }

    /** num / den, or 0 when den = 0 (torchmetrics' {@code _safe_divide} with zero_division 0). */
    static double divide(double num, double den) {
        return den == 0 ? 0.0 : num / den;
    }

    // ---- accessors -----------------------------------------------------------------------------

    public int numClasses() {
        return k;
    }

    public long total() {
        return total;
    }

    public double accuracy() {
        return accuracy;
    }

    public long support(int c) {
        return support[c];
    }

    public double precision(int c) {
        return precision[c];
    }

    public double recall(int c) {
        return recall[c];
    }

    /** The clinicians' name for recall: the fraction of class c's beats that were recognised. */
    public double sensitivity(int c) {
        return recall[c];
    }

    public double f1(int c) {
        return f1[c];
    }

    public double specificity(int c) {
        return specificity[c];
    }

    public double macroPrecision() {
        return macroPrecision;
    }

    public double macroRecall() {
        return macroRecall;
    }

    public double macroF1() {
        return macroF1;
    }

    /** How many classes entered the macro means (those with TP + FP + FN > 0). */
    public int classesInMacro() {
        return classesInMacro;
    }

    /**
     * The metrics as nested maps and lists of numbers and strings (insertion-ordered), ready for a
     * JSON writer: {@code accuracy, macro_precision, macro_recall, macro_f1, total, per_class: [...]}.
     * Fractions stay in [0, 1]; classNames labels the per-class entries (e.g. N S V F Q).
     */
    public Map<String, Object> toMap(String[] classNames) {
        if (classNames.length != k) {
            throw new IllegalArgumentException(k + " classes but " + classNames.length + " names");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", total);
        out.put("accuracy", accuracy);
        out.put("macro_precision", macroPrecision);
        out.put("macro_recall", macroRecall);
        out.put("macro_f1", macroF1);
        List<Object> per = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("class", classNames[c]);
            e.put("support", support[c]);
            e.put("precision", precision[c]);
            e.put("recall", recall[c]);
            e.put("f1", f1[c]);
            e.put("specificity", specificity[c]);
            per.add(e);
        }
        out.put("per_class", per);
        return out;
    }
}
