package org.fatecg.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import org.fatecg.attack.Attack;
import org.fatecg.attack.PgdFreeze;
import org.fatecg.nn.Module;
import org.fatecg.report.LineChart;
import org.fatecg.report.MarkdownTable;

/**
 * Accuracy and friends as a function of the attack budget eps, as Ma and Liang (2020,
 * figures 1-7) plot them: eps in {0, .01, .03, .05, .1, .2, .3}, K-PGD with K = 20 and 100, step 0.01,
 * samples frozen once misclassified ({@link PgdFreeze}). Each point is one {@link RobustEvaluator}
 * condition, so it carries the perturbation's SNR in dB beside eps. Any attack family can be swept
 * (e.g. SPSA) by passing its constructor as a function of eps.
 */
public final class EpsilonSweep {
    public static final float[] SEED001_EPS = {0f, 0.01f, 0.03f, 0.05f, 0.1f, 0.2f, 0.3f};
    public static final int[] SEED001_STEPS = {20, 100};

    /** One evaluated point of a sweep: the attack family, its eps, and what was measured. */
    public record Point(String family, float eps, ConditionResult outcome) {}

    private EpsilonSweep() {}

    /** Evaluates family(eps) for each eps. */
    public static List<Point> run(RobustEvaluator evaluator, Module model, float[] x, int[] y, int length,
                                  String family, DoubleFunction<Attack> attackAt, float[] eps) {
        List<RobustEvaluator.Labelled> conditions = new ArrayList<>();
        for (float e : eps) conditions.add(new RobustEvaluator.Labelled(family + " eps=" + e, attackAt.apply(e)));
        List<ConditionResult> outcomes = evaluator.evaluate(model, x, y, length, conditions);
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < eps.length; i++) points.add(new Point(family, eps[i], outcomes.get(i)));
        return points;
    }

    /** The PGD sweep of Ma and Liang (2020): 20- and 100-step PGD-freeze over SEED001_EPS. */
    public static List<Point> seed001Pgd(RobustEvaluator evaluator, Module model, float[] x, int[] y, int length) {
        List<Point> all = new ArrayList<>();
        for (int steps : SEED001_STEPS)
            all.addAll(run(evaluator, model, x, y, length, steps + "-PGD", e -> PgdFreeze.seed001((float) e, steps), SEED001_EPS));
        return all;
    }

    /** Accuracy (%) against eps, one line per family. */
    public static LineChart accuracyChart(String title, List<Point> points) {
        LineChart chart = new LineChart(title, "eps (L-inf noise level)", "accuracy (%)").yRange(0, 100).markers(true);
        for (Map.Entry<String, List<Point>> e : byFamily(points).entrySet()) {
            List<Point> ps = e.getValue();
            double[] xs = new double[ps.size()], ys = new double[ps.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = ps.get(i).eps();
                ys[i] = 100 * ps.get(i).outcome().metrics().accuracy();
            }
            chart.add(e.getKey(), xs, ys);
        }
        return chart;
    }

    /** One row per point: family, eps, SNR, accuracy, macro precision and F1, sensitivity per class (%). */
    public static MarkdownTable table(List<Point> points, String[] classNames) {
        String[] header = new String[6 + classNames.length];
        String[] fixed = {"attack", "eps", "SNR dB", "accuracy %", "macro precision %", "macro F1 %"};
        System.arraycopy(fixed, 0, header, 0, fixed.length);
        for (int c = 0; c < classNames.length; c++) header[fixed.length + c] = "sens " + classNames[c] + " %";
        MarkdownTable t = new MarkdownTable(header).decimals(2);
        for (Point p : points) {
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

    private static Map<String, List<Point>> byFamily(List<Point> points) {
        Map<String, List<Point>> m = new LinkedHashMap<>();
        for (Point p : points) m.computeIfAbsent(p.family(), k -> new ArrayList<>()).add(p);
        return m;
    }
}
