/*
 * ConfusionMatrix: counts of (true class, predicted class) pairs for a K-class classifier, and the
 * per-class counts derived from them (TP, FP, FN, TN, support). It is an accumulator: feed it one
 * sample, an array, or a range of an array at a time, without allocating. It computes no rates
 * beyond accuracy; precision, recall, F1 and their averages live in Metrics.
 */
package org.fatecg.eval;

import java.util.Locale;

/**
 * A K x K confusion matrix: {@code count(t, p)} is the number of samples of true class t that were
 * predicted as class p. Rows are truth, columns are predictions (the sklearn / torchmetrics layout).
 *
 * <p>For a class c, with M the matrix and n the total:
 * TP = M[c][c]; FN = row sum - TP (class c missed); FP = column sum - TP (others called c);
 * TN = n - TP - FN - FP; support = row sum.
 *
 * <p>Not thread-safe; give each thread its own matrix and {@link #addAll(ConfusionMatrix) merge}.
 */
public final class ConfusionMatrix implements PredictionSink {

    private final int k;
    private final long[] m; // (K, K) row-major: m[t * K + p]
    private long total;

    public ConfusionMatrix(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("need at least one class, got " + numClasses);
        }
        this.k = numClasses;
        this.m = new long[numClasses * numClasses];
    }

    /** The matrix of {@code truth[i]} against {@code pred[i]} over all i. */
    public static ConfusionMatrix of(int[] truth, int[] pred, int numClasses) {
        ConfusionMatrix cm = new ConfusionMatrix(numClasses);
        cm.addAll(truth, pred);
        return cm;
    }

    /** Counts one sample. Labels outside [0, K) are an error, not silently ignored. */
    @Override
    public void add(int truth, int pred) {
        checkLabels(truth, pred);
        m[truth * k + pred]++;
        total++;
    }

    /** Counts {@code n >= 0} samples of one (truth, prediction) cell at once, as when a matrix is read back. */
    public void add(int truth, int pred, long n) {
        if (n < 0) throw new IllegalArgumentException("a count cannot be negative: " + n);
        checkLabels(truth, pred);
        m[truth * k + pred] = Math.addExact(m[truth * k + pred], n);
        total = Math.addExact(total, n);
    }

    private void checkLabels(int truth, int pred) {
        if (truth < 0 || truth >= k || pred < 0 || pred >= k) {
            throw new IllegalArgumentException(
                    "label out of range [0," + k + "): truth " + truth + ", prediction " + pred);
        }
    }

    /** Adds another matrix's counts (same class count), e.g. to merge per-thread or per-batch results. */
    public void addAll(ConfusionMatrix other) {
        if (other.k != k) {
            throw new IllegalArgumentException("class counts differ: " + k + " and " + other.k);
        }
        for (int i = 0; i < m.length; i++) {
            m[i] += other.m[i];
        }
        total += other.total;
    }

    /** Resets every count to zero, keeping the storage. */
    public void clear() {
        java.util.Arrays.fill(m, 0L);
        total = 0;
    }

    public int numClasses() {
        return k;
    }

    public long count(int truth, int pred) {
        return m[truth * k + pred];
    }

    public long total() {
        return total;
    }

    /** Samples of class c: the row sum. */
    public long support(int c) {
        long s = 0;
        for (int p = 0; p < k; p++) {
            s += m[c * k + p];
        }
        return s;
    }

    /** Samples predicted as class c: the column sum. */
    public long predicted(int c) {
        long s = 0;
        for (int t = 0; t < k; t++) {
            s += m[t * k + c];
        }
        return s;
    }

    public long truePositives(int c) {
        return m[c * k + c];
    }

    public long falsePositives(int c) {
        return predicted(c) - truePositives(c);
    }

    public long falseNegatives(int c) {
        return support(c) - truePositives(c);
    }

    public long trueNegatives(int c) {
        return total - support(c) - predicted(c) + truePositives(c);
    }

    /** Trace: the correctly classified samples. */
    public long correct() {
        long s = 0;
        for (int c = 0; c < k; c++) {
            s += m[c * k + c];
        }
        return s;
    }

    /** correct / total; 0 for an empty matrix (torchmetrics' zero_division = 0). */
    public double accuracy() {
        return total == 0 ? 0.0 : (double) correct() / total;
    }

    /** A copy of the counts as [truth][prediction]. */
    public long[][] toArray() {
        long[][] a = new long[k][k];
        for (int t = 0; t < k; t++) {
            System.arraycopy(m, t * k, a[t], 0, k);
        }
        return a;
    }

    /**
     * Each row divided by its sum: entry [t][p] is the fraction of class t predicted as p, so the
     * diagonal is per-class recall. A row with no samples stays all zero.
     */
    public double[][] rowNormalised() {
        double[][] a = new double[k][k];
        for (int t = 0; t < k; t++) {
            long s = support(t);
            for (int p = 0; s > 0 && p < k; p++) {
                a[t][p] = (double) m[t * k + p] / s;
            }
        }
        return a;
    }

    /** A plain-text table, rows = truth, columns = prediction, labelled 0..K-1. */
    @Override
    public String toString() {
        int w = Math.max(3, Long.toString(total).length());
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-6s", "t\\p"));
        for (int p = 0; p < k; p++) {
            sb.append(String.format(Locale.ROOT, " %" + w + "d", p));
        }
        for (int t = 0; t < k; t++) {
            sb.append('\n').append(String.format(Locale.ROOT, "%-6d", t));
            for (int p = 0; p < k; p++) {
                sb.append(String.format(Locale.ROOT, " %" + w + "d", m[t * k + p]));
            }
        }
        return sb.toString();
    }
}
