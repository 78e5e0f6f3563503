package org.fatecg.attack;

import java.util.Arrays;
import java.util.List;
import org.fatecg.nn.Module;
import org.fatecg.nn.Parameter;
import org.fatecg.optim.Adam;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;

/**
 * Gradient inversion, "Deep leakage from gradients" (DLG, Zhu, Liu and Han 2019) with the label
 * recovery of iDLG (Zhao, Mopuri and Bilen 2020): from the gradient g = d CE(f(x), y) / d theta that a
 * client shares for a batch of B beats, find beats x' whose gradient matches it,
 *
 * <pre>
 *   y' = labels read off the last layer's gradient (below)
 *   x' ~ U(0, 1)^(B x 1 x L)
 *   repeat steps:  D(x') = 1 - &lt;g', g&gt; / (|g'| |g|)   (cosine, Geiping et al. 2020)   or   |g' - g|^2   (L2, DLG)
 *                  with g' = d CE(f(x'), y') / d theta, recorded (createGraph) so that D differentiates through it
 *                  x' &lt;- clamp(Adam step on d D / d x', 0, 1)           (beats are min-max normalised to [0, 1])
 * </pre>
 * The gradient of D with respect to x' is a gradient of a function of gradients: double backpropagation
 * through the whole network.
 *
 * <p>Labels. The last layer is z = W h + b with h the (non-negative, ReLU) features, so for the batch
 * mean of softmax cross-entropy d/db_c = (1/B) sum_b (p_bc - y_bc). For B = 1 the one negative entry is
 * the label (iDLG). For B &gt; 1 the class counts are n_c = B (mean_b p_bc - d/db_c); the attacker does
 * not know p, and estimates its mean by the model's mean softmax on random beats (exact while the
 * model's output does not depend on its input, nearly so at initialisation), then rounds the counts to
 * B by largest remainders. Without a bias the row sums of d/dW (same signs for B = 1) are used.
 * The attacker knows the model (the weights it sent) and B, as in DLG.
 */
public final class GradientInversion {
    public enum Distance {
        COSINE,
        L2
    }

    /** DLG's settings: optimisation steps, Adam's learning rate, the gradient distance. */
    public record Settings(int steps, float lr, Distance distance) {
        public Settings {
            if (steps < 1) throw new IllegalArgumentException("inversion steps must be >= 1, got " + steps);
            if (!(lr > 0)) throw new IllegalArgumentException("inversion learning rate must be > 0, got " + lr);
        }

        public static Settings defaults() {
            return new Settings(300, 0.05f, Distance.COSINE);
        }
    }

    /** The reconstructed beats (B x L, row-major), the labels used, the final gradient distance. */
    public record Result(float[] beats, int[] labels, double distance) {}

    private GradientInversion() {}

    /** What the client shares: d CE(f(x), y) / d theta for every parameter (host copies, in parameter order). */
    public static float[][] clientGradient(Module model, float[] x, int[] y, int length) {
        try (Arena a = Arena.open()) {
            Tensor[] g = Autograd.grad(
                    Functional.crossEntropy(model.forward(Tensor.of(x, y.length, 1, length)), Functional.labels(y)),
                    params(model));
            float[][] out = new float[g.length][];
            for (int i = 0; i < g.length; i++) out[i] = g[i].toArray();
            return out;
        }
    }

    /** The labels of the B beats behind a gradient (iDLG for B = 1; estimated counts for B > 1), sorted. */
    public static int[] recoverLabels(Module model, float[][] gradient, int batch, int length, Rng rng) {
        List<Parameter> ps = model.parameters();
        Parameter last = ps.get(ps.size() - 1);
        int classes = last.value().dim(0);
        double[] g = new double[classes];
        boolean bias = last.value().rank() == 1;
        float[] lg = gradient[ps.size() - 1];
        if (bias) for (int c = 0; c < classes; c++) g[c] = lg[c];
        else {
            int in = last.value().dim(1);
            for (int c = 0; c < classes; c++) for (int k = 0; k < in; k++) g[c] += lg[c * in + k];
        }
        if (batch == 1 || !bias) {
            int best = 0;
            for (int c = 1; c < classes; c++) if (g[c] < g[best]) best = c;
            if (batch == 1) return new int[] {best};
        }
        double[] pMean = meanSoftmaxOnRandomBeats(model, length, rng);
        double[] counts = new double[classes];
        for (int c = 0; c < classes; c++) counts[c] = Math.max(0, batch * (pMean[c] - g[c]));
        return largestRemainder(counts, batch);
    }

    /** Reconstructs B beats from the gradient, with the given labels. */
    public static Result invert(Module model, float[][] gradient, int[] labels, int length, Settings s, Rng rng) {
        int b = labels.length;
        Tensor[] params = params(model);
        Tensor[] target = new Tensor[params.length];
        double targetNorm2 = 0;
        for (int i = 0; i < params.length; i++) {
            float[] gi = gradient[i];
            int[] shape = params[i].shape();
            if (gi.length != params[i].size())
                throw new IllegalArgumentException(
                        "gradient " + i + " has " + gi.length + " values, its parameter " + params[i].size());
            target[i] = Arena.unmanaged(() -> Tensor.of(gi, shape));
            for (float v : gi) targetNorm2 += (double) v * v;
        }
        if (targetNorm2 == 0) throw new IllegalArgumentException("the shared gradient is zero: nothing to invert");
        Tensor x = Arena.unmanaged(() -> Tensor.uniform(rng, 0f, 1f, b, 1, length));
        Adam adam = new Adam(List.of(new Parameter("dummy", x)), s.lr(), 0.9f, 0.999f, 1e-8f);
        Tensor y = Arena.unmanaged(() -> Functional.labels(labels));
        float invNorm = (float) (1 / Math.sqrt(targetNorm2));
        double last = Double.NaN;
        for (int step = 0; step < s.steps(); step++) {
            try (Arena a = Arena.open()) {
                Tensor loss = Functional.crossEntropy(model.forward(x), y);
                Tensor[] g = Autograd.grad(loss, null, true, params);
                Tensor d;
                if (s.distance() == Distance.L2) {
                    d = Tensor.scalar(0f);
                    for (int i = 0; i < g.length; i++) {
                        Tensor diff = g[i].sub(target[i]);
                        d = d.add(Functional.sum(diff.mul(diff)));
                    }
                } else {
                    Tensor dot = Tensor.scalar(0f), sq = Tensor.scalar(0f);
                    for (int i = 0; i < g.length; i++) {
                        dot = dot.add(Functional.sum(g[i].mul(target[i])));
                        sq = sq.add(Functional.sum(g[i].mul(g[i])));
                    }
                    // 1 - <g', g> / (|g'| |g|); |g'| = exp(log(sq) / 2) keeps to the primitives, +1e-30 for g' = 0
                    Tensor normG = sq.add(1e-30f).log().mul(0.5f).exp();
                    d = Tensor.scalar(1f).sub(dot.mul(invNorm).div(normG));
                }
                last = d.item();
                adam.step(Autograd.grad(d, x));
                x.assign(x.clamp(0f, 1f).detach());
            }
        }
        return new Result(x.toArray(), labels.clone(), last);
    }

    private static Tensor[] params(Module model) {
        List<Parameter> ps = model.parameters();
        Tensor[] out = new Tensor[ps.size()];
        for (int i = 0; i < out.length; i++) out[i] = ps.get(i).value();
        return out;
    }

    private static double[] meanSoftmaxOnRandomBeats(Module model, int length, Rng rng) {
        int n = 64;
        try (Arena a = Arena.open()) {
            Tensor p = Functional.softmax(
                    model.forward(Tensor.uniform(rng, 0f, 1f, n, 1, length)).detach());
            float[] v = p.toArray();
            int classes = p.dim(1);
            double[] mean = new double[classes];
            for (int i = 0; i < n; i++) for (int c = 0; c < classes; c++) mean[c] += v[i * classes + c] / n;
            return mean;
        }
    }

    /** Integer counts summing to total, closest to the real ones by largest remainders; as a sorted label list. */
    static int[] largestRemainder(double[] counts, int total) {
        double sum = 0;
        for (double c : counts) sum += c;
        int k = counts.length;
        int[] n = new int[k];
        double[] rem = new double[k];
        int given = 0;
        for (int c = 0; c < k; c++) {
            double share = sum > 0 ? counts[c] * total / sum : (double) total / k;
            n[c] = (int) Math.floor(share);
            rem[c] = share - n[c];
            given += n[c];
        }
        while (given < total) {
            int best = 0;
            for (int c = 1; c < k; c++) if (rem[c] > rem[best]) best = c;
            n[best]++;
            rem[best] = -1;
            given++;
        }
        int[] labels = new int[total];
        int at = 0;
        for (int c = 0; c < k; c++) for (int i = 0; i < n[c]; i++) labels[at++] = c;
        return labels;
    }

    /** Pearson correlation of two beats. */
    public static double correlation(float[] a, int aFrom, float[] b, int bFrom, int length) {
        double ma = 0, mb = 0;
        for (int j = 0; j < length; j++) {
            ma += a[aFrom + j];
            mb += b[bFrom + j];
        }
        ma /= length;
        mb /= length;
        double sab = 0, saa = 0, sbb = 0;
        for (int j = 0; j < length; j++) {
            double da = a[aFrom + j] - ma, db = b[bFrom + j] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
    }

    /** Mean squared error of two beats. */
    public static double mse(float[] a, int aFrom, float[] b, int bFrom, int length) {
        double s = 0;
        for (int j = 0; j < length; j++) {
            double d = a[aFrom + j] - b[bFrom + j];
            s += d * d;
        }
        return s / length;
    }

    /**
     * For each true beat, the reconstructed beat it is matched to: the batch's order is lost in a summed
     * gradient, so pairs are formed greedily by highest correlation, each reconstruction used once.
     */
    public static int[] match(float[] truth, float[] recon, int batch, int length) {
        double[][] r = new double[batch][batch];
        for (int i = 0; i < batch; i++)
            for (int j = 0; j < batch; j++) r[i][j] = correlation(truth, i * length, recon, j * length, length);
        int[] out = new int[batch];
        Arrays.fill(out, -1);
        boolean[] used = new boolean[batch];
        for (int round = 0; round < batch; round++) {
            int bi = -1, bj = -1;
            for (int i = 0; i < batch; i++) {
                if (out[i] >= 0) continue;
                for (int j = 0; j < batch; j++)
                    if (!used[j] && (bi < 0 || r[i][j] > r[bi][bj])) {
                        bi = i;
                        bj = j;
                    }
            }
            out[bi] = bj;
            used[bj] = true;
        }
        return out;
    }
}
