package org.fatecg.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import org.fatecg.attack.Attack;
import org.fatecg.attack.PgdFreeze;
import org.fatecg.nn.Module;

/**
 * Accuracy and friends as a function of the attack budget eps, as Ma and Liang (2020,
 * figures 1-7) plot them: eps in {0, .01, .03, .05, .1, .2, .3}, K-PGD with K = 20 and 100, step 0.01,
 * samples frozen once misclassified ({@link PgdFreeze}). Each point is one {@link RobustEvaluator}
 * condition, so it carries the perturbation's SNR in dB beside eps. Any attack family can be swept
 * (e.g. SPSA) by passing its constructor as a function of eps. The sweep returns its points; the
 * report package draws them (RobustnessTables).
 */
public final class EpsilonSweep {
    public static final float[] SEED001_EPS = {0f, 0.01f, 0.03f, 0.05f, 0.1f, 0.2f, 0.3f};
    public static final int[] SEED001_STEPS = {20, 100};

    /** One evaluated point of a sweep: the attack family, its eps, and what was measured. */
    public record Point(String family, float eps, ConditionResult outcome) {}

    private EpsilonSweep() {}

    /** Evaluates family(eps) for each eps. */
    public static List<Point> run(
            RobustEvaluator evaluator,
            Module model,
            float[] x,
            int[] y,
            int length,
            String family,
            DoubleFunction<Attack> attackAt,
            float[] eps) {
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
            all.addAll(run(
                    evaluator,
                    model,
                    x,
                    y,
                    length,
                    steps + "-PGD",
                    e -> PgdFreeze.seed001((float) e, steps),
                    SEED001_EPS));
        return all;
    }
}
