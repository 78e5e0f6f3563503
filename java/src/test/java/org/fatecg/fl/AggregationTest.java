package org.fatecg.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AggregationTest {
    private static float[] v(float... x) {
        return x;
    }

    @Test
    void fedAvgWeightsBySampleCount() {
        // (1*1 + 3*1 + 5*2) / 4 = 3.5 ; (2 + 4 + 12) / 4 = 4.5
        float[] g = Aggregation.fedAvg(List.of(v(1, 2), v(3, 4), v(5, 6)), new long[] {1, 1, 2});
        assertArrayEquals(v(3.5f, 4.5f), g);
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
    void fedAvgRejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> Aggregation.fedAvg(List.of(v(1), v(2)), new long[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Aggregation.fedAvg(List.of(v(1), v(2, 3)), new long[] {1, 1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Aggregation.fedAvg(List.of(v(1)), new long[] {0}));
        assertTrue(e.getMessage().contains("sample count 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Aggregation.fedAvg(List.of(), new long[0]));
    }

    @Test
    void medianPerCoordinate() {
        // columns: {1,2,5} -> 2 ; {10,0,5} -> 5 ; {3,3,5} -> 3
        assertArrayEquals(v(2, 5, 3), Aggregation.median(List.of(v(1, 10, 3), v(2, 0, 3), v(5, 5, 5))));
        // even count: mean of the two middle values, (1 + 4) / 2 and (-1 + 0) / 2
        assertArrayEquals(v(2.5f, -0.5f), Aggregation.median(List.of(v(1, 0), v(4, -1))));
    }

    @Test
    void trimmedMeanDropsTheExtremes() {
        // beta 0.2 of 5 drops one from each end: {1,2,3,4,100} -> (2+3+4)/3 = 3 ; {-50,0,0,3,6} -> (0+0+3)/3 = 1
        List<float[]> u = List.of(v(100, 0), v(2, -50), v(3, 6), v(1, 3), v(4, 0));
        assertArrayEquals(v(3, 1), Aggregation.trimmedMean(u, 0.2));
        // beta 0 is the plain mean: (100+2+3+1+4)/5 = 22
        assertEquals(22f, Aggregation.trimmedMean(u, 0.0)[0]);
        assertThrows(IllegalArgumentException.class, () -> Aggregation.trimmedMean(u, 0.5));
    }

    @Test
    void krumPicksTheMostCentralUpdate() {
        // 1-d updates 0, 0.1, 0.25, 10 with f = 0: each scores its k - f - 2 = 2 nearest squared distances.
        // 0: 0.01 + 0.0625 = 0.0725 ; 0.1: 0.01 + 0.0225 = 0.0325 ; 0.25: 0.0225 + 0.0625 = 0.085 ; 10: > 90
        List<float[]> u = List.of(v(0), v(0.1f), v(0.25f), v(10));
        assertEquals(1, Aggregation.krumIndex(u, 0));
        assertArrayEquals(v(0.1f), Aggregation.krum(u, 0));
        // f = 1 leaves one neighbour: 0 -> 0.01, 0.1 -> 0.01 (tie: lowest index wins), 0.25 -> 0.0225
        assertEquals(0, Aggregation.krumIndex(u, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Aggregation.krumIndex(u, 2));
        assertTrue(e.getMessage().contains("at least f + 3 = 5"), e.getMessage());
    }

    @Test
    void krumIgnoresAnOutlierThatFedAvgFollows() {
        List<float[]> u = List.of(v(1, 1), v(1.1f, 0.9f), v(0.9f, 1.1f), v(1000, -1000));
        float[] avg = Aggregation.fedAvg(u, new long[] {1, 1, 1, 1});
        assertTrue(avg[0] > 200);
        float[] k = Aggregation.krum(u, 1);
        assertTrue(Math.abs(k[0] - 1) < 0.2f && Math.abs(k[1] - 1) < 0.2f);
        float[] m = Aggregation.median(u);
        assertArrayEquals(v(1.05f, 0.95f), m, 1e-6f);
    }
}
