package org.fatecg.fl;

import java.util.List;
import org.fatecg.attack.Condition;

/** Flower's EvaluateIns, for the server's test set: which conditions to evaluate the global model under. */
public record EvaluateInstruction(List<Condition> conditions) {
    public EvaluateInstruction {
        conditions = List.copyOf(conditions);
        if (conditions.isEmpty()) throw new IllegalArgumentException("an evaluation needs at least one test condition");
    }
}
