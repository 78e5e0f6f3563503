package org.fatecg.fl;

import java.util.List;
import java.util.Map;
import org.fatecg.attack.Condition;
import org.fatecg.eval.ConditionResult;

/**
 * A federated learning strategy with Flower's four verbs. The round loop ({@link Simulation}) calls them
 * in this order every round r = 1..R: configureFit, (clients train), aggregateFit, configureEvaluate,
 * (the global model is evaluated), aggregateEvaluate; before round 1 it calls configureEvaluate(0) to
 * evaluate the initial weights. A strategy holds no mutable state, so a resumed run can call it for any
 * round without replaying the ones before. {@link FedStrategy} is the implementation; what varies between
 * federated algorithms is its {@link AggregationRule}.
 */
public interface Strategy {
    /**
     * The clients that train in round r and how; the list's order is the order in which they train and
     * in which their results come back to {@link #aggregateFit}.
     */
    List<FitInstruction> configureFit(int round, int numClients);

    /**
     * The new global weights from the round's results (in instruction order), with each result's fate
     * (selected, rejected, clipped). Must not modify them.
     */
    Aggregate aggregateFit(int round, float[] global, List<FitResult> results);

    /** What to evaluate after round r (r = 0: the initial weights), or null to skip that round. */
    EvaluateInstruction configureEvaluate(int round);

    /** One result per condition from the evaluation shards' results (in shard order). */
    Map<Condition, ConditionResult> aggregateEvaluate(int round, List<EvaluateResult> results);
}
