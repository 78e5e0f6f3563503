package org.fatecg.attack;

import java.util.Arrays;
import java.util.List;
import org.fatecg.nn.Module;
import org.fatecg.nn.Parameter;
import org.fatecg.optim.Adamax;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Grad;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;

/**
 * SPSA, a black-box attack that only queries logits (Uesato et al., "Adversarial risk and the dangers
 * of evaluating against weak attacks", ICML 2018), as Ma and Liang (2020) run it. L-infinity. Per sample:
 * <pre>
 *   x_0  = Proj(x + U(-eps, eps))                         Proj = onto B_inf(x, eps) ∩ [0, 1]
 *   f(x) = z_y - max_{j != y} z_j                         (targeted: max_{j != t} z_j - z_t)
 *   repeat up to `steps` times, stopping once argmax z(x_k) != y (targeted: == t):
 *     v_1..v_S ~ Rademacher (+-1 per element)
 *     g       = (1/S) sum_s (f(x_k + d v_s) - f(x_k - d v_s)) v_s / (2 d)
 *     x_{k+1} = Proj(Adamax_lr step of x_k on sign(g))     (descends f)
 * </pre>
 * Defaults (Ma and Liang 2020): 100 steps, S = 2048, d = 0.01, Adamax lr 0.01 (betas 0.9/0.999, eps 1e-8). The
 * 2S queries of one estimate are stacked into batched forwards of at most {@code rowsPerForward} rows
 * (no gradients are taken: the model is only evaluated). Adamax steps the adversarial point itself,
 * which equals stepping the noise x_k - x and adding it back.
 */
public final class Spsa extends AttackBase {
    public static final int SEED001_STEPS = 100, SEED001_SAMPLES = 2048, DEFAULT_ROWS_PER_FORWARD = 1024;
    public static final float SEED001_DELTA = 0.01f, SEED001_LR = 0.01f;

    /**
     * SPSA's settings; {@link #paper()} is Ma and Liang's (2020): eps 8/255 (the FAT paper's budget),
     * 100 steps, 2048 samples, delta 0.01, Adamax lr 0.01, forwards of at most 1024 rows.
     */
    public record Settings(float eps, int steps, int samples, float delta, float lr, int rowsPerForward) {
        public static Settings paper() {
            return new Settings(
                    PAPER_EPS, SEED001_STEPS, SEED001_SAMPLES, SEED001_DELTA, SEED001_LR, DEFAULT_ROWS_PER_FORWARD);
        }

        public Settings withEps(float e) {
            return new Settings(e, steps, samples, delta, lr, rowsPerForward);
        }

        public Settings withSteps(int k) {
            return new Settings(eps, k, samples, delta, lr, rowsPerForward);
        }

        public Settings withSamples(int s) {
            return new Settings(eps, steps, s, delta, lr, rowsPerForward);
        }

        public Settings withLr(float v) {
            return new Settings(eps, steps, samples, delta, v, rowsPerForward);
        }
    }

    private final float eps, delta, lr;
    private final int steps, samples, rowsPerForward;
    private final Rng rng;

    public Spsa(float eps, int steps, int samples, float delta, float lr, int rowsPerForward, Rng rng) {
        if (!(eps >= 0) || steps < 0 || samples < 1 || !(delta > 0) || !(lr > 0) || rowsPerForward < 2)
            throw new IllegalArgumentException(
                    "SPSA needs eps >= 0, steps >= 0, samples >= 1, delta > 0, lr > 0, rowsPerForward >= 2");
        this.eps = eps;
        this.steps = steps;
        this.samples = samples;
        this.delta = delta;
        this.lr = lr;
        this.rowsPerForward = rowsPerForward & ~1; // whole (+v, -v) pairs
        this.rng = rng;
    }

    /** The setting of Ma and Liang (2020): 100 steps, 2048 samples, delta 0.01, Adamax lr 0.01; 1024-row forwards. */
    public static Spsa seed001(float eps, Rng rng) {
        return new Spsa(eps, SEED001_STEPS, SEED001_SAMPLES, SEED001_DELTA, SEED001_LR, DEFAULT_ROWS_PER_FORWARD, rng);
    }

    @Override
    public String name() {
        return "SPSA-" + steps + " eps=" + fmt(eps) + " samples=" + samples;
    }

    @Override
    protected Tensor run(Module model, Tensor x, Tensor labels, boolean targeted) {
        int n = x.dim(0);
        float[] lab = labels.toArray();
        Tensor[] out = new Tensor[n];
        for (int i = 0; i < n; i++) out[i] = attackOne(model, x.slice(0, i, 1), (int) lab[i], targeted);
        return Tensor.concat(0, out);
    }

    /** One sample x (1, C, L): the loop of the algorithm box. */
    private Tensor attackOne(Module model, Tensor x, int label, boolean targeted) {
        Tensor xAdv = x.add(Tensor.uniform(rng, -eps, eps, x.shape()));
        project(xAdv, xAdv, xAdv, 0f, x, eps, LO, HI, Projection.DELTA); // alpha 0: projection only
        if (eps == 0f) return xAdv;
        Adamax adamax = new Adamax(List.of(new Parameter("x_adv", xAdv)), lr, 0.9f, 0.999f, 1e-8f);
        float[] point = new float[x.size()], g = new float[x.size()];
        for (int k = 0; k < steps; k++) {
            try (Arena step = Arena.open()) {
                xAdv.storage().backend().download(point, xAdv.storage());
                float[] z = query(model, x.shape(), point, 1);
                if (reached(z, z.length, 0, label, targeted)) break;
                estimate(model, x.shape(), point, label, targeted, g);
                for (int j = 0; j < g.length; j++) g[j] = Math.signum(g[j]);
                adamax.step(Tensor.of(g, x.shape()));
                project(xAdv, xAdv, xAdv, 0f, x, eps, LO, HI, Projection.DELTA);
            }
        }
        return xAdv.requiresGrad(false);
    }

    /** g = (1/S) sum_s (f(p + d v_s) - f(p - d v_s)) v_s / (2d), queried rowsPerForward rows at a time. */
    private void estimate(Module model, int[] shape, float[] p, int label, boolean targeted, float[] g) {
        int len = p.length, pairsMax = Math.min(samples, rowsPerForward / 2);
        float[] rows = new float[2 * pairsMax * len], v = new float[pairsMax * len];
        Arrays.fill(g, 0f);
        for (int s0 = 0; s0 < samples; s0 += pairsMax) {
            int pairs = Math.min(pairsMax, samples - s0);
            rademacher(v, pairs * len);
            for (int s = 0; s < pairs; s++) {
                int plus = 2 * s * len, minus = plus + len, vs = s * len;
                for (int j = 0; j < len; j++) {
                    float dv = delta * v[vs + j];
                    rows[plus + j] = p[j] + dv;
                    rows[minus + j] = p[j] - dv;
                }
            }
            float[] z = query(model, shape, pairs == pairsMax ? rows : Arrays.copyOf(rows, 2 * pairs * len), 2 * pairs);
            int classes = z.length / (2 * pairs);
            for (int s = 0; s < pairs; s++) {
                float diff =
                        margin(z, classes, 2 * s, label, targeted) - margin(z, classes, 2 * s + 1, label, targeted);
                int vs = s * len;
                for (int j = 0; j < len; j++) g[j] += diff * v[vs + j];
            }
        }
        float scale = 1f / (2f * delta * samples);
        for (int j = 0; j < len; j++) g[j] *= scale;
    }

    /** +-1 with probability 1/2 each, one random bit per element. */
    private void rademacher(float[] v, int count) {
        long bits = 0;
        for (int j = 0; j < count; j++) {
            if ((j & 63) == 0) bits = rng.nextLong();
            v[j] = (bits & 1L) != 0 ? 1f : -1f;
            bits >>>= 1;
        }
    }

    /** The black box: logits (rows, classes) of `rows` windows shaped like one sample, nothing recorded. */
    private static float[] query(Module model, int[] sampleShape, float[] flat, int rows) {
        int[] shape = sampleShape.clone();
        shape[0] = rows;
        try (Grad off = Grad.off();
                Arena scope = Arena.open()) {
            return model.forward(Tensor.of(flat, shape)).toArray();
        }
    }

    /** f of one row of logits: z_y - max_{j != y} z_j untargeted, max_{j != t} z_j - z_t targeted. */
    private static float margin(float[] z, int classes, int row, int label, boolean targeted) {
        float other = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < classes; j++) if (j != label) other = Math.max(other, z[row * classes + j]);
        float m = z[row * classes + label] - other;
        return targeted ? -m : m;
    }
}
