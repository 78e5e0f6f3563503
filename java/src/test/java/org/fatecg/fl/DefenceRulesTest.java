package org.fatecg.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.fatecg.fl.Aggregate.Status;
import org.junit.jupiter.api.Test;

/** Bulyan, norm clipping, FLTrust and the server optimisers against numbers worked out by hand. */
class DefenceRulesTest {
    private static List<ClientUpdate> updates(float[]... w) {
        List<ClientUpdate> out = new ArrayList<>();
        for (int i = 0; i < w.length; i++) out.add(new ClientUpdate(i, w[i], 1));
        return out;
    }

    private static float[] v(float... x) {
        return x;
    }

    @Test
    void bulyanSelectsByRepeatedKrumThenAveragesNearTheMedian() {
        // n = 7, f = 1 (n >= 4f + 3), theta = 5, beta = 3. Values 0 1 5 6 7 100 -50.
        // Krum, 4 neighbours: scores 111 78 46 63 90 ... -> 5 (index 2) wins.
        // Pool {0,1,6,7,100,-50}, 3 neighbours: 86 62 62 86 -> tie, index 1 (value 1).
        // Pool {0,6,7,100,-50}, 2 neighbours: 85 37 50 -> index 3 (6).
        // Pool {0,7,100,-50}, 1 neighbour: 49 49 8649 2500 -> index 0. Pool {7,100,-50}: 0 neighbours, index 4.
        // Selected {0,1,5,6,7}: median 5, the 3 nearest are 5, 6, 7 -> 6.
        List<ClientUpdate> u = updates(v(0), v(1), v(5), v(6), v(7), v(100), v(-50));
        assertArrayEquals(new int[] {2, 1, 3, 0, 4}, RobustAggregation.bulyanSelection(DefenceRules.weights(u), 1));
        Aggregate a = new DefenceRules.Bulyan(1).apply(new float[1], u);
        assertEquals(6f, a.weights()[0], 1e-6f);
        assertEquals(
                List.of(
                        Status.SELECTED,
                        Status.SELECTED,
                        Status.SELECTED,
                        Status.SELECTED,
                        Status.SELECTED,
                        Status.REJECTED,
                        Status.REJECTED),
                a.status());
    }

    @Test
    void bulyanNeedsFourFPlusThree() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new DefenceRules.Bulyan(1).apply(new float[1], updates(v(0), v(1), v(2), v(3), v(4), v(5))));
        assertTrue(e.getMessage().contains("4f + 3 = 7"), e.getMessage());
        assertEquals(11, new DefenceRules.Bulyan(2).minUpdates());
    }

    @Test
    void normClipScalesLongUpdatesThenAverages() {
        // g = (1, 1); updates d = (3,4) |5|, (0,1) |1|, (0,-2) |2|. tau 2: (3,4) -> (1.2, 1.6), the rest kept.
        // Mean of d: (1.2/3, (1.6 + 1 - 2)/3) = (0.4, 0.2), plus g.
        float[] g = v(1, 1);
        List<ClientUpdate> u = updates(v(4, 5), v(1, 2), v(1, -1));
        for (double tau : new double[] {2, 0}) { // 0: the median norm, which is 2 here
            Aggregate a = new DefenceRules.NormClip(tau).apply(g, u);
            assertEquals(1.4f, a.weights()[0], 1e-6f);
            assertEquals(1.2f, a.weights()[1], 1e-6f);
            assertEquals(List.of(Status.CLIPPED, Status.SELECTED, Status.SELECTED), a.status());
        }
        assertThrows(IllegalArgumentException.class, () -> new DefenceRules.NormClip(-1));
    }

    @Test
    void flTrustWeightsByCosineToTheRootUpdateAndRescales() {
        // g = (1,1), root update g0 = (1,0) (norm 1). Client updates d:
        // (2,0): cos 1, rescaled (1,0), longer than g0 -> CLIPPED; (0,3): cos 0 -> REJECTED;
        // (1,1): cos 1/sqrt2, rescaled (1,1)/sqrt2, weighted (0.5,0.5) -> CLIPPED; (-1,0): cos -1 -> REJECTED;
        // (0.5,0): cos 1, rescaled (1,0) -> SELECTED (scaled up).
        // Sum (2.5, 0.5) over trust 2 + 1/sqrt2 = 2.70711 -> (0.923495, 0.184699), plus g.
        float[] g = v(1, 1);
        List<ClientUpdate> u = updates(v(3, 1), v(1, 4), v(2, 2), v(0, 1), v(1.5f, 1));
        Aggregate a = new DefenceRules.FlTrust(global -> v(global[0] + 1, global[1]), 1).apply(g, u);
        assertEquals(1.923495f, a.weights()[0], 1e-6f);
        assertEquals(1.184699f, a.weights()[1], 1e-6f);
        assertEquals(
                List.of(Status.CLIPPED, Status.REJECTED, Status.CLIPPED, Status.REJECTED, Status.SELECTED), a.status());
        // Nobody trusted: the global weights stay.
        Aggregate none =
                new DefenceRules.FlTrust(global -> v(global[0] + 1, global[1]), 1).apply(g, updates(v(0, 1), v(1, 1)));
        assertArrayEquals(g, none.weights());
    }

    @Test
    void serverOptimisersFollowReddiEtAl() {
        // Round 1: Delta = 1 from x = 0, m = 0.1, v0 = tau^2 = 1e-6.
        //   Adam v = 0.99e-6 + 0.01 ; Yogi v = 1e-6 + 0.01 ; Adagrad v = 1e-6 + 1 ; x = 0.1 m / (sqrt v + 1e-3).
        // Round 2: Delta = 0, m = 0.09; Adam v *= 0.99, Yogi and Adagrad v unchanged.
        double[][] expected = {{0.0990050489, 0.1885540187}, {0.0990049999, 0.1881094998}, {0.0099900050, 0.0189810095}
        };
        ServerOptimizer.Kind[] kinds = {
            ServerOptimizer.Kind.ADAM, ServerOptimizer.Kind.YOGI, ServerOptimizer.Kind.ADAGRAD
        };
        for (int k = 0; k < kinds.length; k++) {
            ServerOptimizer opt = ServerOptimizer.of(kinds[k], 0.1);
            float[] x1 = opt.apply(v(0), updates(v(1))).weights();
            assertEquals(expected[k][0], x1[0], 1e-7, kinds[k].name());
            float[] x2 = opt.apply(x1, updates(x1.clone())).weights();
            assertEquals(expected[k][1], x2[0], 1e-6, kinds[k].name());
        }
    }

    @Test
    void cosineAndNormsOfUpdates() {
        float[] g = v(1, 1);
        assertEquals(5.0, RobustAggregation.updateNorms(g, List.of(v(4, 5)))[0], 1e-12);
        assertEquals(0.0, RobustAggregation.cosine(v(2, 1), v(1, 2), g), 1e-12); // (1,0) . (0,1)
        assertEquals(-1.0, RobustAggregation.cosine(v(2, 1), v(0, 1), g), 1e-12);
        assertEquals(0.0, RobustAggregation.cosine(g, v(0, 1), g), 0); // a zero update
    }
}
