package org.fatecg.fl;

import org.fatecg.eval.BatchAveragedMacro;
import org.fatecg.eval.ConfusionMatrix;
import org.fatecg.eval.Metrics;

/**
 * The global model's results under one test condition: the dataset-level confusion matrix (from which
 * the correct metrics follow), the "as published" batch-averaged macro values of the published tables,
 * which cannot be recovered from the matrix and are therefore kept as numbers, and the size of the
 * perturbation (mean L2, max L-infinity, mean SNR in dB over the beats that moved; see RobustEvaluator).
 */
public record ConditionResult(Condition condition, ConfusionMatrix confusion, BatchAveragedMacro.Result asPublished, Perturbation perturbation) {
    /** How far the attack moved the beats; all zero (SNR infinite) for Clean. */
    public record Perturbation(double meanL2, double maxLinf, double meanSnrDb, int perturbed) {
        public static final Perturbation NONE = new Perturbation(0, 0, Double.POSITIVE_INFINITY, 0);
    }

    public Metrics metrics() {
        return Metrics.of(confusion);
    }
}
