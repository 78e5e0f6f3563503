package org.fatecg.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's results under one test condition, as {@link RobustEvaluator} measures them and a federated
 * run keeps them per round: the dataset-level confusion matrix (from which the correct metrics follow),
 * the "as published" batch-averaged macro values ({@link BatchAveragedMacro}), which cannot be recovered
 * from the matrix and are therefore kept as numbers, the size of the perturbation, and the time taken.
 *
 * @param condition   the condition's label ("clean", "pgd", "20-PGD eps=0.1", ...)
 * @param seconds     wall time of the evaluation; NaN where it was not kept (a checkpoint's history)
 */
public record ConditionResult(
        String condition,
        ConfusionMatrix confusion,
        BatchAveragedMacro.Result asPublished,
        Perturbation perturbation,
        double seconds) {
    /**
     * How far the attack moved the beats: mean L2 over all beats, max L-infinity, and the mean SNR in dB
     * over the beats that moved (perturbed of them); all zero, SNR infinite, for the clean input.
     */
    public record Perturbation(double meanL2, double maxLinf, double meanSnrDb, int perturbed) {
        public static final Perturbation NONE = new Perturbation(0, 0, Double.POSITIVE_INFINITY, 0);
    }

    /** A result whose time was not kept. */
    public ConditionResult(
            String condition,
            ConfusionMatrix confusion,
            BatchAveragedMacro.Result asPublished,
            Perturbation perturbation) {
        this(condition, confusion, asPublished, perturbation, Double.NaN);
    }

    public Metrics metrics() {
        return Metrics.of(confusion);
    }

    /** For the JSON report: the metrics' map plus the as-published values and the perturbation. */
    public Map<String, Object> toMap(String[] classNames) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("condition", condition);
        m.putAll(metrics().toMap(classNames));
        m.put(
                "as_published",
                Map.of(
                        "macro_precision",
                        asPublished.precision(),
                        "macro_recall",
                        asPublished.recall(),
                        "macro_f1",
                        asPublished.f1(),
                        "batches",
                        asPublished.batches()));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("mean_l2", perturbation.meanL2());
        p.put("max_linf", perturbation.maxLinf());
        p.put("mean_snr_db", perturbation.meanSnrDb());
        p.put("perturbed_samples", perturbation.perturbed());
        m.put("perturbation", p);
        m.put("confusion", confusion.toArray());
        m.put("seconds", seconds);
        return m;
    }
}
