package org.fatecg.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.eval.ConditionResult;
import org.fatecg.eval.EpsilonSweep;
import org.fatecg.eval.Metrics;
import org.fatecg.eval.RobustEvaluator;

/**
 * The tables and the chart of a robust evaluation ({@link RobustEvaluator}) and an eps sweep
 * ({@link EpsilonSweep}): eval measures and returns records, this class draws them. Values in %, dB and
 * seconds, two decimals.
 */
public final class RobustnessTables {
    private RobustnessTables() {}

    /**
     * One row per condition: accuracy, macro precision, recall and F1 (dataset level), F1 as published,
     * per-class sensitivity, mean SNR and time.
     */
    public static MarkdownTable conditions(List<ConditionResult> outcomes, String[] classNames) {
        String[] fixed = {"condition", "accuracy %", "macro P %", "macro R %", "macro F1 %", "F1 as published %"};
        String[] header = Arrays.copyOf(fixed, fixed.length + classNames.length + 2);
        for (int c = 0; c < classNames.length; c++) header[fixed.length + c] = "sens " + classNames[c] + " %";
        header[header.length - 2] = "SNR dB";
        header[header.length - 1] = "seconds";
        MarkdownTable t = new MarkdownTable(header).decimals(2);
        for (ConditionResult o : outcomes) {
            Metrics m = o.metrics();
            Object[] row = new Object[header.length];
            row[0] = o.condition();
            row[1] = 100 * m.accuracy();
            row[2] = 100 * m.macroPrecision();
            row[3] = 100 * m.macroRecall();
            row[4] = 100 * m.macroF1();
            row[5] = 100 * o.asPublished().f1();
            for (int c = 0; c < classNames.length; c++) row[fixed.length + c] = 100 * m.sensitivity(c);
            row[header.length - 2] = o.perturbation().meanSnrDb();
            row[header.length - 1] = o.seconds();
            t.row(row);
        }
        return t;
    }

    /** One row per sweep point: family, eps, SNR, accuracy, macro precision and F1, sensitivity per class. */
    public static MarkdownTable sweep(List<EpsilonSweep.Point> points, String[] classNames) {
        String[] header = new String[6 + classNames.length];
        String[] fixed = {"attack", "eps", "SNR dB", "accuracy %", "macro precision %", "macro F1 %"};
        System.arraycopy(fixed, 0, header, 0, fixed.length);
        for (int c = 0; c < classNames.length; c++) header[fixed.length + c] = "sens " + classNames[c] + " %";
        MarkdownTable t = new MarkdownTable(header).decimals(2);
        for (EpsilonSweep.Point p : points) {
            Metrics m = p.outcome().metrics();
            Object[] row = new Object[header.length];
            row[0] = p.family();
            row[1] = p.eps();
            row[2] = p.outcome().perturbation().meanSnrDb();
            row[3] = 100 * m.accuracy();
            row[4] = 100 * m.macroPrecision();
            row[5] = 100 * m.macroF1();
            for (int c = 0; c < classNames.length; c++) row[fixed.length + c] = 100 * m.sensitivity(c);
            t.row(row);
        }
        return t;
    }

    /** Accuracy (%) against eps, one line per attack family. */
    public static LineChart sweepChart(String title, List<EpsilonSweep.Point> points) {
        LineChart chart = new LineChart(title, "eps (L-inf noise level)", "accuracy (%)")
                .yRange(0, 100)
                .markers(true);
        for (Map.Entry<String, List<EpsilonSweep.Point>> e : byFamily(points).entrySet()) {
            List<EpsilonSweep.Point> ps = e.getValue();
            double[] xs = new double[ps.size()], ys = new double[ps.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = ps.get(i).eps();
                ys[i] = 100 * ps.get(i).outcome().metrics().accuracy();
            }
            chart.add(e.getKey(), xs, ys);
        }
        return chart;
    }

    private static Map<String, List<EpsilonSweep.Point>> byFamily(List<EpsilonSweep.Point> points) {
        Map<String, List<EpsilonSweep.Point>> m = new LinkedHashMap<>();
        for (EpsilonSweep.Point p : points)
            m.computeIfAbsent(p.family(), k -> new ArrayList<>()).add(p);
        return m;
    }
}
