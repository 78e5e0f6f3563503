package org.fatecg.data;

/**
 * A class-balanced stream of beats for testing, as Ma and Liang (2020) evaluated: k beats of every class
 * present, each class's beats taken in their given order and repeated cyclically when the class has fewer
 * than k (so with k = the largest class count this is {@link Splits#oversample}). Grouped by class (N first).
 */
public final class BalancedSample {
    private BalancedSample() {}

    public static int[] perClass(BeatDataset ds, int[] idx, int k) {
        if (k < 1) throw new IllegalArgumentException("beats per class must be >= 1, got " + k);
        int[] counts = ds.classCounts(idx);
        int present = 0;
        for (int c : counts) if (c > 0) present++;
        int[] out = new int[present * k];
        int at = 0;
        for (int c = 0; c < Aami.COUNT; c++) {
            if (counts[c] == 0) continue;
            int[] members = new int[counts[c]];
            int m = 0;
            for (int i : idx) if (ds.label(i) == c) members[m++] = i;
            for (int j = 0; j < k; j++) out[at++] = members[j % members.length];
        }
        return out;
    }

    /** The largest class count among idx (k for the full balanced stream). */
    public static int largestClass(BeatDataset ds, int[] idx) {
        int max = 0;
        for (int c : ds.classCounts(idx)) max = Math.max(max, c);
        return max;
    }
}
