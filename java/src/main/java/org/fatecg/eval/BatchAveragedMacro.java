/*
 * BatchAveragedMacro: the "as published" macro precision, recall and F1 of Çelik and Güllü (2025). The
 * published evaluation computed torchmetrics' macro scores on each test batch of 32 and averaged
 * those batch values; this class reproduces that, streaming, so that a runner can feed predictions
 * in whatever chunks it evaluates. It is reported beside, never instead of, Metrics' dataset-level
 * values, which are the correct ones. Accuracy is not averaged here: it is taken over the whole set.
 */
package org.fatecg.eval;

/**
 * Streaming batch-averaged macro metrics.
 *
 * <p>Samples are cut into consecutive batches of {@code batchSize} in the order they are added
 * (the published test loader did not shuffle, so order is the test-set order), independently of
 * how the caller chunks its calls. For batch b, with per-class counts from that batch alone:
 * <pre>
 *   P_b = mean over c in A_b of precision_c      A_b = { c : TP_c + FP_c + FN_c > 0 }
 *   R_b = mean over c in A_b of recall_c
 *   F_b = mean over c in A_b of F1_c
 * </pre>
 * i.e. torchmetrics 1.4 {@code multiclass_precision/recall/f1_score(average="macro",
 * zero_division=0)} on the batch: a class with neither samples nor predictions in the batch is left
 * out of that batch's mean, while a class with samples but never predicted (precision 0/0 = 0) or
 * predicted but without samples (recall 0/0 = 0) stays in with its 0. The result is
 * {@code (1/B) sum_b P_b} (likewise R, F) over all B batches, each batch weighing the same, the
 * last partial batch included, as a mean of per-batch values does.
 *
 * <p>Because most batches of 32 hold no F or Q beat, rare classes that are missed drag the
 * dataset-level macro down but mostly vanish from the batch means: the two variants can differ by
 * several points.
 *
 * <p>{@link #add} allocates nothing. Not thread-safe.
 */
public final class BatchAveragedMacro implements PredictionSink {

    /** Batch-averaged macro values and the number of batches they average. Fractions in [0, 1]. */
    public record Result(double precision, double recall, double f1, long batches) {}

    private final int k;
    private final int batchSize;
    private final ConfusionMatrix batch; // counts of the current batch
    private final double[] macro = new double[3]; // scratch: P, R, F1 of one batch
    private int inBatch;
    private double sumP;
    private double sumR;
    private double sumF;
    private long batches;

    public BatchAveragedMacro(int numClasses, int batchSize) {
        if (numClasses < 1 || batchSize < 1) {
            throw new IllegalArgumentException(
                    "need numClasses >= 1 and batchSize >= 1, got " + numClasses + ", " + batchSize);
        }
        this.k = numClasses;
        this.batchSize = batchSize;
        this.batch = new ConfusionMatrix(numClasses);
    }

    public int batchSize() {
        return batchSize;
    }

    /** Adds one sample; closes the current batch when it reaches {@code batchSize}. */
    @Override
    public void add(int truth, int pred) {
        batch.add(truth, pred); // checks the labels
        if (++inBatch == batchSize) {
            accumulateBatch();
            batch.clear();
            inBatch = 0;
        }
    }

    /**
     * The averages so far, counting a pending partial batch as one more batch (without closing it:
     * more samples may still be added). With no samples at all every value is 0 and batches is 0.
     */
    public Result result() {
        double p = sumP;
        double r = sumR;
        double f = sumF;
        long b = batches;
        if (inBatch > 0) {
            batchMacro();
            p += macro[0];
            r += macro[1];
            f += macro[2];
            b++;
        }
        return b == 0 ? new Result(0, 0, 0, 0) : new Result(p / b, r / b, f / b, b);
    }

    private void accumulateBatch() {
        batchMacro();
        sumP += macro[0];
        sumR += macro[1];
        sumF += macro[2];
        batches++;
    }

    /** Macro P, R, F1 of the current (non-empty) batch into {@code macro}; allocation-free. */
    private void batchMacro() {
        double sp = 0;
        double sr = 0;
        double sf = 0;
        int counted = 0;
        for (int c = 0; c < k; c++) {
            long tp = batch.truePositives(c);
            long fn = batch.falseNegatives(c);
            long fp = batch.falsePositives(c);
            if (Metrics.inMacro(tp, fp, fn)) {
                sp += Metrics.precision(tp, fp);
                sr += Metrics.recall(tp, fn);
                sf += Metrics.f1(tp, fp, fn);
                counted++;
            }
        }
        // A non-empty batch counts at least the true class of each of its samples: counted >= 1.
        macro[0] = sp / counted;
        macro[1] = sr / counted;
        macro[2] = sf / counted;
    }
}
