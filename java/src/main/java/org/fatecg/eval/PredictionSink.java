package org.fatecg.eval;

/** Counts (true label, prediction) pairs one at a time; the array forms feed them in order. */
public interface PredictionSink {
    void add(int truth, int pred);

    default void addAll(int[] truth, int[] pred) {
        if (truth.length != pred.length)
            throw new IllegalArgumentException(truth.length + " true labels but " + pred.length + " predictions");
        addAll(truth, pred, 0, truth.length);
    }

    /** Adds samples {@code from} (inclusive) to {@code to} (exclusive) of both arrays, in order. */
    default void addAll(int[] truth, int[] pred, int from, int to) {
        if (from < 0 || to > truth.length || to > pred.length || from > to)
            throw new IndexOutOfBoundsException(
                    "range [" + from + "," + to + ") of arrays of length " + truth.length + " and " + pred.length);
        for (int i = from; i < to; i++) add(truth[i], pred[i]);
    }
}
