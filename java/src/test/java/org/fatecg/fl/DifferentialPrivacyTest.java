package org.fatecg.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** DP-FedAvg's clipping (hand-computed) and noise (its sample mean and variance against z S / k). */
class DifferentialPrivacyTest {
    private static DifferentialPrivacy dp(DifferentialPrivacy.Mode mode, double clip, double z, AggregationRule inner) {
        return new DifferentialPrivacy(inner, new DifferentialPrivacy.Settings(mode, clip, z, 1e-5), 7);
    }

    @Test
    void clipsEachUpdateThenAveragesWithEqualWeights() {
        float[] global = {1, 1};
        // deltas (3, 4) of norm 5 -> clipped to S = 1: (0.6, 0.8); (0.3, 0) stays. Sample counts are ignored.
        List<ClientUpdate> u =
                List.of(new ClientUpdate(0, new float[] {4, 5}, 100), new ClientUpdate(1, new float[] {1.3f, 1}, 1));
        Aggregate a = dp(DifferentialPrivacy.Mode.CENTRAL, 1, 0, new AggregationRule.FedAvg())
                .apply(1, global, u);
        assertArrayEquals(new float[] {1 + (0.6f + 0.3f) / 2, 1 + 0.8f / 2}, a.weights(), 1e-6f);
        assertEquals(List.of(Aggregate.Status.CLIPPED, Aggregate.Status.SELECTED), a.status());
    }

    @Test
    void centralNoiseHasStandardDeviationZSOverK() {
        int d = 200_000, k = 4;
        double s = 0.5, z = 1.2;
        float[] global = new float[d];
        List<ClientUpdate> u = new java.util.ArrayList<>();
        for (int i = 0; i < k; i++)
            u.add(new ClientUpdate(i, new float[d], 1)); // zero updates: the output is pure noise
        float[] w = dp(DifferentialPrivacy.Mode.CENTRAL, s, z, new AggregationRule.FedAvg())
                .apply(3, global, u)
                .weights();
        double mean = 0, sq = 0;
        for (float x : w) mean += x;
        mean /= d;
        for (float x : w) sq += (x - mean) * (x - mean);
        double sd = Math.sqrt(sq / (d - 1)), expected = z * s / k;
        // the sample mean has sd expected / sqrt(d); the sample sd has relative sd ~ 1 / sqrt(2d) = 0.16%
        assertEquals(0, mean, 5 * expected / Math.sqrt(d));
        assertEquals(expected, sd, 5 * expected / Math.sqrt(2.0 * d));
        // the same round draws the same noise (resume), another round other noise
        float[] again = dp(DifferentialPrivacy.Mode.CENTRAL, s, z, new AggregationRule.FedAvg())
                .apply(3, global, u)
                .weights();
        assertArrayEquals(w, again);
        float[] other = dp(DifferentialPrivacy.Mode.CENTRAL, s, z, new AggregationRule.FedAvg())
                .apply(4, global, u)
                .weights();
        assertEquals(false, java.util.Arrays.equals(w, other));
    }

    @Test
    void localNoiseIsPerClientSoTheMeanHasZSOverRootK() {
        int d = 100_000, k = 4;
        double s = 1, z = 0.8;
        List<ClientUpdate> u = new java.util.ArrayList<>();
        for (int i = 0; i < k; i++) u.add(new ClientUpdate(i, new float[d], 10));
        float[] w = dp(DifferentialPrivacy.Mode.LOCAL, s, z, new AggregationRule.FedAvg())
                .apply(1, new float[d], u)
                .weights();
        double sq = 0;
        for (float x : w) sq += x * x;
        double expected = z * s / Math.sqrt(k);
        assertEquals(expected, Math.sqrt(sq / d), 5 * expected / Math.sqrt(2.0 * d));
        // local DP may wrap a robust rule; central may not
        dp(DifferentialPrivacy.Mode.LOCAL, s, z, new AggregationRule.Median()).apply(1, new float[d], u);
        assertThrows(
                IllegalArgumentException.class,
                () -> dp(DifferentialPrivacy.Mode.CENTRAL, s, z, new AggregationRule.Median()));
    }

    @Test
    void epsilonGrowsWithRoundsAndIsInfiniteWithoutNoise() {
        DifferentialPrivacy.Settings s =
                new DifferentialPrivacy.Settings(DifferentialPrivacy.Mode.CENTRAL, 1, 1.0, 1e-5);
        double e1 = s.epsilon(1, 2, 10), e10 = s.epsilon(10, 2, 10);
        assertEquals(RdpAccountant.epsilon(0.2, 1.0, 10, 1e-5), e10, 0);
        assertEquals(true, e1 < e10);
        DifferentialPrivacy.Settings local =
                new DifferentialPrivacy.Settings(DifferentialPrivacy.Mode.LOCAL, 1, 1.0, 1e-5);
        assertEquals(RdpAccountant.epsilon(1, 1.0, 10, 1e-5), local.epsilon(10, 2, 10), 0);
        assertEquals(
                Double.POSITIVE_INFINITY,
                new DifferentialPrivacy.Settings(DifferentialPrivacy.Mode.CENTRAL, 1, 0, 1e-5).epsilon(3, 2, 10));
    }
}
