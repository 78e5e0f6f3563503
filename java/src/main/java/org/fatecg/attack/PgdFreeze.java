package org.fatecg.attack;

import java.util.List;
import org.fatecg.nn.Module;
import org.fatecg.nn.Parameter;
import org.fatecg.optim.Adamax;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;

/**
 * K-PGD as Ma and Liang sweep it ("Improve robustness of DNN for ECG signal classification:
 * a noise-to-signal ratio perspective", 2020, eq. 12): L-infinity PGD from x_0 = x with a fixed step
 * (0.01), where a sample stops moving as soon as the attack has reached its goal:
 * <pre>
 *   m_k     = 1 if no iterate x_0..x_k of the sample was misclassified (targeted: classified as t), else 0
 *   x_{k+1} = min( min( max(x_k + alpha m_k sign(grad_x J(f(x_k), y)), max(x - eps, 0)), x + eps ), 1 )
 * </pre>
 * J = CE untargeted, -CE(., t) targeted. A frozen sample keeps its first successful iterate exactly
 * (the clip form leaves an in-box point untouched: float rounding is monotonic), so the attack reports
 * the earliest success rather than drifting back across the boundary. The sweep runs it with 20 and
 * 100 steps over eps in {0, .01, .03, .05, .1, .2, .3}. The loop ends once every sample is frozen.
 *
 * <p>{@link #published} is the attack as the authors' evaluation code ran it (their {@code test_adv} with
 * {@code method='pgd'}): a random start x_0 = clip01(x + U(-eps, eps)), and the step taken by Adamax
 * (lr = alpha, betas 0.9/0.999) on the noise with gradient -sign(grad_x J), so a step is at most alpha
 * and shrinks where the sign flips; a frozen sample keeps its iterate. The random start is what lets
 * 20 steps of 0.01 reach beyond 0.2 (their 20-PGD numbers differ at noise 0.2 and 0.3; from x_0 = x
 * they could not).
 */
public final class PgdFreeze extends AttackBase {
    public static final float SEED001_ALPHA = 0.01f;

    /** The 20 steps of Ma and Liang's first sweep, the default of a single run. */
    public static final int SEED001_STEPS = 20;

    /** K-PGD's settings; {@link #paper()} is Ma and Liang's (2020) step 0.01 with 20 steps, at the FAT paper's eps 8/255. */
    public record Settings(float eps, float alpha, int steps) {
        public static Settings paper() {
            return new Settings(PAPER_EPS, SEED001_ALPHA, SEED001_STEPS);
        }

        public Settings withEps(float e) {
            return new Settings(e, alpha, steps);
        }

        public Settings withAlpha(float a) {
            return new Settings(eps, a, steps);
        }

        public Settings withSteps(int k) {
            return new Settings(eps, alpha, k);
        }
    }

    private final float eps, alpha;
    private final int steps;
    private final Rng randomStart; // null: x_0 = x, sign steps; else random start and Adamax steps
    private final boolean adamax;

    public PgdFreeze(float eps, float alpha, int steps) {
        this(eps, alpha, steps, null);
    }

    /** randomStart null: the sign-step attack from x; else the authors' code (random start, Adamax steps). */
    private PgdFreeze(float eps, float alpha, int steps, Rng randomStart) {
        if (!(eps >= 0) || !(alpha >= 0) || steps < 0)
            throw new IllegalArgumentException(
                    "PGD needs eps >= 0, alpha >= 0, steps >= 0; got " + eps + ", " + alpha + ", " + steps);
        this.eps = eps;
        this.alpha = alpha;
        this.steps = steps;
        this.randomStart = randomStart;
        this.adamax = randomStart != null;
    }

    /** Ma and Liang's evaluation as their code runs it: step 0.01, random start from rng, Adamax steps. */
    public static PgdFreeze published(float eps, int steps, Rng rng) {
        return new PgdFreeze(eps, SEED001_ALPHA, steps, rng);
    }

    /** The setting of Ma and Liang (2020): step 0.01. */
    public static PgdFreeze seed001(float eps, int steps) {
        return new PgdFreeze(eps, SEED001_ALPHA, steps);
    }

    @Override
    public String name() {
        return "PGD-" + steps + "-freeze eps=" + fmt(eps) + " alpha=" + fmt(alpha) + (adamax ? " rs adamax" : "");
    }

    @Override
    protected Tensor run(Module model, Tensor x, Tensor labels, boolean targeted) {
        if (eps == 0f) return x.copy(); // the ball is the point x: nothing can move
        int n = x.dim(0);
        float[] lab = labels.toArray();
        float[] moving = new float[n];
        java.util.Arrays.fill(moving, 1f);
        Tensor xAdv = x.copy();
        if (randomStart != null) {
            xAdv = x.add(Tensor.uniform(randomStart, -eps, eps, x.shape()));
            project(xAdv, xAdv, xAdv, 0f, x, eps, LO, HI, Projection.CLIP); // alpha 0: clip01 only
        }
        Adamax opt = adamax ? new Adamax(List.of(new Parameter("x_adv", xAdv)), alpha, 0.9f, 0.999f, 1e-8f) : null;
        for (int k = 0; k < steps; k++) {
            try (Arena step = Arena.open()) {
                Tensor leaf = xAdv.detach().requiresGrad(true);
                Tensor z = model.forward(leaf);
                boolean[] hit = reached(z, lab, targeted);
                int left = 0;
                for (int i = 0; i < n; i++) {
                    if (hit[i]) moving[i] = 0f;
                    left += (int) moving[i];
                }
                if (left == 0) break;
                Tensor g = Autograd.grad(loss(z, labels, targeted), leaf)[0];
                Tensor masked = g.mul(Tensor.of(moving, n, 1, 1)); // sign(0) = 0: frozen samples stay put
                if (opt == null) project(xAdv, xAdv, masked, alpha, x, eps, LO, HI, Projection.CLIP);
                else adamaxStep(opt, xAdv, masked, moving, x);
            }
        }
        return xAdv.requiresGrad(false);
    }

    /**
     * x_adv += Adamax step on -sign(g) (ascent), then clip into B_inf(x, eps) and [0, 1]; the rows of frozen
     * samples are put back, since Adamax's momentum would move them on a zero gradient.
     */
    private void adamaxStep(Adamax opt, Tensor xAdv, Tensor g, float[] moving, Tensor x) {
        Tensor before = xAdv.copy();
        opt.step(g.sign().neg());
        project(xAdv, xAdv, xAdv, 0f, x, eps, LO, HI, Projection.CLIP);
        int row = x.size() / moving.length;
        for (int i = 0; i < moving.length; i++)
            if (moving[i] == 0f) x.storage().backend().copy(xAdv.storage(), i * row, before.storage(), i * row, row);
    }
}
