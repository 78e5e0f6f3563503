package org.fatecg.eval;

import java.util.ArrayList;
import java.util.List;
import org.fatecg.attack.Attack;
import org.fatecg.io.ProgressMeter;
import org.fatecg.nn.Module;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Grad;
import org.fatecg.tensor.Tensor;

/**
 * Robust evaluation: the model's metrics on a test set, clean and under any list of attacks, computed
 * batch by batch. Per condition: the dataset-level confusion matrix and its
 * {@link Metrics} (accuracy, per-class precision, sensitivity, F1, macro averages), the "as published"
 * batch-averaged macro values ({@link BatchAveragedMacro}, batches of 32 in test-set order), and the size
 * of the perturbation: mean L2, max L-infinity, and the signal-to-noise ratio
 * SNR_i = 10 log10(||x_i||^2 / ||x_adv,i - x_i||^2) dB averaged over the samples that moved (an unmoved
 * sample has infinite SNR; a condition where none moved reports +inf).
 *
 * <p>Not here: loading data or models, writing files, drawing tables (the CLI and report do that).
 */
public final class RobustEvaluator {
    /** What the published code averaged its per-batch macro values over. */
    public static final int PUBLISHED_BATCH = 32;

    private final int batchSize, classes;
    private final ProgressMeter.Opener progress;

    /**
     * What to evaluate under: an attack with the label its results carry; a null attack is the clean
     * input. (The named test conditions of a run are {@link org.fatecg.attack.Condition}; this pairs any
     * attack, such as one point of an eps sweep, with a label.)
     */
    public record Labelled(String label, Attack attack) {
        public static Labelled clean() {
            return new Labelled("clean", null);
        }

        /** Labelled with the attack's own name ("PGD-20 eps=0.0314 ..."). */
        public static Labelled of(Attack attack) {
            return new Labelled(attack.name(), attack);
        }
    }

    /** Receives each batch's adversarial inputs and predictions (e.g. to save or plot examples). */
    @FunctionalInterface
    public interface Sink {
        /** adv holds windows from .. from + pred.length - 1 of the test set, row-major. */
        void accept(String condition, int from, float[] adv, int[] pred);
    }

    /**
     * @param batchSize samples attacked and classified together
     * @param classes   number of classes (5 for AAMI)
     * @param progress  opens the meter that counts batches (over all conditions), or null for none
     */
    public RobustEvaluator(int batchSize, int classes, ProgressMeter.Opener progress) {
        if (batchSize < 1 || classes < 2) throw new IllegalArgumentException("batchSize >= 1 and classes >= 2 needed");
        this.batchSize = batchSize;
        this.classes = classes;
        this.progress = progress;
    }

    /**
     * Evaluates every condition over windows x (n * length, row-major) with labels y; conditions run one
     * after the other over the whole set, so their timings are separate.
     */
    public List<ConditionResult> evaluate(Module model, float[] x, int[] y, int length, List<Labelled> conditions) {
        return evaluate(model, x, y, length, conditions, null);
    }

    /** As above, handing every batch to sink (null for none). */
    public List<ConditionResult> evaluate(
            Module model, float[] x, int[] y, int length, List<Labelled> conditions, Sink sink) {
        int n = y.length;
        if (x.length != n * length)
            throw new IllegalArgumentException(x.length + " values are not " + n + " windows of " + length);
        int batches = (n + batchSize - 1) / batchSize;
        List<ConditionResult> out = new ArrayList<>();
        try (ProgressMeter bar =
                progress == null ? null : progress.open("evaluate", (long) batches * conditions.size())) {
            for (Labelled c : conditions) out.add(one(model, x, y, length, c, bar, sink));
        }
        return out;
    }

    private ConditionResult one(
            Module model, float[] x, int[] y, int length, Labelled c, ProgressMeter bar, Sink sink) {
        int n = y.length;
        ConfusionMatrix cm = new ConfusionMatrix(classes);
        BatchAveragedMacro published = new BatchAveragedMacro(classes, PUBLISHED_BATCH);
        double sumL2 = 0, maxLinf = 0, sumSnr = 0;
        int moved = 0;
        long start = System.nanoTime();
        for (int from = 0; from < n; from += batchSize) {
            int b = Math.min(batchSize, n - from);
            float[] xb = java.util.Arrays.copyOfRange(x, from * length, (from + b) * length);
            int[] yb = java.util.Arrays.copyOfRange(y, from, from + b);
            int[] pred;
            float[] adv;
            try (Arena scope = Arena.open()) {
                Tensor input = Tensor.of(xb, b, 1, length);
                Tensor xAdv = c.attack() == null ? input : c.attack().perturb(model, input, Functional.labels(yb));
                try (Grad off = Grad.off()) {
                    pred = Functional.argmax(model.forward(xAdv));
                }
                adv = c.attack() == null ? xb : xAdv.toArray();
            }
            if (sink != null) sink.accept(c.label(), from, adv, pred);
            cm.addAll(yb, pred);
            published.addAll(yb, pred);
            for (int i = 0; i < b; i++) {
                double signal = 0, noise = 0, linf = 0;
                for (int t = i * length; t < (i + 1) * length; t++) {
                    double d = adv[t] - xb[t];
                    signal += xb[t] * (double) xb[t];
                    noise += d * d;
                    linf = Math.max(linf, Math.abs(d));
                }
                sumL2 += Math.sqrt(noise);
                maxLinf = Math.max(maxLinf, linf);
                if (noise > 0) {
                    sumSnr += snrDb(signal, noise);
                    moved++;
                }
            }
            if (bar != null) bar.step();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ConditionResult.Perturbation p = new ConditionResult.Perturbation(
                sumL2 / n, maxLinf, moved > 0 ? sumSnr / moved : Double.POSITIVE_INFINITY, moved);
        return new ConditionResult(c.label(), cm, published.result(), p, seconds);
    }

    /** 10 log10(signal power / noise power), in dB. */
    public static double snrDb(double signalSquared, double noiseSquared) {
        return 10 * Math.log10(signalSquared / noiseSquared);
    }
}
