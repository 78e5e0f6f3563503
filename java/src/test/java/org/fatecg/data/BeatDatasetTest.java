package org.fatecg.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BeatDatasetTest {
    private static BeatDataset three() {
        return new BeatDataset(
                new float[] {1, 2, 3, 4, 5, 6},
                new int[] {0, 2, 2},
                new int[] {100, 100, 232},
                new int[] {400, 900, 95},
                2);
    }

    @Test
    void accessorsSubsetGatherAndCounts() {
        BeatDataset ds = three();
        assertEquals(3, ds.size());
        assertEquals(2, ds.windowLength());
        assertEquals(4f, ds.x(1, 1));
        assertArrayEquals(new float[] {5, 6}, ds.window(2));
        assertArrayEquals(new int[] {1, 0, 2, 0, 0}, ds.classCounts());
        assertArrayEquals(new int[] {100, 232}, ds.recordIds());
        BeatDataset s = ds.subset(new int[] {2, 0, 2});
        assertArrayEquals(new float[] {5, 6, 1, 2, 5, 6}, s.windows());
        assertArrayEquals(new int[] {2, 0, 2}, s.labels());
        assertArrayEquals(new int[] {232, 100, 232}, s.records());
        assertArrayEquals(new int[] {95, 400, 95}, s.rSamples());
        float[] batch = new float[4];
        int[] labels = new int[2];
        ds.gather(new int[] {0, 2, 1}, 1, 3, batch, labels);
        assertArrayEquals(new float[] {5, 6, 3, 4}, batch);
        assertArrayEquals(new int[] {2, 2}, labels);
        assertThrows(IndexOutOfBoundsException.class, () -> ds.subset(new int[] {3}));
    }

    @Test
    void isImmutableAndValidated() {
        float[] x = {1, 2};
        int[] y = {1};
        BeatDataset ds = new BeatDataset(x, y, new int[] {100}, new int[] {7}, 2);
        x[0] = 99;
        y[0] = 4;
        ds.windows()[1] = 42;
        ds.labels()[0] = 3;
        assertEquals(1f, ds.x(0, 0));
        assertEquals(2f, ds.x(0, 1));
        assertEquals(1, ds.label(0));
        assertThrows(
                IllegalArgumentException.class,
                () -> new BeatDataset(new float[3], new int[1], new int[1], new int[1], 2));
        assertThrows(
                IllegalArgumentException.class,
                () -> new BeatDataset(new float[2], new int[] {5}, new int[1], new int[1], 2));
    }
}
