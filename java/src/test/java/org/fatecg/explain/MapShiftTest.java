package org.fatecg.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Correlation and top-20% overlap on maps small enough to count by hand. */
class MapShiftTest {
    @Test
    void correlationByHand() {
        float[] a = {1, 2, 3, 4, 5};
        assertEquals(1.0, MapShift.correlation(a, new float[] {3, 5, 7, 9, 11}), 1e-12);
        assertEquals(-1.0, MapShift.correlation(a, new float[] {5, 4, 3, 2, 1}), 1e-12);
        // deviations (-2,-1,0,1,2) and (1,-1,0,-1,1): sum of products -2+1+0-1+2 = 0
        assertEquals(0.0, MapShift.correlation(a, new float[] {2, 0, 1, 0, 2}), 1e-12);
        assertEquals(0.0, MapShift.correlation(a, new float[] {7, 7, 7, 7, 7}), 0.0, "a flat map");
    }

    @Test
    void topTwentyPercentOverlapByHand() {
        // 10 samples: the top 2 of a are samples 8 and 9; of b, samples 9 and 0 -> one shared of two
        float[] a = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] b = {8, 1, 2, 3, 4, 5, 6, 7, 0, 9};
        assertEquals(0.5, MapShift.topOverlap(a, b), 1e-12);
        assertEquals(1.0, MapShift.topOverlap(a, a), 1e-12);
        // 11 samples: ceil(2.2) = 3 in the top set
        float[] c = {0, 0, 0, 0, 0, 0, 0, 0, 3, 2, 1}, d = {3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0};
        assertEquals(0.0, MapShift.topOverlap(c, d), 1e-12);
    }

    @Test
    void perClassAveragesAndTheOverallRow() {
        float[][] clean = {{1, 2, 3, 4, 5}, {1, 2, 3, 4, 5}, {1, 2, 3, 4, 5}};
        float[][] adv = {{1, 2, 3, 4, 5}, {5, 4, 3, 2, 1}, {2, 0, 1, 0, 2}};
        MapShift.PerClass p = MapShift.perClass(clean, adv, new int[] {0, 0, 2}, 3);
        assertEquals(2, p.count()[0]);
        assertEquals(0.0, p.correlation()[0], 1e-12); // (1 + -1) / 2
        assertEquals(Double.NaN, p.correlation()[1]);
        assertEquals(0.0, p.correlation()[2], 1e-12);
        assertEquals(0.0, p.correlation()[3], 1e-12); // (1 - 1 + 0) / 3
        assertEquals(3, p.count()[3]);
    }
}
