package org.fatecg.fl;

import java.util.Map;
import org.fatecg.attack.Condition;
import org.fatecg.eval.ConditionResult;

/**
 * Flower's EvaluateRes: one evaluation shard's results per condition (in the instruction's order) and
 * the number of test beats it holds.
 */
public record EvaluateResult(int shard, int numExamples, Map<Condition, ConditionResult> results) {}
