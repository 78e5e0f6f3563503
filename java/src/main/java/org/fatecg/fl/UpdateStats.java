package org.fatecg.fl;

import java.util.ArrayList;
import java.util.List;

/**
 * What a round's report says about each update: its fate under the rule, ||d_i|| with
 * d_i = theta_i - g, and cos(d_i, a - g) with a the aggregate, so a rejected attacker shows as a long or
 * misaligned update and a successful one as aligned with where the model went.
 */
public record UpdateStats(int client, Aggregate.Status status, double norm, double cosine) {
    public static List<UpdateStats> of(float[] global, List<FitResult> results, Aggregate aggregate) {
        List<UpdateStats> out = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            float[] w = results.get(i).weights();
            out.add(new UpdateStats(
                    results.get(i).client(),
                    aggregate.status().get(i),
                    RobustAggregation.distance(w, global),
                    RobustAggregation.cosine(w, aggregate.weights(), global)));
        }
        return out;
    }
}
