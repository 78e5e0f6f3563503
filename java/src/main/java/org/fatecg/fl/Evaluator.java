package org.fatecg.fl;

import org.fatecg.nn.Module;

/**
 * Evaluates a global model on a test set under the conditions of an instruction (the server side of
 * Flower's evaluate). Implementations must be deterministic given (round, condition): the random
 * starts of attacks come from Seeds.stream(seed, EVAL, round, condition).
 */
public interface Evaluator {
    /** The results of one evaluation shard; the model holds the global weights and must be left as found. */
    EvaluateResult evaluate(
            Module model, EvaluateInstruction instruction, String federation, int round, FederationListener listener);
}
