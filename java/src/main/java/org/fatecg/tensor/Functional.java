package org.fatecg.tensor;

import org.fatecg.backend.Backend;
import org.fatecg.backend.FusedInference;

/**
 * Operations composed from the primitives of {@link Tensor}; none has a backward rule of its own, so
 * each differentiates (and double-differentiates) through the primitives it is made of.
 */
public final class Functional {
    private Functional() {}

    /** conv1d(x (N, C, L), w (O, C, K), pad) + bias (O), bias null for none: a convolution layer. */
    public static Tensor conv1dBias(Tensor x, Tensor w, Tensor bias, int pad) {
        Tensor y = x.conv1d(w, pad);
        return bias == null ? y : y.add(bias.reshape(1, -1, 1));
    }

    /**
     * A 1-D CNN's conv block, maxPool2(relu(conv1d(x, w, pad) + bias)), bias (O) or null. Composed from
     * the primitives whenever a graph is recorded, in the order relu(maxPool2(conv1d(x, w, pad)) + bias):
     * the same numbers bit for bit, because a channel's bias is one constant added to both values of a
     * pooling window and float addition rounds monotonically (max(a + b, c + b) = max(a, c) + b exactly),
     * and ReLU is monotone (max(relu a, relu c) = relu max(a, c)). Pooling first halves the maps that the
     * bias add, the ReLU and their gradients read and write. When no graph is recorded (Grad off, or
     * nothing here requires a gradient) and the backend offers {@link FusedInference}, the same numbers
     * come from one fused kernel that writes none of the intermediate maps.
     *
     * <p>The one difference from the layer-by-layer order is where the gradient goes at a tie: when a + b
     * and c + b round to the same float but a != c, pooling first sends it to the larger of a and c, the
     * layer order to the first; both are subgradients of the same function.
     */
    public static Tensor conv1dBiasReluPool(Tensor x, Tensor w, Tensor bias, int pad) {
        Backend be = x.storage.backend();
        boolean records =
                Grad.enabled() && (x.requiresGrad() || w.requiresGrad() || (bias != null && bias.requiresGrad()));
        if (!records
                && be instanceof FusedInference
                && ((FusedInference) be).fusesConvBlocks()
                && blockFits(x, w, bias, pad)) {
            int n = x.shape[0], c = x.shape[1], l = x.shape[2], o = w.shape[0], k = w.shape[2];
            Tensor y = Tensor.empty(n, o, (l + 2 * pad - k + 1) / 2);
            ((FusedInference) be)
                    .conv1dBiasReluPool(
                            y.storage, x.storage, w.storage, bias == null ? null : bias.storage, n, c, l, o, k, pad);
            return y;
        }
        Tensor pooled = x.conv1d(w, pad).maxPool2();
        return (bias == null ? pooled : pooled.add(bias.reshape(1, -1, 1))).relu();
    }

    /** Shapes the fused block takes; anything else goes the composed way, whose primitives name the misfit. */
    private static boolean blockFits(Tensor x, Tensor w, Tensor bias, int pad) {
        return x.rank() == 3
                && w.rank() == 3
                && w.shape[1] == x.shape[1]
                && (bias == null || (bias.rank() == 1 && bias.shape[0] == w.shape[0]))
                && pad >= 0
                && x.shape[2] + 2 * pad - w.shape[2] + 1 >= 2;
    }

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

    /**
     * Max pooling over the last dimension with any kernel k and stride s, floor mode (torch's MaxPool1d(k, s)):
     * out[..., i] = max_{j < k} x[..., s i + j], L_out = (L - k) / s + 1. Composed of primitives, so it
     * differentiates twice: x is cut into s phases (reshape to (..., cells, s)), tap j of window i is cell
     * i + j / s of phase j % s, and the taps are folded with max(a, b) = a + relu(b - a), whose gradient
     * at a tie goes to a, the earlier tap, as torch picks the first maximum. Cells past L (needed only to
     * make the reshape whole) are zeros that no window reaches.
     */
    public static Tensor maxPool1d(Tensor x, int kernel, int stride) {
        int[] s = x.shape();
        int rank = s.length, l = s[rank - 1];
        if (kernel < 1 || stride < 1 || l < kernel)
            throw new IllegalArgumentException("maxPool1d(k " + kernel + ", s " + stride + ") of length " + l);
        int out = (l - kernel) / stride + 1, cells = out + (kernel - 1) / stride, padded = cells * stride;
        Tensor cut = x;
        if (padded < l) {
            cut = x.slice(rank - 1, 0, padded);
        } else if (padded > l) {
            int[] pad = s.clone();
            pad[rank - 1] = padded - l;
            cut = Tensor.concat(rank - 1, x, Tensor.zeros(pad));
        }
        int[] phased = java.util.Arrays.copyOf(s, rank + 1);
        phased[rank - 1] = cells;
        phased[rank] = stride;
        Tensor phases = cut.reshape(phased);
        Tensor m = null;
        for (int j = 0; j < kernel; j++) {
            Tensor tap = phases.slice(rank, j % stride, 1).slice(rank - 1, j / stride, out);
            m = m == null ? tap : m.add(tap.sub(m).relu());
        }
        int[] result = s.clone();
        result[rank - 1] = out;
        return m.reshape(result);
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
