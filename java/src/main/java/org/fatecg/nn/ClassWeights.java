package org.fatecg.nn;

import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Tensor;

/**
 * Class weighting by inverse frequency, as Wasserman (2022) trained with: w_c = n / (C n_c) for a training
 * set of n beats with n_c in class c and C classes present (Keras' and scikit-learn's "balanced" weights; a class as frequent as
 * the average gets weight 1). A class absent from the set gets weight 0: it contributes no loss anyway.
 * The weighted loss is PyTorch's CrossEntropyLoss(weight = w) with reduction 'mean':
 * L = sum_i w_{y_i} CE_i / sum_i w_{y_i}, composed from the per-sample cross-entropy primitive.
 */
public final class ClassWeights {
    private ClassWeights() {}

    public static float[] inverseFrequency(int[] counts) {
        long n = 0;
        int present = 0;
        for (int c : counts) {
            if (c < 0) throw new IllegalArgumentException("negative class count " + c);
            n += c;
            if (c > 0) present++;
        }
        if (n == 0) throw new IllegalArgumentException("no beats to weight classes by");
        float[] w = new float[counts.length];
        for (int c = 0; c < counts.length; c++)
            w[c] = counts[c] == 0 ? 0f : (float) ((double) n / ((double) present * counts[c]));
        return w;
    }

    /** sum_i w[y_i] CE(z_i, y_i) / sum_i w[y_i]; the plain mean when weights is null. */
    public static Tensor crossEntropy(Tensor logits, Tensor labels, float[] weights) {
        if (weights == null) return Functional.crossEntropy(logits, labels);
        float[] y = labels.toArray();
        float[] w = new float[y.length];
        double total = 0;
        for (int i = 0; i < y.length; i++) {
            w[i] = weights[(int) y[i]];
            total += w[i];
        }
        if (total <= 0) throw new IllegalArgumentException("the batch's class weights sum to " + total);
        return Functional.sum(logits.crossEntropy(labels).mul(Tensor.of(w, y.length)))
                .div((float) total);
    }
}
