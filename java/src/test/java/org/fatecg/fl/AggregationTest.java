package org.fatecg.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.fatecg.fl.Aggregate.Status;
import org.junit.jupiter.api.Test;

/** Every aggregation rule against numbers worked out by hand (in the comments). */
class AggregationTest {
    private static float[] v(float... x) {
        return x;
    }

    /** Updates of clients 0, 1, ... with the given sample counts. */
    private static List<ClientUpdate> updates(long[] counts, float[]... w) {
        List<ClientUpdate> out = new ArrayList<>();
        for (int i = 0; i < w.length; i++) out.add(new ClientUpdate(i, w[i], counts[i]));
        return out;
    }

    private static List<ClientUpdate> updates(float[]... w) {
        long[] ones = new long[w.length];
        java.util.Arrays.fill(ones, 1);
        return updates(ones, w);
    }

    private static final float[] GLOBAL = new float[0]; // the rules here do not read it

    @Test
    void fedAvgWeightsBySampleCount() {
        // (1*1 + 3*1 + 5*2) / 4 = 3.5 ; (2 + 4 + 12) / 4 = 4.5
        Aggregate a =
                new AggregationRule.FedAvg().apply(GLOBAL, updates(new long[] {1, 1, 2}, v(1, 2), v(3, 4), v(5, 6)));
        assertArrayEquals(v(3.5f, 4.5f), a.weights());
        assertEquals(List.of(Status.SELECTED, Status.SELECTED, Status.SELECTED), a.status());
    }

    @Test
    void fedAvgOfEqualCountsIsTheMeanAndLeavesInputsAlone() {
        float[] a = v(0.1f, -2f), b = v(0.3f, 4f);
        float[] g = Aggregation.fedAvg(List.of(a, b), new long[] {7, 7});
        assertEquals(0.2f, g[0], 1e-7f);
        assertEquals(1f, g[1]);
        assertArrayEquals(v(0.1f, -2f), a);
    }

    @Test
    void fedAvgRoundsLikeFlowerFloat32Sum() {
        // Flower's FedAvg in NumPy: w_0 = float32(1/3) = 0.3333333432674408, w_1 = float32(2/3) =
        // 0.6666666865348816; 0.1f = 0.10000000149011612. float32(0.1f * w_0) = 0.033333335f,
        // float32(0.1f * w_1) = 0.06666667f, and their float32 sum is 0.10000001f = nextUp(0.1f), where
        // the exact weighted mean of two equal values is 0.1f itself (what a double sum gives).
        float[] g = Aggregation.fedAvg(List.of(v(0.1f), v(0.1f)), new long[] {1, 2});
        assertEquals(Math.nextUp(0.1f), g[0]);
        assertEquals(0.10000001f, g[0]);
    }

    @Test
    void fedAvgRejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Aggregation.fedAvg(List.of(v(1), v(2)), new long[] {1}));
        assertThrows(
                IllegalArgumentException.class, () -> Aggregation.fedAvg(List.of(v(1), v(2, 3)), new long[] {1, 1}));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Aggregation.fedAvg(List.of(v(1)), new long[] {0}));
        assertTrue(e.getMessage().contains("sample count 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Aggregation.fedAvg(List.of(), new long[0]));
    }

    @Test
    void medianPerCoordinateWithOddAndEvenCounts() {
        // odd, 3 values: columns {1,2,5} -> 2 ; {10,0,5} -> 5 ; {3,3,5} -> 3 ; sample counts ignored
        Aggregate odd = new AggregationRule.Median()
                .apply(GLOBAL, updates(new long[] {1, 100, 1}, v(1, 10, 3), v(2, 0, 3), v(5, 5, 5)));
        assertArrayEquals(v(2, 5, 3), odd.weights());
        // even, 4 values: mean of the two middle ones: {1,4,6,9} -> (4 + 6) / 2 = 5 ; {0,-1,-3,8} -> (-1 + 0) / 2 =
        // -0.5
        assertArrayEquals(
                v(5, -0.5f),
                new AggregationRule.Median()
                        .apply(GLOBAL, updates(v(1, 0), v(4, -1), v(9, -3), v(6, 8)))
                        .weights());
    }

    @Test
    void trimmedMeanDropsFloorBetaNFromEachEnd() {
        // beta 0.2 of n = 5 drops floor(1.0) = 1 at each end: {1,2,3,4,100} -> (2+3+4)/3 = 3 ; {-50,0,0,3,6} ->
        // (0+0+3)/3 = 1
        List<ClientUpdate> u = updates(v(100, 0), v(2, -50), v(3, 6), v(1, 3), v(4, 0));
        assertArrayEquals(
                v(3, 1), new AggregationRule.TrimmedMean(0.2).apply(GLOBAL, u).weights());
        // beta 0.1 of 5 drops floor(0.5) = 0: the plain mean (100+2+3+1+4)/5 = 22 ; (0-50+6+3+0)/5 = -8.2
        assertArrayEquals(
                v(22, -8.2f),
                new AggregationRule.TrimmedMean(0.1).apply(GLOBAL, u).weights(),
                1e-6f);
        // beta 0.25 of n = 4 drops 1 each end: {1,2,3,10} -> (2+3)/2 = 2.5
        assertArrayEquals(
                v(2.5f),
                new AggregationRule.TrimmedMean(0.25)
                        .apply(GLOBAL, updates(v(10), v(1), v(3), v(2)))
                        .weights());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new AggregationRule.TrimmedMean(0.5));
        assertTrue(e.getMessage().contains("[0, 0.5)"), e.getMessage());
    }

    // Five 1-d updates 0, 0.1, 0.25, 0.3, 10 and f = 1 (n = 5 = 2f + 3): each scores its n - f - 2 = 2
    // nearest squared distances.
    //   0:    0.01 + 0.0625   = 0.0725       0.25: 0.0025 + 0.0225 = 0.025  (best)
    //   0.1:  0.01 + 0.0225   = 0.0325       0.3:  0.0025 + 0.04   = 0.0425
    //   10:   94.09 + 95.0625 = 189.1525
    private static final List<ClientUpdate> FIVE = updates(v(0), v(0.1f), v(0.25f), v(0.3f), v(10));

    @Test
    void krumPicksTheUpdateWithTheLowestScore() {
        double[] s = Aggregation.krumScores(List.of(v(0), v(0.1f), v(0.25f), v(0.3f), v(10)), 1);
        assertArrayEquals(new double[] {0.0725, 0.0325, 0.025, 0.0425, 189.1525}, s, 1e-6);
        Aggregate k = new AggregationRule.Krum(1).apply(GLOBAL, FIVE);
        assertArrayEquals(v(0.25f), k.weights());
        assertEquals(
                List.of(Status.REJECTED, Status.REJECTED, Status.SELECTED, Status.REJECTED, Status.REJECTED),
                k.status());
        // ties go to the lowest index: n = 3, f = 0, one neighbour each: scores 0, 0, 16
        assertEquals(0, Aggregation.krumIndex(List.of(v(1), v(1), v(5)), 0));
    }

    @Test
    void multiKrumAveragesTheBestScored() {
        // m = n - f = 4 (keep 0): the best four are 0.25, 0.1, 0.3, 0 -> (0 + 0.1 + 0.25 + 0.3) / 4 = 0.1625; 10 is
        // rejected
        Aggregate all = new AggregationRule.MultiKrum(1, 0).apply(GLOBAL, FIVE);
        assertArrayEquals(v(0.1625f), all.weights(), 1e-7f);
        assertEquals(
                List.of(Status.SELECTED, Status.SELECTED, Status.SELECTED, Status.SELECTED, Status.REJECTED),
                all.status());
        // m = 2: 0.25 and 0.1 -> 0.175
        Aggregate two = new AggregationRule.MultiKrum(1, 2).apply(GLOBAL, FIVE);
        assertArrayEquals(v(0.175f), two.weights(), 1e-7f);
        assertEquals(
                List.of(Status.REJECTED, Status.SELECTED, Status.SELECTED, Status.REJECTED, Status.REJECTED),
                two.status());
        // m = 1 is Krum
        assertArrayEquals(
                v(0.25f),
                new AggregationRule.MultiKrum(1, 1).apply(GLOBAL, FIVE).weights());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new AggregationRule.MultiKrum(1, 5).apply(GLOBAL, FIVE));
        assertTrue(e.getMessage().contains("1 <= m <= n - f = 4"), e.getMessage());
    }

    @Test
    void krumNeedsTwoFPlusThreeUpdates() {
        List<ClientUpdate> four = FIVE.subList(0, 4);
        for (AggregationRule r : List.of(new AggregationRule.Krum(1), new AggregationRule.MultiKrum(1, 0))) {
            assertEquals(5, r.minUpdates());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.apply(GLOBAL, four));
            assertTrue(
                    e.getMessage().contains("needs n >= 2f + 3 = 5 updates (Blanchard et al. 2017), got 4"),
                    e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new AggregationRule.Krum(-1));
    }

    @Test
    void robustRulesIgnoreAnOutlierThatFedAvgFollows() {
        List<ClientUpdate> u = updates(v(1, 1), v(1.1f, 0.9f), v(0.9f, 1.1f), v(1000, -1000), v(1.05f, 1));
        assertTrue(new AggregationRule.FedAvg().apply(GLOBAL, u).weights()[0] > 200);
        for (AggregationRule r : List.of(
                new AggregationRule.Krum(1),
                new AggregationRule.MultiKrum(1, 0),
                new AggregationRule.Median(),
                new AggregationRule.TrimmedMean(0.2))) {
            float[] w = r.apply(GLOBAL, u).weights();
            assertTrue(
                    Math.abs(w[0] - 1) < 0.1f && Math.abs(w[1] - 1) < 0.1f,
                    r.title() + ": " + java.util.Arrays.toString(w));
        }
    }

    @Test
    void parseKnowsEveryKey() {
        assertEquals(new AggregationRule.TrimmedMean(0.1), AggregationRule.parse("trimmed-mean", 0.1, 1, 0));
        assertEquals(new AggregationRule.MultiKrum(2, 3), AggregationRule.parse("multi-krum", 0.1, 2, 3));
        for (String k : AggregationRule.KEYS)
            assertEquals(k, AggregationRule.parse(k, 0.1, 1, 0).key());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> AggregationRule.parse("bulyan", 0.1, 1, 0));
        assertTrue(e.getMessage().contains("unknown aggregation rule 'bulyan'"), e.getMessage());
    }
}
