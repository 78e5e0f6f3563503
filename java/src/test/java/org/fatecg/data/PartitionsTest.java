package org.fatecg.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.fatecg.tensor.Rng;
import org.junit.jupiter.api.Test;

class PartitionsTest {

    @Test
    void shardsAreContiguousAndNearEqual() {
        int[] order = new int[23];
        for (int i = 0; i < 23; i++) order[i] = 22 - i;
        int[][] s = Partitions.shards(order, 5);
        assertArrayEquals(new int[] {22, 21, 20, 19, 18}, s[0]);
        assertArrayEquals(new int[] {17, 16, 15, 14, 13}, s[1]);
        assertArrayEquals(new int[] {12, 11, 10, 9, 8}, s[2]);
        assertArrayEquals(new int[] {7, 6, 5, 4}, s[3]);
        assertArrayEquals(new int[] {3, 2, 1, 0}, s[4]);
        assertThrows(IllegalArgumentException.class, () -> Partitions.shards(order, 24));
    }

    @Test
    void paperIidShardsOfTheTrainingSet() {
        BeatDataset ds = TestDb.paper();
        int[] train = Splits.random(ds.size(), 0.8, new Rng(42)).train();
        int[][] c = Partitions.iid(train, 10, new Rng(43));
        SplitsTest.assertPartition(train.length, sorted(c, train));
        for (int k = 0; k < 10; k++) assertEquals(k < 4 ? 8758 : 8757, c[k].length, "87,574 = 4 x 8758 + 6 x 8757");
        // IID: each shard's N share is within 2 points of the whole training set's.
        double nShare = (double) ds.classCounts(train)[0] / train.length;
        for (int[] shard : c) assertEquals(nShare, (double) ds.classCounts(shard)[0] / shard.length, 0.02);
        assertArrayEquals(c[3], Partitions.iid(train, 10, new Rng(43))[3], "deterministic");
    }

    /** Maps client indices back to positions in train, so coverage can be checked as 0..n-1. */
    private static int[][] sorted(int[][] clients, int[] train) {
        Map<Integer, Integer> pos = new HashMap<>();
        for (int i = 0; i < train.length; i++) pos.put(train[i], i);
        int[][] out = new int[clients.length][];
        for (int c = 0; c < clients.length; c++)
            out[c] = java.util.Arrays.stream(clients[c]).map(pos::get).toArray();
        return out;
    }

    @Test
    void byPatientKeepsEveryRecordOnOneClient() {
        BeatDataset ds = TestDb.paper();
        int[] train = Splits.interPatient(ds).train();
        int[][] c = Partitions.byPatient(ds, train, 10, new Rng(5));
        SplitsTest.assertPartition(train.length, sorted(c, train));
        Map<Integer, Integer> owner = new HashMap<>();
        for (int k = 0; k < c.length; k++)
            for (int i : c[k]) {
                Integer prev = owner.put(ds.record(i), k);
                assertTrue(prev == null || prev == k, "record " + ds.record(i) + " on clients " + prev + " and " + k);
            }
        assertEquals(22, owner.size());
        for (int[] client : c) assertTrue(client.length > 0);
        assertThrows(IllegalArgumentException.class, () -> Partitions.byPatient(ds, train, 23, new Rng(5)));
    }

    @Test
    void dirichletSkewGrowsAsAlphaShrinks() {
        BeatDataset ds = TestDb.paper();
        int[] train = Splits.random(ds.size(), 0.8, new Rng(1)).train();
        double[] spread = new double[2];
        double[] alphas = {0.1, 100};
        for (int a = 0; a < 2; a++) {
            int[][] c = Partitions.dirichlet(ds, train, 10, alphas[a], new Rng(9));
            SplitsTest.assertPartition(train.length, sorted(c, train));
            // Mean total-variation distance between a client's class mix and the global one.
            int[] g = ds.classCounts(train);
            double tv = 0;
            for (int[] client : c) {
                int[] cc = ds.classCounts(client);
                double d = 0;
                for (int k = 0; k < 5; k++)
                    d += Math.abs((double) cc[k] / client.length - (double) g[k] / train.length);
                tv += d / 2;
            }
            spread[a] = tv / c.length;
        }
        assertTrue(spread[0] > 0.3, "alpha 0.1 is strongly skewed: " + spread[0]);
        assertTrue(spread[1] < 0.05, "alpha 100 is near IID: " + spread[1]);
        assertThrows(IllegalArgumentException.class, () -> Partitions.dirichlet(ds, train, 10, 0, new Rng(1)));
    }
}
