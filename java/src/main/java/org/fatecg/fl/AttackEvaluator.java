package org.fatecg.fl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.attack.Attack;
import org.fatecg.attack.Condition;
import org.fatecg.data.Aami;
import org.fatecg.data.BeatDataset;
import org.fatecg.eval.ConditionResult;
import org.fatecg.eval.RobustEvaluator;
import org.fatecg.io.ProgressMeter;
import org.fatecg.nn.Module;

/**
 * Central evaluation of a global model on the test beats (the published code's server-side evaluate),
 * through {@link RobustEvaluator}: for each condition the beats in test order, in batches of
 * {@code batchSize} (32 in the paper, which also fixes CW's batch-level early stop); the as-published
 * metric always averages batches of 32. This class only turns a round's instruction into attacks:
 * PGD's random starts come from Seeds.stream(seed, EVAL, round, condition), the same for every
 * federation, so two models are attacked with the same noise and a round can be replayed exactly.
 */
public final class AttackEvaluator implements Evaluator {
    private final float[] x;
    private final int[] y;
    private final int length;
    private final RunConfig.Attacks attacks;
    private final RobustEvaluator runner;
    private final long seed;

    /** @param progress opens RobustEvaluator's progress meter, or null for none */
    public AttackEvaluator(
            BeatDataset data,
            int[] indices,
            RunConfig.Attacks attacks,
            int batchSize,
            long seed,
            ProgressMeter.Opener progress) {
        if (indices.length == 0) throw new IllegalArgumentException("no test beats to evaluate on");
        this.length = data.windowLength();
        this.x = new float[indices.length * length];
        this.y = new int[indices.length];
        data.gather(indices, 0, indices.length, x, y);
        this.attacks = attacks;
        this.runner = new RobustEvaluator(batchSize, Aami.COUNT, progress);
        this.seed = seed;
    }

    public int size() {
        return y.length;
    }

    @Override
    public EvaluateResult evaluate(
            Module model, EvaluateInstruction instruction, String federation, int round, FederationListener listener) {
        List<RobustEvaluator.Labelled> conditions = new ArrayList<>();
        for (Condition c : instruction.conditions()) {
            Attack a = attacks.testAttack(c, Seeds.stream(seed, Seeds.EVAL, round, c.ordinal()));
            conditions.add(new RobustEvaluator.Labelled(c.key(), a));
        }
        listener.evaluationStarted(federation, round, instruction.conditions(), y.length);
        List<ConditionResult> outcomes = runner.evaluate(model, x, y, length, conditions);
        Map<Condition, ConditionResult> out = new LinkedHashMap<>();
        for (int i = 0; i < outcomes.size(); i++)
            out.put(instruction.conditions().get(i), outcomes.get(i));
        return new EvaluateResult(0, y.length, out);
    }
}
