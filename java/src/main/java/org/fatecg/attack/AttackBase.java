package org.fatecg.attack;

import java.util.List;
import java.util.function.Function;
import org.fatecg.backend.Profiler;
import org.fatecg.nn.Module;
import org.fatecg.nn.Parameter;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Grad;
import org.fatecg.tensor.Tensor;

/**
 * What every attack shares, written once (torchattacks repeats it in each class): attack mode for the
 * model, the loss with its targeted sign, the input gradient, the success test, and the one projection
 * step. A subclass implements {@link #run} and reads like its paper's algorithm box.
 *
 * <p>Not here: anything attack-specific (random starts, optimisers, early stops), printing, file IO.
 */
public abstract class AttackBase implements Attack {
    /** The valid input range: beats are min-max normalised into [0, 1]. */
    static final float LO = 0f, HI = 1f;
    /** The FAT paper's L-infinity budget for FGSM, PGD and BIM: 8/255. */
    public static final float PAPER_EPS = 8f / 255f;

    /**
     * How the sign step is projected. Both are the projection onto B_inf(x, eps) ∩ [lo, hi] in exact
     * arithmetic; in float32 they round differently, and each is what its reference attack computes.
     */
    public enum Projection {
        /** PGD (torchattacks): delta = clip(x' - x, -eps, eps); x_adv = clip(x + delta, lo, hi). */
        DELTA,
        /** BIM and FGSM (torchattacks): x_adv = min(min(max(x', max(x - eps, lo)), x + eps), hi). */
        CLIP
    }

    @Override
    public final Tensor perturb(Module model, Tensor x, Tensor y) {
        return attack(model, x, y, false);
    }

    @Override
    public final Tensor perturbTargeted(Module model, Tensor x, Tensor target) {
        return attack(model, x, target, true);
    }

    private Tensor attack(Module model, Tensor x, Tensor labels, boolean targeted) {
        checkShapes(x, labels);
        return inAttackMode(model, scope -> scope.keep(run(model, x.detach(), labels.detach(), targeted)));
    }

    static void checkShapes(Tensor x, Tensor labels) {
        if (x.rank() != 3 || labels.rank() != 1 || labels.dim(0) != x.dim(0))
            throw new IllegalArgumentException(
                    "an attack takes x (N, C, L) and labels (N), got " + x + " and " + labels);
    }

    /**
     * The attack proper, with the model already in attack mode. labels are the true classes (untargeted:
     * move away from them) or the targets (targeted: move towards them). Must return a tensor that does
     * not share x's buffer.
     */
    protected abstract Tensor run(Module model, Tensor x, Tensor labels, boolean targeted);

    /**
     * Runs body with every parameter of the model not requiring a gradient (so that differentiating the
     * loss computes d/dx only, never a weight gradient), then restores each parameter's flag. body runs
     * in an arena of its own: it keeps what it returns, everything else it made is recycled.
     */
    static <T> T inAttackMode(Module model, Function<Arena, T> body) {
        if (!Grad.enabled())
            throw new IllegalStateException("attacks differentiate the model: call them outside Grad.off()");
        List<Parameter> ps = model.parameters();
        boolean[] saved = new boolean[ps.size()];
        for (int i = 0; i < saved.length; i++) {
            saved[i] = ps.get(i).value().requiresGrad();
            ps.get(i).value().requiresGrad(false);
        }
        try (Profiler.Phase attack = Profiler.phase("attack");
                Arena scope = Arena.open()) {
            return body.apply(scope);
        } finally {
            for (int i = 0; i < saved.length; i++) ps.get(i).value().requiresGrad(saved[i]);
        }
    }

    /**
     * J = CE(z, y) (mean over the batch) untargeted, J = -CE(z, t) targeted: every sign attack ascends J.
     */
    static Tensor loss(Tensor logits, Tensor labels, boolean targeted) {
        Tensor ce = Functional.crossEntropy(logits, labels);
        return targeted ? ce.neg() : ce;
    }

    /** grad_x J(f(x_adv), labels), computed by one forward and one input-only backward. */
    static Tensor lossGradient(Module model, Tensor xAdv, Tensor labels, boolean targeted) {
        Tensor leaf = xAdv.detach().requiresGrad(true);
        return Autograd.grad(loss(model.forward(leaf), labels, targeted), leaf)[0];
    }

    /** The attack's goal reached, per sample, from logits (N, classes). */
    static boolean[] reached(Tensor logits, float[] labels, boolean targeted) {
        float[] z = logits.toArray();
        int classes = logits.dim(1);
        boolean[] hit = new boolean[labels.length];
        for (int i = 0; i < hit.length; i++) hit[i] = reached(z, classes, i, (int) labels[i], targeted);
        return hit;
    }

    /**
     * Untargeted: argmax z != y; targeted: argmax z == t. argmax takes the first of tied maxima, as
     * torch.argmax does. z holds rows of `classes` logits.
     */
    static boolean reached(float[] z, int classes, int row, int label, boolean targeted) {
        int best = 0;
        for (int j = 1; j < classes; j++) if (z[row * classes + j] > z[row * classes + best]) best = j;
        return (best == label) == targeted;
    }

    /**
     * The one projection step, one fused backend kernel (so a GPU backend runs it as one kernel):
     * out = Proj_{B_inf(x, eps) ∩ [lo, hi]}(xAdv + alpha sign(grad)), sign(0) = 0, in the given rounding
     * form. alpha = 0 is a pure projection (grad is then ignored). out may be xAdv itself: the kernel is
     * elementwise, so attacks update their iterate in place and a loop allocates nothing for it.
     */
    static void project(
            Tensor out,
            Tensor xAdv,
            Tensor grad,
            float alpha,
            Tensor x,
            float eps,
            float lo,
            float hi,
            Projection form) {
        int n = x.size();
        if (out.size() != n || xAdv.size() != n || grad.size() != n)
            throw new IllegalArgumentException("project: sizes differ: " + out + " " + xAdv + " " + grad + " " + x);
        x.storage()
                .backend()
                .signStep(
                        out.storage(),
                        xAdv.storage(),
                        grad.storage(),
                        x.storage(),
                        alpha,
                        eps,
                        lo,
                        hi,
                        form == Projection.CLIP,
                        n);
    }

    static String fmt(float v) {
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }
}
