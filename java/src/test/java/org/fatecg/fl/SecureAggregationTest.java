package org.fatecg.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fatecg.tensor.Rng;
import org.junit.jupiter.api.Test;

/** Pairwise masking: the masked sum is exact, the server's vectors hide the updates, dropouts are recovered or refused. */
class SecureAggregationTest {
    private static final int F = 20;

    private static List<ClientUpdate> updates(int k, int d, float[] global) {
        Rng rng = new Rng(5);
        List<ClientUpdate> u = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            float[] w = new float[d];
            for (int j = 0; j < d; j++) w[j] = global[j] + (float) (0.1 * rng.nextGaussian());
            u.add(new ClientUpdate(i, w, 50 + 13 * i));
        }
        return u;
    }

    @Test
    void maskedSumIsExactlyTheSumOfQuantisedUpdates() {
        int k = 5, d = 257;
        float[] global = new float[d];
        List<ClientUpdate> u = updates(k, d, global);
        SecureAggregation.Result r = new SecureAggregation(F, new SecureRandom()).aggregate(1, global, u, Set.of());
        // Independently: Q((n_i/m) Delta_i) summed in long arithmetic, no masks at all.
        long m = 0;
        for (ClientUpdate c : u) m += c.numExamples();
        int[] masksSum = new int[d];
        for (int[] y : r.masked()) for (int j = 0; j < d; j++) masksSum[j] += y[j];
        int differing = 0;
        for (int j = 0; j < d; j++) {
            long plain = 0;
            for (ClientUpdate c : u) plain += Math.round((double) c.numExamples() / m * c.weights()[j] * (1 << F));
            assertEquals(plain, masksSum[j], "coordinate " + j); // exact, modulo 2^32 (no wrap at this size)
            assertEquals((float) (plain / (double) (1 << F)), r.weights()[j]);
            long quantised0 =
                    Math.round((double) u.get(0).numExamples() / m * u.get(0).weights()[j] * (1 << F));
            if (r.masked().get(0)[j] != quantised0) differing++;
        }
        // What the server saw of client 0 is not its update (a coordinate matches by chance with p = 2^-32).
        assertTrue(differing >= d - 1, differing + " of " + d);
    }

    @Test
    void equalsFedAvgToTheQuantisationStep() {
        int k = 4, d = 1000;
        float[] global = new float[d];
        for (int j = 0; j < d; j++) global[j] = (float) Math.sin(j);
        List<ClientUpdate> u = updates(k, d, global);
        float[] secure = new SecureAggregation.Rule(F).apply(3, global, u).weights();
        float[] plain = new AggregationRule.FedAvg().apply(global, u).weights();
        double bound = k * Math.scalb(0.5, -F) + 2 * Math.ulp(1f);
        for (int j = 0; j < d; j++) assertEquals(plain[j], secure[j], bound, "coordinate " + j);
    }

    @Test
    void droppedClientsMasksAreRemovedFromSurvivorsShares() {
        int k = 5, d = 64;
        float[] global = new float[d];
        List<ClientUpdate> u = updates(k, d, global);
        SecureAggregation.Result r = new SecureAggregation(F, new SecureRandom()).aggregate(2, global, u, Set.of(1, 3));
        assertEquals(3, r.masked().size());
        List<ClientUpdate> survivors = List.of(u.get(0), u.get(2), u.get(4));
        float[] plain = new AggregationRule.FedAvg().apply(global, survivors).weights();
        double bound = k * Math.scalb(0.5, -F) * 2 + 2 * Math.ulp(1f); // rescaled by m / m_survivors < 2
        for (int j = 0; j < d; j++) assertEquals(plain[j], r.weights()[j], bound, "coordinate " + j);
    }

    @Test
    void tooFewSurvivorsFailTheRoundCleanly() {
        int k = 5, d = 8;
        float[] global = new float[d];
        FederationException e = assertThrows(
                FederationException.class,
                () -> new SecureAggregation(F, new SecureRandom())
                        .aggregate(4, global, updates(k, d, global), Set.of(0, 1, 2)));
        assertTrue(e.getMessage().contains("only 2 of the 3 shares"), e.getMessage());
    }

    @Test
    void outOfRangeValuesAreRefusedNamingClientAndCoordinate() {
        float[] global = new float[3];
        List<ClientUpdate> u =
                List.of(new ClientUpdate(7, new float[] {0, 5000, 0}, 1), new ClientUpdate(8, new float[3], 1));
        FederationException e = assertThrows(
                FederationException.class,
                () -> new SecureAggregation(F, new SecureRandom()).aggregate(1, global, u, Set.of()));
        assertTrue(e.getMessage().contains("client 7") && e.getMessage().contains("coordinate 1"), e.getMessage());
    }

    @Test
    void shamirRebuildsFromAnyThresholdSubset() {
        SecureAggregation sa = new SecureAggregation(F, new SecureRandom());
        BigInteger secret = new BigInteger(255, new SecureRandom());
        BigInteger[] shares = sa.share(secret, 3, 5);
        assertEquals(secret, SecureAggregation.reconstruct(shares, List.of(0, 1, 2)));
        assertEquals(secret, SecureAggregation.reconstruct(shares, List.of(4, 2, 1)));
        assertTrue(!secret.equals(SecureAggregation.reconstruct(shares, List.of(0, 1))));
    }
}
