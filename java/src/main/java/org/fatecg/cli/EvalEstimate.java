package org.fatecg.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.fatecg.eval.RobustEvaluator;
import org.fatecg.nn.Module;

/**
 * How long an evaluation will take, said before it starts: each condition is timed on the first batch
 * of beats and the time scaled by the number of batches. The first batch also pays the JIT's warm-up,
 * so the figure leans high. It is skipped when the whole evaluation is one batch per condition.
 */
final class EvalEstimate {
    private EvalEstimate() {}

    /** Seconds for {@code conditions} over all beats, or NaN when there is only one batch. */
    static double seconds(
            Module net, TestBeats beats, int batch, int classes, List<RobustEvaluator.Labelled> conditions) {
        int n = beats.size(), len = beats.length();
        int batches = (n + batch - 1) / batch;
        if (batches <= 1) return Double.NaN;
        float[] x = Arrays.copyOf(beats.x(), batch * len);
        int[] y = Arrays.copyOf(beats.y(), batch);
        RobustEvaluator probe = new RobustEvaluator(batch, classes, null);
        double total = 0;
        for (RobustEvaluator.Labelled c : conditions) {
            long t0 = System.nanoTime();
            probe.evaluate(net, x, y, len, List.of(c));
            total += (System.nanoTime() - t0) / 1e9 * batches;
        }
        return total;
    }

    /** "evaluating 21894 beats under clean, pgd: about 12:05 on this machine (...)". */
    static String note(int beats, List<RobustEvaluator.Labelled> conditions, int batch, double seconds) {
        String names = String.join(
                ", ", conditions.stream().map(RobustEvaluator.Labelled::label).toList());
        return String.format(
                Locale.ROOT,
                "evaluating %,d beats under %s: about %s on this machine (each condition timed on one batch of %d)",
                beats,
                names,
                RunSummary.clock(seconds),
                batch);
    }
}
