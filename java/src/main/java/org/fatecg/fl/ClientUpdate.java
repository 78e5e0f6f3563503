package org.fatecg.fl;

/**
 * What an aggregation rule sees of one client's round: its number, its trained weights (all parameters
 * laid end to end, see {@link WeightLayout}) and n_i, the number of examples it trained on.
 */
public record ClientUpdate(int client, float[] weights, long numExamples) {
    public static ClientUpdate of(FitResult r) {
        return new ClientUpdate(r.client(), r.weights(), r.numExamples());
    }
}
