package org.fatecg.attack;

import org.fatecg.nn.Module;
import org.fatecg.tensor.Tensor;

/**
 * FGSM, the fast gradient sign method (Goodfellow, Shlens and Szegedy, "Explaining and harnessing
 * adversarial examples", ICLR 2015). L-infinity, one step:
 * <pre>
 *   x_adv = clip_[0,1]( x + eps * sign(grad_x J(f(x), y)) )       J = CE (untargeted) or -CE(., t) (targeted)
 * </pre>
 * Default (the FAT paper): eps = 8/255. As torchattacks 3.5.1, bit for bit: x + eps sign(g) never leaves
 * B_inf(x, eps), so the clip form of the projection is exactly the clip into [0, 1].
 */
public final class Fgsm extends AttackBase {
    private final float eps;

    /** FGSM's one setting; {@link #paper()} is the FAT paper's eps 8/255. */
    public record Settings(float eps) {
        public static Settings paper() {
            return new Settings(PAPER_EPS);
        }
    }

    public Fgsm(float eps) {
        if (!(eps >= 0)) throw new IllegalArgumentException("eps must be >= 0, got " + eps);
        this.eps = eps;
    }

    /** The paper's setting: eps 8/255. */
    public static Fgsm paper() {
        return new Fgsm(PAPER_EPS);
    }

    @Override
    public String name() {
        return "FGSM eps=" + fmt(eps);
    }

    @Override
    protected Tensor run(Module model, Tensor x, Tensor y, boolean targeted) {
        Tensor g = lossGradient(model, x, y, targeted);
        Tensor xAdv = x.copy();
        project(xAdv, x, g, eps, x, eps, LO, HI, Projection.CLIP);
        return xAdv;
    }
}
