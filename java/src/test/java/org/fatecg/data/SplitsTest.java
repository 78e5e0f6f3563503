package org.fatecg.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.fatecg.tensor.Rng;
import org.junit.jupiter.api.Test;

class SplitsTest {

    /** A small dataset with labels 0,0,0,0,0,0,1,1,2 and records 100,100,101,... (one value per window). */
    static BeatDataset toy(int[] y, int[] rec) {
        int n = y.length;
        float[] x = new float[n * 2];
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            r[i] = 1000 + i;
        }
        return new BeatDataset(x, y, rec, r, 2);
    }

    static void assertPartition(int n, int[]... parts) {
        int[] all = Arrays.stream(parts).flatMapToInt(Arrays::stream).sorted().toArray();
        int[] expect = new int[n];
        for (int i = 0; i < n; i++) expect[i] = i;
        assertArrayEquals(expect, all, "every index exactly once");
    }

    @Test
    void paperRandomSplitHasThePublishedTestSize() {
        BeatDataset ds = TestDb.paper();
        Split s = Splits.random(ds.size(), 0.8, new Rng(0));
        assertEquals(87_574, s.train().length);
        assertEquals(21_894, s.test().length, "the paper's test set had exactly 21,894 beats");
        assertPartition(ds.size(), s.train(), s.test());
        assertArrayEquals(s.test(), Splits.random(ds.size(), 0.8, new Rng(0)).test(), "same seed, same split");
        assertFalse(
                Arrays.equals(
                        s.test(), Splits.random(ds.size(), 0.8, new Rng(1)).test()),
                "another seed, another split");
        // Beat-level: almost every record has beats on both sides (the patient leak PROTOCOL warns of).
        Set<Integer> trainRecs = new HashSet<>(), testRecs = new HashSet<>();
        for (int i : s.train()) trainRecs.add(ds.record(i));
        for (int i : s.test()) testRecs.add(ds.record(i));
        trainRecs.retainAll(testRecs);
        assertEquals(48, trainRecs.size());
    }

    @Test
    void interPatientSplitIsDs1AgainstDs2WithoutPacedRecords() {
        BeatDataset ds = TestDb.paper();
        Split s = Splits.interPatient(ds);
        Set<Integer> tr = new HashSet<>(), te = new HashSet<>();
        for (int i : s.train()) tr.add(ds.record(i));
        for (int i : s.test()) te.add(ds.record(i));
        Set<Integer> ds1 = new HashSet<>(), ds2 = new HashSet<>();
        MitBih.DS1.forEach(r -> ds1.add(Integer.parseInt(r)));
        MitBih.DS2.forEach(r -> ds2.add(Integer.parseInt(r)));
        assertEquals(ds1, tr);
        assertEquals(ds2, te);
        // Measured here; de Chazal et al. list 51,021 and 49,712 beats: the gaps are the beats within 90
        // samples of a record's edge, which fatecg drops.
        assertEquals(51_010, s.train().length);
        assertEquals(49_698, s.test().length);
        assertArrayEquals(new int[] {45_856, 944, 3_788, 414, 8}, ds.classCounts(s.train()), "DS1 N S V F Q");
        assertArrayEquals(new int[] {44_246, 1_837, 3_220, 388, 7}, ds.classCounts(s.test()), "DS2 N S V F Q");
        int paced = 0;
        for (int i = 0; i < ds.size(); i++) if (MitBih.PACED.contains(String.valueOf(ds.record(i)))) paced++;
        assertEquals(ds.size(), s.train().length + s.test().length + paced);
    }

    @Test
    void stratifiedSplitKeepsEachClassFraction() {
        int[] y = new int[1000], rec = new int[1000];
        for (int i = 0; i < 1000; i++) {
            y[i] = i < 700 ? 0 : i < 900 ? 1 : i < 990 ? 2 : i < 997 ? 3 : 4;
            rec[i] = 100;
        }
        BeatDataset ds = toy(y, rec);
        Split s = Splits.stratified(ds, 0.8, new Rng(7));
        assertPartition(1000, s.train(), s.test());
        assertArrayEquals(new int[] {140, 40, 18, 1, 1}, ds.classCounts(s.test()), "round(0.2 * [700, 200, 90, 7, 3])");
        assertArrayEquals(s.train(), Splits.stratified(ds, 0.8, new Rng(7)).train());
        assertThrows(IllegalArgumentException.class, () -> Splits.stratified(ds, 1.0, new Rng(7)));
    }

    @Test
    void oversamplingTilesEachClassUpToTheLargest() {
        BeatDataset ds = toy(new int[] {0, 0, 0, 0, 0, 1, 1, 2, 0}, new int[9]);
        int[] idx = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        int[] o = Splits.oversample(ds, idx);
        assertArrayEquals(new int[] {6, 6, 6, 0, 0}, ds.classCounts(o));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 8, 5, 6, 5, 6, 5, 6, 7, 7, 7, 7, 7, 7}, o);
        BeatDataset big = ds.subset(o);
        assertEquals(18, big.size());
        assertEquals(ds.x(5, 0), big.x(8, 0));
    }
}
