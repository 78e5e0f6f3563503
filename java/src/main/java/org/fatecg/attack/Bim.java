package org.fatecg.attack;

import org.fatecg.nn.Module;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Tensor;

/**
 * BIM, the basic iterative method (Kurakin, Goodfellow and Bengio, "Adversarial examples in the
 * physical world", ICLR workshop 2017). L-infinity, iterated FGSM from x_0 = x, each step clipped
 * into the box around x (torchattacks 3.5.1's form, bit for bit):
 * <pre>
 *   x'      = x_k + alpha * sign(grad_x J(f(x_k), y))
 *   x_{k+1} = min( min( max(x', max(x - eps, 0)), x + eps ), 1 )
 * </pre>
 * J = CE untargeted, -CE(., t) targeted. Equal to PGD without random start up to float rounding.
 * Defaults (the FAT paper): eps 8/255, alpha 2/255, 10 steps. steps = 0 means the paper's rule
 * min(255 eps + 4, 1.25 * 255 eps) (torchattacks does the same).
 */
public final class Bim extends AttackBase {
    public static final float PAPER_ALPHA = 2f / 255f;
    public static final int PAPER_STEPS = 10;

    /** BIM's settings; {@link #paper()} is the FAT paper's: eps 8/255, alpha 2/255, 10 steps. */
    public record Settings(float eps, float alpha, int steps) {
        public static Settings paper() {
            return new Settings(PAPER_EPS, PAPER_ALPHA, PAPER_STEPS);
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

    public Bim(float eps, float alpha, int steps) {
        if (!(eps >= 0) || !(alpha >= 0) || steps < 0)
            throw new IllegalArgumentException(
                    "BIM needs eps >= 0, alpha >= 0, steps >= 0; got " + eps + ", " + alpha + ", " + steps);
        this.eps = eps;
        this.alpha = alpha;
        this.steps = steps > 0 ? steps : (int) Math.min(eps * 255 + 4, 1.25 * eps * 255);
    }

    /** The paper's setting: eps 8/255, alpha 2/255, 10 steps. */
    public static Bim paper() {
        return new Bim(PAPER_EPS, PAPER_ALPHA, PAPER_STEPS);
    }

    public int steps() {
        return steps;
    }

    @Override
    public String name() {
        return "BIM-" + steps + " eps=" + fmt(eps) + " alpha=" + fmt(alpha);
    }

    @Override
    protected Tensor run(Module model, Tensor x, Tensor y, boolean targeted) {
        Tensor xAdv = x.copy();
        for (int k = 0; k < steps; k++) {
            try (Arena step = Arena.open()) {
                Tensor g = lossGradient(model, xAdv, y, targeted);
                project(xAdv, xAdv, g, alpha, x, eps, LO, HI, Projection.CLIP);
            }
        }
        return xAdv;
    }
}
