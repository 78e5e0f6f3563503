package org.fatecg.attack;

import org.fatecg.nn.Module;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;

/**
 * PGD, projected gradient descent under L-infinity (Madry et al., "Towards deep learning models
 * resistant to adversarial attacks", ICLR 2018), with torchattacks 3.5.1's rounding:
 * <pre>
 *   x_0     = clip_[0,1]( x + U(-eps, eps) )                 (random start; x_0 = x without it)
 *   x'      = x_k + alpha * sign(grad_x J(f(x_k), y))
 *   x_{k+1} = clip_[0,1]( x + clip(x' - x, -eps, eps) )
 * </pre>
 * J = CE untargeted, -CE(., t) targeted. Returns the last iterate x_steps: no early stop, no best-so-far.
 * Defaults (the FAT paper): eps 8/255, alpha 1/255, 20 steps, random start (torchattacks' default).
 */
public final class Pgd extends AttackBase {
    public static final float PAPER_ALPHA = 1f / 255f;
    public static final int PAPER_STEPS = 20;

    /** PGD's settings; {@link #paper()} is the FAT paper's: eps 8/255, alpha 1/255, 20 steps, random start. */
    public record Settings(float eps, float alpha, int steps, boolean randomStart) {
        public static Settings paper() {
            return new Settings(PAPER_EPS, PAPER_ALPHA, PAPER_STEPS, true);
        }

        public Settings withEps(float e) {
            return new Settings(e, alpha, steps, randomStart);
        }

        public Settings withAlpha(float a) {
            return new Settings(eps, a, steps, randomStart);
        }

        public Settings withSteps(int k) {
            return new Settings(eps, alpha, k, randomStart);
        }

        public Settings withRandomStart(boolean r) {
            return new Settings(eps, alpha, steps, r);
        }
    }

    /** PGD with these settings; rng feeds the random start (unused without one). */
    public Pgd(Settings s, Rng rng) {
        this(s.eps(), s.alpha(), s.steps(), s.randomStart() ? rng : null);
    }

    private final float eps, alpha;
    private final int steps;
    private final Rng randomStart;

    /** PGD without random start (x_0 = x). */
    public Pgd(float eps, float alpha, int steps) {
        this(eps, alpha, steps, null);
    }

    /** PGD with the random start U(-eps, eps) drawn from rng; a null rng means no random start. */
    public Pgd(float eps, float alpha, int steps, Rng randomStart) {
        if (!(eps >= 0) || !(alpha >= 0) || steps < 0)
            throw new IllegalArgumentException(
                    "PGD needs eps >= 0, alpha >= 0, steps >= 0; got " + eps + ", " + alpha + ", " + steps);
        this.eps = eps;
        this.alpha = alpha;
        this.steps = steps;
        this.randomStart = randomStart;
    }

    /** The paper's setting: eps 8/255, alpha 1/255, 20 steps, random start from rng. */
    public static Pgd paper(Rng rng) {
        return new Pgd(PAPER_EPS, PAPER_ALPHA, PAPER_STEPS, rng);
    }

    @Override
    public String name() {
        return "PGD-" + steps + " eps=" + fmt(eps) + " alpha=" + fmt(alpha) + (randomStart != null ? " rs" : "");
    }

    @Override
    protected Tensor run(Module model, Tensor x, Tensor y, boolean targeted) {
        Tensor xAdv = randomStart != null
                ? x.add(Tensor.uniform(randomStart, -eps, eps, x.shape())).clamp(LO, HI)
                : x.copy();
        for (int k = 0; k < steps; k++) {
            try (Arena step = Arena.open()) {
                Tensor g = lossGradient(model, xAdv, y, targeted);
                project(xAdv, xAdv, g, alpha, x, eps, LO, HI, Projection.DELTA);
            }
        }
        return xAdv;
    }
}
