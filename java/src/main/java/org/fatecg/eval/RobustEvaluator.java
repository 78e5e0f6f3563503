package org.fatecg.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.attack.Attack;
import org.fatecg.io.ProgressMeter;
import org.fatecg.nn.Module;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Grad;
import org.fatecg.tensor.Tensor;

/**
 * Robust evaluation: the model's metrics on a test set, clean and under any list of attacks, computed
 * batch by batch (PROTOCOL sections 3 and 5). Per condition: the dataset-level confusion matrix and its
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

    /** A named test condition; a null attack is the clean input. */
    public record Condition(String name, Attack attack) {
        public static Condition clean() {
            return new Condition("clean", null);
        }

        public static Condition of(Attack attack) {
            return new Condition(attack.name(), attack);
        }
    }

    /** Everything measured for one condition. */
    public record Outcome(String condition, ConfusionMatrix confusion, Metrics metrics, BatchAveragedMacro.Result asPublished,
                          double meanL2, double maxLinf, double meanSnrDb, int perturbed, double seconds) {
        /** For the JSON report: the metrics' map plus the as-published values and the perturbation. */
        public Map<String, Object> toMap(String[] classNames) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("condition", condition);
            m.putAll(metrics.toMap(classNames));
            m.put("as_published", Map.of("macro_precision", asPublished.precision(), "macro_recall", asPublished.recall(),
                    "macro_f1", asPublished.f1(), "batches", asPublished.batches()));
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("mean_l2", meanL2);
            p.put("max_linf", maxLinf);
            p.put("mean_snr_db", meanSnrDb);
            p.put("perturbed_samples", perturbed);
            m.put("perturbation", p);
            m.put("confusion", confusion.toArray());
            m.put("seconds", seconds);
            return m;
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
    public List<Outcome> evaluate(Module model, float[] x, int[] y, int length, List<Condition> conditions) {
        return evaluate(model, x, y, length, conditions, null);
    }

    /** As above, handing every batch to sink (null for none). */
    public List<Outcome> evaluate(Module model, float[] x, int[] y, int length, List<Condition> conditions, Sink sink) {
        int n = y.length;
        if (x.length != n * length) throw new IllegalArgumentException(x.length + " values are not " + n + " windows of " + length);
        int batches = (n + batchSize - 1) / batchSize;
        List<Outcome> out = new ArrayList<>();
        try (ProgressMeter bar = progress == null ? null : progress.open("evaluate", (long) batches * conditions.size())) {
            for (Condition c : conditions) out.add(one(model, x, y, length, c, bar, sink));
        }
        return out;
    }

    private Outcome one(Module model, float[] x, int[] y, int length, Condition c, ProgressMeter bar, Sink sink) {
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
            if (sink != null) sink.accept(c.name(), from, adv, pred);
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
        return new Outcome(c.name(), cm, Metrics.of(cm), published.result(), sumL2 / n, maxLinf,
                moved > 0 ? sumSnr / moved : Double.POSITIVE_INFINITY, moved, seconds);
    }

    /** 10 log10(signal power / noise power), in dB. */
    public static double snrDb(double signalSquared, double noiseSquared) {
        return 10 * Math.log10(signalSquared / noiseSquared);
    }
}
