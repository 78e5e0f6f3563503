package org.fatecg.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

    // Classes 0..4 = N S V F Q. Q (4) is absent and never predicted; F (3) is present, never predicted.
    static final int[] TRUTH = {0, 0, 0, 0, 1, 1, 2, 2, 2, 3};
    static final int[] PRED = {0, 0, 1, 0, 1, 0, 2, 2, 0, 2};

    @Test
    void countsAndDerivedPerClassCounts() {
        ConfusionMatrix cm = ConfusionMatrix.of(TRUTH, PRED, 5);
        long[][] expected = {
            {3, 1, 0, 0, 0},
            {1, 1, 0, 0, 0},
            {1, 0, 2, 0, 0},
            {0, 0, 1, 0, 0},
            {0, 0, 0, 0, 0},
        };
        for (int t = 0; t < 5; t++) {
            assertArrayEquals(expected[t], cm.toArray()[t], "row " + t);
        }
        assertEquals(10, cm.total());
        assertEquals(6, cm.correct());
        assertEquals(0.6, cm.accuracy(), 1e-15);
        // Class 0: TP 3, FP 2 (one S, one V called N), FN 1, TN 10 - 4 - 5 + 3 = 4.
        assertEquals(3, cm.truePositives(0));
        assertEquals(2, cm.falsePositives(0));
        assertEquals(1, cm.falseNegatives(0));
        assertEquals(4, cm.trueNegatives(0));
        assertEquals(4, cm.support(0));
        assertEquals(5, cm.predicted(0));
        assertEquals(1, cm.support(3));
        assertEquals(0, cm.predicted(3));
        assertEquals(9, cm.trueNegatives(3));
        assertEquals(10, cm.trueNegatives(4));
    }

    @Test
    void rowNormalisedRowsSumToOneOrStayZero() {
        double[][] r = ConfusionMatrix.of(TRUTH, PRED, 5).rowNormalised();
        assertArrayEquals(new double[] {0.75, 0.25, 0, 0, 0}, r[0], 1e-15);
        assertArrayEquals(new double[] {1.0 / 3, 0, 2.0 / 3, 0, 0}, r[2], 1e-15);
        assertArrayEquals(new double[] {0, 0, 0, 0, 0}, r[4], 0.0);
    }

    @Test
    void rangesMergeAndClear() {
        ConfusionMatrix a = new ConfusionMatrix(5);
        a.addAll(TRUTH, PRED, 0, 4);
        ConfusionMatrix b = new ConfusionMatrix(5);
        b.addAll(TRUTH, PRED, 4, 10);
        a.addAll(b);
        ConfusionMatrix whole = ConfusionMatrix.of(TRUTH, PRED, 5);
        for (int t = 0; t < 5; t++) {
            assertArrayEquals(whole.toArray()[t], a.toArray()[t]);
        }
        assertEquals(10, a.total());
        a.clear();
        assertEquals(0, a.total());
        assertEquals(0, a.count(0, 0));
        assertEquals(0.0, a.accuracy());
    }

    @Test
    void rejectsBadInput() {
        ConfusionMatrix cm = new ConfusionMatrix(5);
        assertThrows(IllegalArgumentException.class, () -> cm.add(5, 0));
        assertThrows(IllegalArgumentException.class, () -> cm.add(0, -1));
        assertThrows(IllegalArgumentException.class, () -> cm.addAll(new int[2], new int[3]));
        assertThrows(IndexOutOfBoundsException.class, () -> cm.addAll(new int[2], new int[2], 1, 3));
        assertThrows(IllegalArgumentException.class, () -> cm.addAll(new ConfusionMatrix(4)));
        assertThrows(IllegalArgumentException.class, () -> new ConfusionMatrix(0));
    }

    @Test
    void addAllocatesNothing() {
        ConfusionMatrix cm = new ConfusionMatrix(5);
        BatchAveragedMacro bam = new BatchAveragedMacro(5, 32);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int rep = 0; rep < 2; rep++) { // the first pass warms up class loading
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 100_000; i++) {
                cm.add(i % 5, (i * 7) % 5);
                bam.add(i % 5, (i * 3) % 5);
            }
            long allocated = mx.getThreadAllocatedBytes(tid) - before;
            if (rep == 1) {
                assertTrue(allocated < 4096, "100k adds allocated " + allocated + " bytes");
            }
        }
        assertEquals(200_000, cm.total());
    }
}
