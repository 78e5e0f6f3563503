package org.fatecg.attack;

import java.util.Arrays;
import java.util.List;
import org.fatecg.nn.Module;
import org.fatecg.nn.Parameter;
import org.fatecg.optim.Adam;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Tensor;

/**
 * CW-L2 (Carlini and Wagner, "Towards evaluating the robustness of neural networks", IEEE S&P 2017),
 * with the semantics of torchattacks 3.5.1, which the FAT paper's numbers were made with. L2, box by
 * change of variables, Adam on w:
 * <pre>
 *   x'(w)  = (tanh(w) + 1) / 2                 w_0 = atanh(2x - 1) = 0.5 log((1 + u) / (1 - u)), u = 2x - 1
 *   f(x')  = max(real - other, -kappa)         untargeted (targeted: max(other - real, -kappa), y = target)
 *            real = max(z_y, 0), other = max(max_{j != y} z_j, 0)     (torchattacks' positive-part quirk:
 *            it takes max over onehot*z and (1-onehot)*z, whose zeros enter the max)
 *   cost   = sum_i ||x'_i - x_i||^2 + c * sum_i f(x'_i)
 *   w     <- Adam(lr) step on d cost / d w
 * </pre>
 * Before each update, every sample whose current x' is misclassified (targeted: classified as the
 * target) with a squared distance below its best so far records x'. Every max(steps / 10, 1) steps
 * (at step indices 0, k, 2k, ...) the run stops early if the batch cost rose since the last check.
 * A sample never successful is returned unchanged (the clean input).
 *
 * <p>A pixel at exactly 0 or 1 gives w_0 = -inf or +inf. It stays there: tanh'(+-inf) = 0, so its
 * gradient is 0, Adam's step is 0 / (0 + eps) = 0 and inf - 0 = inf; x' is then exactly 0 or 1 and no
 * NaN arises. Defaults (the FAT paper): c 1, kappa 0, 50 steps, lr 0.01.
 */
public final class CwL2 extends AttackBase {
    public static final float PAPER_C = 1f, PAPER_KAPPA = 0f, PAPER_LR = 0.01f;
    public static final int PAPER_STEPS = 50;

    /** CW-L2's settings; {@link #paper()} is the FAT paper's: c 1, kappa 0, 50 steps, Adam lr 0.01. */
    public record Settings(float c, float kappa, int steps, float lr) {
        public static Settings paper() {
            return new Settings(PAPER_C, PAPER_KAPPA, PAPER_STEPS, PAPER_LR);
        }

        public Settings withC(float v) {
            return new Settings(v, kappa, steps, lr);
        }

        public Settings withKappa(float v) {
            return new Settings(c, v, steps, lr);
        }

        public Settings withSteps(int k) {
            return new Settings(c, kappa, k, lr);
        }

        public Settings withLr(float v) {
            return new Settings(c, kappa, steps, v);
        }
    }

    private final float c, kappa, lr;
    private final int steps;

    /** The attack's outcome: x_adv, how many steps ran, and per sample success and ||x_adv - x||^2. */
    public record Result(Tensor adversarial, int stepsRun, boolean[] success, float[] squaredL2) {}

    public CwL2(float c, float kappa, int steps, float lr) {
        if (!(c >= 0) || !(kappa >= 0) || steps < 0 || !(lr > 0))
            throw new IllegalArgumentException("CW needs c >= 0, kappa >= 0, steps >= 0, lr > 0; got " + c + ", "
                    + kappa + ", " + steps + ", " + lr);
        this.c = c;
        this.kappa = kappa;
        this.steps = steps;
        this.lr = lr;
    }

    /** The paper's setting: c 1, kappa 0, 50 steps, Adam lr 0.01. */
    public static CwL2 paper() {
        return new CwL2(PAPER_C, PAPER_KAPPA, PAPER_STEPS, PAPER_LR);
    }

    @Override
    public String name() {
        return "CW-L2-" + steps + " c=" + fmt(c) + " kappa=" + fmt(kappa) + " lr=" + fmt(lr);
    }

    @Override
    protected Tensor run(Module model, Tensor x, Tensor labels, boolean targeted) {
        return search(model, x, labels, targeted).adversarial();
    }

    /** The attack with its bookkeeping (for tests and reports); the model is put in attack mode here too. */
    public Result attack(Module model, Tensor x, Tensor labels, boolean targeted) {
        checkShapes(x, labels);
        return inAttackMode(model, scope -> {
            Result r = search(model, x.detach(), labels.detach(), targeted);
            scope.keep(r.adversarial());
            return r;
        });
    }

    private Result search(Module model, Tensor x, Tensor labels, boolean targeted) {
        int n = x.dim(0);
        float[] lab = labels.toArray();
        Tensor u = x.mul(2f).sub(1f).clamp(-1f, 1f);
        Tensor w = u.atanh();
        Adam adam = new Adam(List.of(new Parameter("w", w)), lr, 0.9f, 0.999f, 1e-8f);
        Tensor best = x.copy();
        float[] bestL2 = new float[n];
        Arrays.fill(bestL2, 1e10f);
        float prevCost = 1e10f;
        int every = Math.max(steps / 10, 1), ran = 0;
        for (int step = 0; step < steps; step++) {
            ran++;
            boolean rose;
            try (Arena scope = Arena.open()) {
                Tensor wl = w.detach().requiresGrad(true);
                Tensor xAdv = wl.tanh().add(1f).mul(0.5f);
                Tensor d = xAdv.sub(x);
                Tensor l2 = d.mul(d).sumTo(n, 1, 1).reshape(n);
                Tensor z = model.forward(xAdv);
                Tensor cost = Functional.sum(l2)
                        .add(Functional.sum(margin(z, labels, targeted)).mul(c));
                Tensor gradW = Autograd.grad(cost, wl)[0];

                // best-so-far from the x' of this step, i.e. before the update (torchattacks' order)
                boolean[] hit = reached(z, lab, targeted);
                float[] cur = l2.toArray();
                float[] mask = new float[n];
                boolean any = false;
                for (int i = 0; i < n; i++) {
                    if (hit[i] && bestL2[i] > cur[i]) {
                        mask[i] = 1f;
                        bestL2[i] = cur[i];
                        any = true;
                    }
                }
                if (any) {
                    // mask x' + (1 - mask) best: exact selection, as torchattacks writes it
                    Tensor m = Tensor.of(mask, n, 1, 1);
                    best.assign(
                            m.mul(xAdv.detach()).add(Tensor.scalar(1f).sub(m).mul(best)));
                }
                adam.step(gradW);
                rose = false;
                if (step % every == 0) {
                    float now = cost.item();
                    rose = now > prevCost;
                    prevCost = now;
                }
            }
            if (rose) break;
        }
        boolean[] success = new boolean[n];
        float[] sq = new float[n];
        for (int i = 0; i < n; i++) {
            success[i] = bestL2[i] < 1e10f;
            sq[i] = success[i] ? bestL2[i] : 0f;
        }
        return new Result(best, ran, success, sq);
    }

    /**
     * f per sample with torchattacks' positive parts: real = max(onehot * z), other = max((1 - onehot) * z),
     * so a negative logit competes with the zeros that the mask leaves; clamped below at -kappa.
     */
    private Tensor margin(Tensor z, Tensor labels, boolean targeted) {
        Tensor hot = Functional.oneHot(labels, z.dim(1));
        Tensor real = z.mul(hot).maxAlong(1);
        Tensor other = z.mul(Tensor.scalar(1f).sub(hot)).maxAlong(1);
        Tensor f = targeted ? other.sub(real) : real.sub(other);
        return f.clamp(-kappa, Float.POSITIVE_INFINITY);
    }
}
