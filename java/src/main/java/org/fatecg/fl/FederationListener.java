package org.fatecg.fl;

import org.fatecg.attack.Condition;

/**
 * What a federation reports while it runs, for progress bars and logs; every method defaults to nothing.
 * Calls come from the one thread that runs the federation, in order: round, client, epoch, batches, ...
 */
public interface FederationListener {
    FederationListener NONE = new FederationListener() {};

    default void roundStarted(String federation, int round, int rounds) {}

    /** The index-th (0-based) of count clients of the round starts; clientId is its number. */
    default void clientStarted(String federation, int round, int index, int count, int clientId) {}

    default void epochStarted(String federation, int round, int clientId, int epoch, int epochs, int batches) {}

    default void batchDone() {}

    default void epochEnded() {}

    default void clientEnded(String federation, int round, FitResult result) {}

    /**
     * The server aggregated round r: {@code global} the weights the clients started from, {@code results}
     * their updates in order, {@code aggregate} the new weights and each update's fate ({@link UpdateStats}
     * turns these into norms and cosines). Nothing may be modified.
     */
    default void aggregated(
            String federation, int round, float[] global, java.util.List<FitResult> results, Aggregate aggregate) {}

    /** The global model of round r is about to be evaluated under conditions on beats test beats. */
    default void evaluationStarted(String federation, int round, java.util.List<Condition> conditions, int beats) {}

    default void roundEnded(String federation, RoundRecord record) {}
}
