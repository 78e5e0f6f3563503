package org.fatecg.fl;

import java.util.List;
import java.util.Map;
import org.fatecg.attack.Condition;
import org.fatecg.eval.ConditionResult;

/**
 * What one round of one federation produced: the clients that trained (in training order) with their
 * sample counts and mean losses, the global model's results per test condition (empty when the round was
 * not evaluated), and how long training and evaluation took. Round 0 has no clients: it is the
 * evaluation of the initial weights.
 */
public record RoundRecord(
        int round, List<ClientRecord> clients, Map<Condition, ConditionResult> results, long fitNanos, long evalNanos) {
    public RoundRecord {
        clients = List.copyOf(clients);
        results =
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(results)); // keeps condition order
    }

    /** One client's part in a round. */
    public record ClientRecord(int client, int numExamples, double meanLoss, int steps, long nanos) {
        static ClientRecord of(FitResult r) {
            return new ClientRecord(r.client(), r.numExamples(), r.meanLoss(), r.steps(), r.nanos());
        }
    }

    /** The sample-weighted mean of the clients' mean training losses (NaN at round 0). */
    public double trainLoss() {
        double s = 0;
        long n = 0;
        for (ClientRecord c : clients) {
            s += c.meanLoss() * c.numExamples();
            n += c.numExamples();
        }
        return n == 0 ? Double.NaN : s / n;
    }

    public boolean evaluated() {
        return !results.isEmpty();
    }
}
