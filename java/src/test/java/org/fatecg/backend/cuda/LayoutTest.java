package org.fatecg.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The host-side shape arithmetic of the strided kernels, on hand-worked shapes. */
class LayoutTest {
    @Test
    void contiguousDimensionsMergeAndOnesDrop() {
        // out (2, 1, 3, 4) contiguous; a contiguous; b broadcast over dim 0: strides (0, 0, 4, 1).
        int[] shape = {2, 1, 3, 4};
        Layout l = Layout.coalesce(shape, Layout.contiguous(shape), new int[] {12, 12, 4, 1}, new int[] {0, 0, 4, 1});
        assertArrayEquals(new int[] {2, 12}, l.shape);
        assertArrayEquals(new int[] {12, 1}, l.strides[0]);
        assertArrayEquals(new int[] {12, 1}, l.strides[1]);
        assertArrayEquals(new int[] {0, 1}, l.strides[2]);
    }

    @Test
    void aTransposeDoesNotMerge() {
        Layout l = Layout.coalesce(new int[] {5, 7}, new int[] {7, 1}, new int[] {1, 5});
        assertArrayEquals(new int[] {5, 7}, l.shape);
        assertArrayEquals(new int[] {1, 5}, l.strides[1]);
    }

    @Test
    void aScalarHasRankZero() {
        Layout l = Layout.coalesce(new int[] {1, 1}, new int[] {1, 1}, new int[] {0, 0});
        assertEquals(0, l.shape.length);
        assertEquals(1, Layout.count(new int[0]));
    }

    @Test
    void sumToSplitsKeptAndReducedDimensions() {
        // in (6, 7, 9) summed to (1, 7, 1): keep the middle, reduce outer and inner.
        int[] in = {6, 7, 9};
        int[][] s =
                Layout.coalesce(in, Layout.contiguous(in), new int[] {0, 1, 0}).splitKeptReduced();
        assertArrayEquals(new int[] {7}, s[0]);
        assertArrayEquals(new int[] {9}, s[1]);
        assertArrayEquals(new int[] {1}, s[2]);
        assertArrayEquals(new int[] {6, 9}, s[3]);
        assertArrayEquals(new int[] {63, 1}, s[4]);
        // (4, 5, 6) summed over the middle to (4, 1, 6): the kept dims stay separate, out strides (6, 1).
        int[] in2 = {4, 5, 6};
        int[][] t = Layout.coalesce(in2, Layout.contiguous(in2), new int[] {6, 0, 1})
                .splitKeptReduced();
        assertArrayEquals(new int[] {4, 6}, t[0]);
        assertArrayEquals(new int[] {30, 1}, t[1]);
        assertArrayEquals(new int[] {6, 1}, t[2]);
        assertArrayEquals(new int[] {5}, t[3]);
        assertArrayEquals(new int[] {6}, t[4]);
    }

    @Test
    void mismatchedStridesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Layout.coalesce(new int[] {2, 3}, new int[] {3}));
    }
}
