package org.fatecg.tensor;

/**
 * Operations composed from the primitives of {@link Tensor}; none has a backward rule of its own, so
 * each differentiates (and double-differentiates) through the primitives it is made of.
 */
public final class Functional {
    private Functional() {}

    /** Sum of all elements, as a scalar of shape []. */
    public static Tensor sum(Tensor x) {
        return x.sumTo();
    }

    public static Tensor mean(Tensor x) {
        return x.sumTo().div(x.size());
    }

    /** Sum over one dimension, keeping it as size 1. */
    public static Tensor sum(Tensor x, int dim) {
        int[] s = x.shape();
        s[dim < 0 ? s.length + dim : dim] = 1;
        return x.sumTo(s);
    }

    /** softmax over the last dimension of (N, classes); the max shift is a constant (softmax is shift-invariant). */
    public static Tensor softmax(Tensor z) {
        Tensor e = z.sub(z.maxAlong(-1).detach()).exp();
        return e.div(sum(e, -1));
    }

    public static Tensor logSoftmax(Tensor z) {
        Tensor shifted = z.sub(z.maxAlong(-1).detach());
        return shifted.sub(sum(shifted.exp(), -1).log());
    }

    /** (N, classes) with 1 at each label (labels hold class indices as floats); a constant. */
    public static Tensor oneHot(Tensor labels, int classes) {
        float[] y = labels.toArray();
        float[] h = new float[y.length * classes];
        for (int i = 0; i < y.length; i++) h[i * classes + (int) y[i]] = 1f;
        return Tensor.of(h, y.length, classes);
    }

    /** Mean cross-entropy of logits against class labels (PyTorch's reduction='mean'). */
    public static Tensor crossEntropy(Tensor logits, Tensor labels) {
        return mean(logits.crossEntropy(labels));
    }

    /** Mean squared error over all elements. */
    public static Tensor mse(Tensor a, Tensor b) {
        Tensor d = a.sub(b);
        return mean(d.mul(d));
    }

    /**
     * PyTorch's multi_margin_loss (p = 1, margin m, mean over samples):
     * l_i = sum_{j != y_i} max(0, m - z_{y_i} + z_j) / classes.
     */
    public static Tensor multiMargin(Tensor logits, Tensor labels, float margin) {
        int n = logits.dim(0), classes = logits.dim(1);
        Tensor hot = oneHot(labels, classes);
        Tensor zy = sum(logits.mul(hot), 1);
        Tensor terms = logits.sub(zy).add(margin).relu().mul(Tensor.scalar(1f).sub(hot));
        return sum(terms).div((float) n * classes);
    }

    /** Row-wise index of the largest logit (host side; for predictions and metrics). */
    public static int[] argmax(Tensor logits) {
        float[] z = logits.toArray();
        int n = logits.dim(0), c = logits.dim(1);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) if (z[i * c + j] > z[i * c + best]) best = j;
            out[i] = best;
        }
        return out;
    }

    /** Labels as the float tensor that crossEntropy expects. */
    public static Tensor labels(int[] y) {
        float[] f = new float[y.length];
        for (int i = 0; i < y.length; i++) f[i] = y[i];
        return Tensor.of(f, y.length);
    }
}
