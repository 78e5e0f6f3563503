package org.fatecg.fl;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fatecg.attack.Attack;
import org.fatecg.data.Aami;
import org.fatecg.data.BeatDataset;
import org.fatecg.eval.BatchAveragedMacro;
import org.fatecg.eval.ConfusionMatrix;
import org.fatecg.nn.Module;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Grad;
import org.fatecg.tensor.Tensor;

/**
 * Central evaluation of a global model on the test beats (the published code's server-side evaluate):
 * for each condition, the beats in order, in batches of {@code batchSize} (32 in the paper, which also
 * fixes the batches of the as-published metric and of CW's batch-level early stop); each batch is
 * attacked against the model (none for Clean) and classified; predictions fill a confusion matrix and
 * the batch-averaged macro metric. PGD's random starts come from Seeds.stream(seed, EVAL, round,
 * condition), the same for every federation, so two models are attacked with the same noise.
 */
public final class AttackEvaluator implements Evaluator {
    private final BeatDataset data;
    private final int[] indices;
    private final AttackSettings attacks;
    private final int batchSize;
    private final long seed;

    public AttackEvaluator(BeatDataset data, int[] indices, AttackSettings attacks, int batchSize, long seed) {
        if (indices.length == 0) throw new IllegalArgumentException("no test beats to evaluate on");
        if (batchSize < 1) throw new IllegalArgumentException("evaluation batch size must be >= 1, got " + batchSize);
        this.data = data;
        this.indices = indices.clone();
        this.attacks = attacks;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    public int size() {
        return indices.length;
    }

    @Override
    public EvaluateResult evaluate(Module model, EvaluateInstruction instruction, String federation, int round, FederationListener listener) {
        Map<Condition, ConditionResult> out = new LinkedHashMap<>();
        for (Condition c : instruction.conditions()) {
            Attack attack = attacks.testAttack(c, Seeds.stream(seed, Seeds.EVAL, round, c.ordinal()));
            out.put(c, evaluate(model, c, attack, federation, round, listener));
        }
        return new EvaluateResult(0, indices.length, out);
    }

    private ConditionResult evaluate(Module model, Condition c, Attack attack, String federation, int round, FederationListener listener) {
        int n = indices.length, len = data.windowLength(), batches = (n + batchSize - 1) / batchSize;
        ConfusionMatrix cm = new ConfusionMatrix(Aami.COUNT);
        BatchAveragedMacro published = new BatchAveragedMacro(Aami.COUNT, batchSize);
        float[] xs = new float[batchSize * len];
        int[] ys = new int[batchSize];
        listener.evaluationStarted(federation, round, c, batches);
        for (int from = 0; from < n; from += batchSize) {
            int m = Math.min(batchSize, n - from);
            float[] xb = m == batchSize ? xs : new float[m * len];
            int[] yb = m == batchSize ? ys : new int[m];
            data.gather(indices, from, from + m, xb, yb);
            int[] pred;
            try (Arena a = Arena.open()) {
                Tensor x = Tensor.of(xb, m, 1, len);
                Tensor input = attack == null ? x : attack.perturb(model, x, Functional.labels(yb));
                try (Grad off = Grad.off()) {
                    pred = Functional.argmax(model.forward(input));
                }
            }
            cm.addAll(yb, pred);
            published.addAll(yb, pred);
            listener.evaluationBatchDone();
        }
        ConditionResult r = new ConditionResult(c, cm, published.result());
        listener.evaluationEnded(federation, round, r);
        return r;
    }
}
