package org.fatecg.attack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fatecg.nn.Module;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;

/**
 * APGD, auto-PGD under L-infinity (Croce and Hein, "Reliable evaluation of adversarial robustness with
 * an ensemble of diverse parameter-free attacks", ICML 2020, Algorithm 1), per beat:
 * <pre>
 *   eta_0   = 2 eps;  x_0 = random start in B_inf(x, eps) ∩ [0,1]
 *   x_1     = P(x_0 + eta_0 sign(grad f(x_0)))
 *   z_{k+1} = P(x_k + eta_k sign(grad f(x_k)))
 *   x_{k+1} = P(x_k + alpha (z_{k+1} - x_k) + (1 - alpha)(x_k - x_{k-1}))      alpha = 0.75
 *   f_max, x_max: the best loss and point so far
 *   at each checkpoint w_j: if  #{ i in [w_{j-1}, w_j) : f(x_{i+1}) > f(x_i) } < rho (w_j - w_{j-1})   (rho 0.75)
 *                           or  eta and f_max are both unchanged since w_{j-1},
 *                           then eta = eta / 2 and x_{k+1} = x_max   (restart from the best point)
 * </pre>
 * Checkpoints w_j = ceil(p_j N), p_0 = 0, p_1 = 0.22, p_{j+1} = p_j + max(p_j - p_{j-1} - 0.03, 0.06).
 * f is the cross-entropy (APGD-CE) or the difference of logits ratio (APGD-DLR, see {@link Loss#DLR}).
 * Returns, per beat, the first point where the goal was reached, else x_max.
 */
public final class Apgd extends AttackBase {
    public static final float ALPHA = 0.75f, RHO = 0.75f;
    public static final int PAPER_STEPS = 100;

    /** APGD's settings: budget and iterations N (the paper: 100 iterations, 1 restart). */
    public record Settings(float eps, int steps) {
        public static Settings paper() {
            return new Settings(PAPER_EPS, PAPER_STEPS);
        }

        public Settings withEps(float e) {
            return new Settings(e, steps);
        }

        public Settings withSteps(int n) {
            return new Settings(eps, n);
        }
    }

    /** The objective APGD ascends. */
    public enum Loss {
        /** Cross-entropy; -CE(., t) targeted. */
        CE,
        /**
         * DLR(z, y) = -(z_y - max_{i != y} z_i) / (z_pi1 - z_pi3 + 1e-12), pi the logits sorted in
         * decreasing order: shift- and scale-invariant in z. Targeted (towards t, without y): the same
         * with the sign flipped, -(max_{i != t} z_i - z_t) / (z_pi1 - z_pi3 + 1e-12).
         */
        DLR
    }

    private final float eps;
    private final int steps;
    private final Loss lossKind;
    private final Rng rng;

    public Apgd(Settings s, Loss loss, Rng rng) {
        if (!(s.eps() >= 0) || s.steps() < 1)
            throw new IllegalArgumentException("APGD needs eps >= 0 and steps >= 1; got " + s.eps() + ", " + s.steps());
        this.eps = s.eps();
        this.steps = s.steps();
        this.lossKind = loss;
        this.rng = rng;
    }

    @Override
    public String name() {
        return "APGD-" + lossKind + "-" + steps + " eps=" + fmt(eps);
    }

    /** The checkpoints w_0 = 0 < w_1 < ... <= n of n iterations, as the paper defines them. */
    public static int[] checkpoints(int n) {
        List<Integer> w = new ArrayList<>(List.of(0));
        double prev = 0, p = 0.22;
        while (p <= 1) {
            int wj = (int) Math.ceil(p * n - 1e-9); // 1e-9: 0.22 + 0.19 must stay 0.41, not 0.41000000000000003
            if (wj > w.get(w.size() - 1)) w.add(wj);
            double next = p + Math.max(p - prev - 0.03, 0.06);
            prev = p;
            p = next;
        }
        return w.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Step sizes eta_k per iteration, recorded by the last {@link #run} for one beat (tests read it). */
    float[] lastEtaTrace;

    @Override
    protected Tensor run(Module model, Tensor x, Tensor labels, boolean targeted) {
        int n = x.dim(0), len = x.size() / n;
        float[] lab = labels.toArray(), x0 = x.toArray();
        float[] cur = new float[x0.length], prev = new float[x0.length], best = new float[x0.length];
        float[] found = new float[x0.length];
        boolean[] done = new boolean[n], hit = new boolean[n];
        for (int j = 0; j < cur.length; j++)
            cur[j] = clip(x0[j] + (rng != null ? (2 * rng.nextFloat() - 1) * eps : 0f), x0[j]);
        float[] eta = new float[n], fBest = new float[n], fPrev = new float[n];
        float[] etaAtCheck = new float[n], fBestAtCheck = new float[n];
        int[] ascents = new int[n];
        Arrays.fill(eta, 2 * eps);
        Arrays.fill(fBest, Float.NEGATIVE_INFINITY);
        int[] w = checkpoints(steps);
        int nextCheck = 1;
        lastEtaTrace = new float[steps];
        float[] grad = new float[x0.length];
        for (int k = 0; k < steps; k++) {
            float[] f = lossAndGradient(model, cur, x.shape(), lab, targeted, grad, hit);
            for (int i = 0; i < n; i++) {
                if (k > 0 && f[i] > fPrev[i]) ascents[i]++;
                fPrev[i] = f[i];
                if (f[i] > fBest[i]) {
                    fBest[i] = f[i];
                    System.arraycopy(cur, i * len, best, i * len, len);
                }
                if (hit[i] && !done[i]) {
                    done[i] = true; // the goal is reached here: this point is the beat's answer
                    System.arraycopy(cur, i * len, found, i * len, len);
                }
            }
            if (k == 0) {
                System.arraycopy(fBest, 0, fBestAtCheck, 0, n);
                System.arraycopy(eta, 0, etaAtCheck, 0, n);
            }
            lastEtaTrace[k] = eta[0];
            // the step: z = P(x_k + eta sign g); x_{k+1} = P(x_k + a (z - x_k) + (1 - a)(x_k - x_{k-1})), a = 1 at k =
            // 0
            float a = k == 0 ? 1f : ALPHA;
            for (int i = 0; i < n; i++) {
                for (int j = i * len; j < (i + 1) * len; j++) {
                    float z = clip(cur[j] + eta[i] * Math.signum(grad[j]), x0[j]);
                    float next = clip(cur[j] + a * (z - cur[j]) + (1 - a) * (cur[j] - prev[j]), x0[j]);
                    prev[j] = cur[j];
                    cur[j] = next;
                }
            }
            if (nextCheck < w.length && k + 1 == w[nextCheck]) {
                int span = w[nextCheck] - w[nextCheck - 1];
                for (int i = 0; i < n; i++) {
                    boolean fewAscents = ascents[i] < RHO * span;
                    boolean stalled = etaAtCheck[i] == eta[i] && fBestAtCheck[i] == fBest[i];
                    etaAtCheck[i] = eta[i];
                    fBestAtCheck[i] = fBest[i];
                    ascents[i] = 0;
                    if (fewAscents || stalled) {
                        eta[i] /= 2;
                        System.arraycopy(best, i * len, cur, i * len, len);
                        System.arraycopy(best, i * len, prev, i * len, len);
                    }
                }
                nextCheck++;
            }
        }
        // the last iterate is scored too (one more forward), then: first successful point, else x_max
        float[] f = lossAndGradient(model, cur, x.shape(), lab, targeted, null, hit);
        float[] out = new float[x0.length];
        for (int i = 0; i < n; i++) {
            if (hit[i] && !done[i]) {
                done[i] = true;
                System.arraycopy(cur, i * len, found, i * len, len);
            }
            if (f[i] > fBest[i]) System.arraycopy(cur, i * len, best, i * len, len);
            System.arraycopy(done[i] ? found : best, i * len, out, i * len, len);
        }
        return Tensor.of(out, x.shape());
    }

    /**
     * f per beat at the points cur (N, C, L) and, when grad is not null, the sign-relevant gradient of
     * the batch loss there (rows are independent, so d(mean f)/dx_i is (1/N) df_i/dx_i); hit says where
     * the goal is reached. One forward, and one input-only backward when a gradient is asked for.
     */
    private float[] lossAndGradient(
            Module model, float[] cur, int[] shape, float[] lab, boolean targeted, float[] grad, boolean[] hit) {
        try (Arena scope = Arena.open()) {
            Tensor leaf = Tensor.of(cur, shape).requiresGrad(grad != null);
            Tensor logits = model.forward(leaf);
            float[] z = logits.toArray();
            int n = shape[0], classes = logits.dim(1);
            float[] f = new float[n];
            float[] num = new float[n * classes], den = new float[n * classes];
            for (int i = 0; i < n; i++) {
                int y = (int) lab[i];
                hit[i] = reached(z, classes, i, y, targeted);
                f[i] = lossKind == Loss.CE
                        ? crossEntropy(z, classes, i, y, targeted)
                        : dlr(z, classes, i, y, targeted, num, den);
            }
            if (grad != null) {
                Tensor loss = lossKind == Loss.CE
                        ? loss(logits, Tensor.of(lab, n), targeted)
                        : Functional.mean(logits.mul(Tensor.of(num, n, classes))
                                .sumTo(n, 1)
                                .div(logits.mul(Tensor.of(den, n, classes))
                                        .sumTo(n, 1)
                                        .add(1e-12f))
                                .neg());
                Tensor g = Autograd.grad(loss, leaf)[0];
                g.storage().backend().download(grad, g.storage());
            }
            return f;
        }
    }

    /** CE of one row (targeted: -CE(., t)), by log-sum-exp with the max taken out. */
    static float crossEntropy(float[] z, int classes, int row, int label, boolean targeted) {
        double m = Double.NEGATIVE_INFINITY, s = 0;
        for (int j = 0; j < classes; j++) m = Math.max(m, z[row * classes + j]);
        for (int j = 0; j < classes; j++) s += Math.exp(z[row * classes + j] - m);
        float ce = (float) (m + Math.log(s) - z[row * classes + label]);
        return targeted ? -ce : ce;
    }

    /**
     * DLR of one row; also writes the row's selection masks: num picks z_y - max_{i != y} z_i
     * (targeted: max_{i != t} z_i - z_t), den picks z_pi1 - z_pi3, so that the tensor loss
     * -(z . num) / (z . den + 1e-12) has the same value and the gradient through the selected logits.
     */
    static float dlr(float[] z, int classes, int row, int label, boolean targeted, float[] num, float[] den) {
        if (classes < 3) throw new IllegalArgumentException("the DLR loss needs at least 3 classes, got " + classes);
        int o = row * classes, other = -1;
        for (int j = 0; j < classes; j++) if (j != label && (other < 0 || z[o + j] > z[o + other])) other = j;
        Integer[] order = new Integer[classes];
        for (int j = 0; j < classes; j++) order[j] = j;
        Arrays.sort(order, (p, q) -> Float.compare(z[o + q], z[o + p]));
        float sign = targeted ? -1f : 1f;
        num[o + label] += sign;
        num[o + other] -= sign;
        den[o + order[0]] += 1f;
        den[o + order[2]] -= 1f;
        float margin = sign * (z[o + label] - z[o + other]);
        return -margin / (z[o + order[0]] - z[o + order[2]] + 1e-12f);
    }

    private float clip(float v, float origin) {
        return Math.min(Math.max(v, Math.max(origin - eps, LO)), Math.min(origin + eps, HI));
    }
}
