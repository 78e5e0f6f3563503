package org.fatecg.fl;

import org.fatecg.eval.BatchAveragedMacro;
import org.fatecg.eval.ConfusionMatrix;
import org.fatecg.eval.Metrics;

/**
 * The global model's results under one test condition: the dataset-level confusion matrix (from which
 * the correct metrics follow) and the "as published" batch-averaged macro values (PROTOCOL section 5),
 * which cannot be recovered from the matrix and are therefore kept as numbers.
 */
public record ConditionResult(Condition condition, ConfusionMatrix confusion, BatchAveragedMacro.Result asPublished) {
    public Metrics metrics() {
        return Metrics.of(confusion);
    }
}
