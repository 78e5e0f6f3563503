package org.fatecg.data;

import java.util.Arrays;

/**
 * An immutable set of labelled beat windows: what training, federated clients and evaluation consume.
 *
 * <p>Storage is flat and row-major: window i occupies x[i*L .. i*L+L) with L = {@link #windowLength()}
 * (180 for the paper), so a batch copies straight into a (B, 1, L) input tensor. Per window it keeps the
 * AAMI class index y (0..4 = N S V F Q, see {@link Aami}), the MIT-BIH record number (100..234) and the
 * R-peak sample in that record, so a window can always be traced back to its source.
 *
 * <p>Immutable: the constructor copies its arguments, accessors that return arrays return copies, and
 * {@link #subset} builds a new set. Not a data loader: batching order and shuffling belong to the caller.
 */
public final class BeatDataset {
    private final float[] x;
    private final int[] y;
    private final int[] record;
    private final int[] rSample;
    private final int length;

    /**
     * Copies the arrays. {@code x.length} must be {@code y.length * windowLength}; labels must be 0..4.
     */
    public BeatDataset(float[] x, int[] y, int[] record, int[] rSample, int windowLength) {
        this(x.clone(), y.clone(), record.clone(), rSample.clone(), windowLength, true);
    }

    /** Takes ownership of the arrays (package use: the loader and the cache, which made them fresh). */
    BeatDataset(float[] x, int[] y, int[] record, int[] rSample, int windowLength, boolean owned) {
        if (windowLength <= 0)
            throw new IllegalArgumentException("window length must be positive, got " + windowLength);
        int n = y.length;
        if (x.length != (long) n * windowLength || record.length != n || rSample.length != n)
            throw new IllegalArgumentException("inconsistent sizes: x " + x.length + ", y " + n + ", record "
                    + record.length + ", rSample " + rSample.length + ", window length " + windowLength);
        for (int i = 0; i < n; i++)
            if (y[i] < 0 || y[i] >= Aami.COUNT)
                throw new IllegalArgumentException(
                        "label " + y[i] + " at index " + i + " is not a class index 0.." + (Aami.COUNT - 1));
        this.x = x;
        this.y = y;
        this.record = record;
        this.rSample = rSample;
        this.length = windowLength;
    }

    /** Number of windows. */
    public int size() {
        return y.length;
    }

    /** Samples per window (L). */
    public int windowLength() {
        return length;
    }

    /** AAMI class index (0..4) of window i. */
    public int label(int i) {
        return y[i];
    }

    /** MIT-BIH record number of window i (e.g. 100). */
    public int record(int i) {
        return record[i];
    }

    /** Sample index of window i's R peak in its record (the window starts 90 samples earlier for the paper). */
    public int rSample(int i) {
        return rSample[i];
    }

    /** Value t (0..L-1) of window i. */
    public float x(int i, int t) {
        return x[i * length + t];
    }

    /** A copy of window i. */
    public float[] window(int i) {
        return Arrays.copyOfRange(x, i * length, (i + 1) * length);
    }

    /** Copies window i into dst[off .. off+L). */
    public void copyWindow(int i, float[] dst, int off) {
        System.arraycopy(x, i * length, dst, off, length);
    }

    /**
     * Gathers the windows idx[from..to) into dst (row-major, (to-from) x L) and their labels into labels
     * (which may be null): the batch copy the training loop needs.
     */
    public void gather(int[] idx, int from, int to, float[] dst, int[] labels) {
        for (int b = from; b < to; b++) {
            System.arraycopy(x, idx[b] * length, dst, (b - from) * length, length);
            if (labels != null) labels[b - from] = y[idx[b]];
        }
    }

    /** A copy of all labels. */
    public int[] labels() {
        return y.clone();
    }

    /** A copy of all record numbers. */
    public int[] records() {
        return record.clone();
    }

    /** A copy of all R-peak samples. */
    public int[] rSamples() {
        return rSample.clone();
    }

    /** A copy of all windows, row-major (n x L). */
    public float[] windows() {
        return x.clone();
    }

    /** The windows idx[0], idx[1], ... in that order (repeats allowed: that is how oversampling tiles). */
    public BeatDataset subset(int[] idx) {
        int n = idx.length;
        float[] sx = new float[n * length];
        int[] sy = new int[n], sr = new int[n], ss = new int[n];
        for (int k = 0; k < n; k++) {
            int i = idx[k];
            if (i < 0 || i >= y.length)
                throw new IndexOutOfBoundsException(
                        "subset index " + i + " at position " + k + " outside 0.." + (y.length - 1));
            System.arraycopy(x, i * length, sx, k * length, length);
            sy[k] = y[i];
            sr[k] = record[i];
            ss[k] = rSample[i];
        }
        return new BeatDataset(sx, sy, sr, ss, length, true);
    }

    /** Windows per class, indexed 0..4 (N S V F Q). */
    public int[] classCounts() {
        return countLabels(y);
    }

    /** Windows per class of the labels at idx. */
    public int[] classCounts(int[] idx) {
        int[] c = new int[Aami.COUNT];
        for (int i : idx) c[y[i]]++;
        return c;
    }

    static int[] countLabels(int[] labels) {
        int[] c = new int[Aami.COUNT];
        for (int v : labels) c[v]++;
        return c;
    }

    /** The distinct record numbers present, ascending. */
    public int[] recordIds() {
        return Arrays.stream(record).distinct().sorted().toArray();
    }

    /** Package access to the backing arrays for the cache writer (read only). */
    float[] xView() {
        return x;
    }

    int[] yView() {
        return y;
    }

    int[] recordView() {
        return record;
    }

    int[] rSampleView() {
        return rSample;
    }
}
