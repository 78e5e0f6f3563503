package org.fatecg.attack;

import org.fatecg.nn.Module;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Grad;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;

/**
 * Square attack under L-infinity (Andriushchenko, Croce, Flammarion and Hein, "Square Attack: a
 * query-efficient black-box adversarial attack via random search", ECCV 2020), score-based: it only
 * queries the model's outputs, never a gradient. In 1-D a "square" is a window of the beat:
 * <pre>
 *   x_0 = P(x + eps s), s_j in {-1, +1} uniformly per position (the 1-D analogue of vertical stripes)
 *   repeat: h = max(1, round(p_i L)); pick a window [r, r + h) and a sign per channel;
 *           x' = x_i with x'[c, r:r+h] = P(x[c, r:r+h] +- eps)
 *           x_{i+1} = x' if m(x') < m(x_i) else x_i,   m = z_y - max_{j != y} z_j (targeted: max_{j != t} z_j - z_t)
 *   until m < 0 (the goal reached) or the query budget is spent.
 * </pre>
 * p_i follows the paper's schedule for 10,000 queries rescaled to the budget: p_init, halved at 10, 50,
 * 200, 500, 1000, 2000, 4000, 6000 and 8000.
 */
public final class Square extends AttackBase {
    public static final int PAPER_QUERIES = 5000;
    public static final float PAPER_P_INIT = 0.8f;

    /** Square's settings: budget, queries per beat, p_init (AutoAttack's: 5000 queries, p_init 0.8). */
    public record Settings(float eps, int queries, float pInit) {
        public static Settings paper() {
            return new Settings(PAPER_EPS, PAPER_QUERIES, PAPER_P_INIT);
        }

        public Settings withEps(float e) {
            return new Settings(e, queries, pInit);
        }

        public Settings withQueries(int q) {
            return new Settings(eps, q, pInit);
        }
    }

    private final float eps, pInit;
    private final int queries;
    private final Rng rng;

    public Square(Settings s, Rng rng) {
        if (!(s.eps() >= 0) || s.queries() < 1 || !(s.pInit() > 0 && s.pInit() <= 1))
            throw new IllegalArgumentException("Square needs eps >= 0, queries >= 1, 0 < pInit <= 1; got " + s);
        this.eps = s.eps();
        this.queries = s.queries();
        this.pInit = s.pInit();
        this.rng = rng;
    }

    @Override
    public String name() {
        return "Square-" + queries + " eps=" + fmt(eps) + " p=" + fmt(pInit);
    }

    /** The fraction of the beat changed at query i of n: the paper's piecewise-constant schedule. */
    public static float p(int i, int n, float pInit) {
        int it = (int) ((long) i * 10000 / n);
        int[] at = {10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000};
        float p = pInit;
        for (int a : at) if (it > a) p /= 2;
        return p;
    }

    @Override
    protected Tensor run(Module model, Tensor x, Tensor labels, boolean targeted) {
        int n = x.dim(0), channels = x.dim(1), length = x.dim(2), len = channels * length;
        float[] x0 = x.toArray(), lab = labels.toArray(), cur = new float[x0.length];
        for (int j = 0; j < cur.length; j++) cur[j] = clip(x0[j] + (rng.nextLong() < 0 ? eps : -eps), x0[j]);
        float[] m = margins(model, cur, x.shape(), lab, targeted);
        float[] cand = new float[len];
        int[] one = {1, channels, length};
        for (int i = 0; i < n; i++) {
            for (int q = 1; q < queries && m[i] >= 0; q++) {
                System.arraycopy(cur, i * len, cand, 0, len);
                int h = Math.max(1, Math.min(length, Math.round(p(q, queries, pInit) * length)));
                int r = rng.nextInt(length - h + 1);
                for (int c = 0; c < channels; c++) {
                    float s = rng.nextLong() < 0 ? eps : -eps;
                    for (int t = r; t < r + h; t++) {
                        int j = c * length + t;
                        cand[j] = clip(x0[i * len + j] + s, x0[i * len + j]);
                    }
                }
                float mc = margins(model, cand, one, new float[] {lab[i]}, targeted)[0];
                if (mc < m[i]) {
                    m[i] = mc;
                    System.arraycopy(cand, 0, cur, i * len, len);
                }
            }
        }
        return Tensor.of(cur, x.shape());
    }

    /** The black box: the margin of each row from the model's logits, with no graph recorded. */
    private static float[] margins(Module model, float[] flat, int[] shape, float[] lab, boolean targeted) {
        try (Grad off = Grad.off();
                Arena scope = Arena.open()) {
            Tensor logits = model.forward(Tensor.of(flat, shape));
            float[] z = logits.toArray();
            int classes = logits.dim(1);
            float[] m = new float[shape[0]];
            for (int i = 0; i < m.length; i++) m[i] = margin(z, classes, i, (int) lab[i], targeted);
            return m;
        }
    }

    /** z_y - max_{j != y} z_j; targeted max_{j != t} z_j - z_t: below 0 exactly when the goal is reached. */
    static float margin(float[] z, int classes, int row, int label, boolean targeted) {
        float other = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < classes; j++) if (j != label) other = Math.max(other, z[row * classes + j]);
        float mm = z[row * classes + label] - other;
        return targeted ? -mm : mm;
    }

    private float clip(float v, float origin) {
        return Math.min(Math.max(v, Math.max(origin - eps, LO)), Math.min(origin + eps, HI));
    }
}
