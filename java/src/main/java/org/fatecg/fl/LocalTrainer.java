package org.fatecg.fl;

import org.fatecg.attack.Attack;
import org.fatecg.data.BeatDataset;
import org.fatecg.nn.Module;
import org.fatecg.nn.TrainingMode;
import org.fatecg.optim.Adam;
import org.fatecg.optim.Optimizer;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;

/**
 * A client's local training (ClientUpdate of Algorithm 1, Çelik and Güllü 2025), on one worker model that all
 * clients of a federation share in turn (they train one after another, so one copy of the network and
 * one Adam suffice; Adam is reset at the start of every fit, as the paper creates a new one).
 *
 * <p>Per minibatch (x, y), plain: one Adam step on CE(f(x), y). Adversarial (FAT): x_adv = attack(x, y)
 * against the current local weights, with the parameters' gradients off while attacking; then one
 * Adam step on the mean CE over the concatenation [x_adv ; x] with labels [y ; y], which is
 * 0.5 CE(f(x_adv), y) + 0.5 CE(f(x), y) (the FAT step of Çelik and Güllü 2025).
 */
public final class LocalTrainer {
    private final Module model;
    private final WeightLayout layout;
    private final float mu;
    private Adam adam;
    private FitConfig adamFor;

    public LocalTrainer(Module model) {
        this(model, 0);
    }

    /**
     * A trainer for FedProx (Li et al. 2020, "Federated optimization in heterogeneous networks"): every
     * local step minimises loss + (mu / 2) ||w - w_global||^2, i.e. adds mu (w - w_global) to each
     * parameter's gradient. mu = 0 is plain local training.
     */
    public LocalTrainer(Module model, float mu) {
        if (!(mu >= 0) || !Float.isFinite(mu)) throw new IllegalArgumentException("FedProx mu must be >= 0, got " + mu);
        this.model = model;
        this.layout = new WeightLayout(model);
        this.mu = mu;
    }

    public Module model() {
        return model;
    }

    public WeightLayout layout() {
        return layout;
    }

    /**
     * Trains from {@code global} on the beats idx[0..n) of data and returns the new weights.
     *
     * @param attack  null for plain training, else the attack that makes x_adv (FAT)
     * @param shuffle the stream that orders each epoch when config.shuffle(); unused otherwise
     */
    public FitResult train(Job job, int[] idx, int n, float[] global, FitConfig config, Attack attack, Rng shuffle) {
        Tensor[] anchor = mu > 0 ? anchor(global) : null;
        return trainWith(
                job, idx, n, global, config, (opt, x, y) -> step(model, opt, x, y, attack, anchor, mu), shuffle);
    }

    /** One client optimiser step on a batch (x, y); returns the loss before the step. */
    @FunctionalInterface
    public interface BatchStep {
        float step(Optimizer opt, Tensor x, Tensor y);
    }

    /** As above, each minibatch trained by {@code batchStep} (e.g. a training objective of org.fatecg.train). */
    public FitResult trainWith(
            Job job, int[] idx, int n, float[] global, FitConfig config, BatchStep batchStep, Rng shuffle) {
        long start = System.nanoTime();
        layout.load(model, global);
        Adam opt = freshAdam(config);
        int len = job.data().windowLength(), b = config.batchSize();
        int batches = (n + b - 1) / b;
        int[] order = new int[n];
        System.arraycopy(idx, 0, order, 0, n);
        float[] xFull = new float[b * len];
        int[] yFull = new int[b];
        double lossSum = 0;
        int steps = 0;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            if (config.shuffle()) shuffle.shuffle(order);
            job.listener().epochStarted(job.federation(), job.round(), job.client(), epoch, config.epochs(), batches);
            for (int k = 0; k < batches; k++) {
                int from = k * b, to = Math.min(n, from + b), m = to - from;
                float[] xs = m == b ? xFull : new float[m * len];
                int[] ys = m == b ? yFull : new int[m];
                job.data().gather(order, from, to, xs, ys);
                float loss = step(opt, xs, ys, m, len, batchStep);
                if (!Float.isFinite(loss))
                    throw new FederationException("round " + job.round() + ": client " + job.client() + " ("
                            + job.federation() + ") training loss became " + loss + " at epoch " + epoch + ", batch "
                            + (k + 1) + " of " + batches + "; lower the learning rate or check the data");
                lossSum += loss;
                steps++;
                job.listener().batchDone();
            }
            job.listener().epochEnded();
        }
        float[] weights = layout.flatten(model);
        return new FitResult(
                job.client(), weights, n, steps == 0 ? 0 : lossSum / steps, steps, System.nanoTime() - start);
    }

    /** One optimiser step on a batch, in training mode (dropout active); returns the loss before the step. */
    private static float step(Adam opt, float[] xs, int[] ys, int m, int len, BatchStep batchStep) {
        try (Arena a = Arena.open();
                TrainingMode training = TrainingMode.on()) {
            return batchStep.step(opt, Tensor.of(xs, m, 1, len), Functional.labels(ys));
        }
    }

    /** The global weights as one tensor per parameter (FedProx's w_global), outside any arena. */
    private Tensor[] anchor(float[] global) {
        Tensor[] out = new Tensor[layout.count()];
        int off = 0;
        for (int i = 0; i < out.length; i++) {
            int[] shape = layout.shape(i);
            int size = 1;
            for (int d : shape) size *= d;
            out[i] = Tensor.of(java.util.Arrays.copyOfRange(global, off, off + size), shape);
            off += size;
        }
        return out;
    }

    /**
     * One optimiser step of a client, the unit that training and the benchmarks share. Plain: minimise
     * CE(f(x), y). FAT (attack given): x_adv = attack(x, y) against the current weights (their gradients
     * off while it runs), then one step on [x_adv ; x] with labels [y ; y], i.e.
     * on 0.5 CE_adv + 0.5 CE_clean. Returns the loss before the step.
     */
    public static float step(Module model, Optimizer opt, Tensor x, Tensor y, Attack attack) {
        return step(model, opt, x, y, attack, null, 0);
    }

    /** The same step; with an anchor, FedProx's mu (w - anchor) is added to every gradient. */
    static float step(Module model, Optimizer opt, Tensor x, Tensor y, Attack attack, Tensor[] anchor, float mu) {
        try (Arena a = Arena.open()) {
            Tensor input = x, labels = y;
            if (attack != null) {
                // Only the input gradient is wanted while attacking, whatever the Attack implementation.
                model.requiresGrad(false);
                Tensor xAdv;
                try {
                    xAdv = attack.perturb(model, x, y).detach();
                } finally {
                    model.requiresGrad(true);
                }
                input = Tensor.concat(0, xAdv, x);
                labels = Tensor.concat(0, y, y);
            }
            Tensor loss = Functional.crossEntropy(model.forward(input), labels);
            Tensor[] params = opt.parameters(), grads = Autograd.grad(loss, params);
            if (anchor != null)
                try (org.fatecg.tensor.Grad off = org.fatecg.tensor.Grad.off()) {
                    for (int i = 0; i < grads.length; i++)
                        if (grads[i] != null)
                            grads[i] = grads[i].add(params[i].sub(anchor[i]).mul(mu));
                }
            opt.step(grads);
            return loss.item();
        }
    }

    /** Adam(lr, betas, eps) with no state: made once per setting, then reset, which is the same thing. */
    private Adam freshAdam(FitConfig c) {
        if (adam == null || !sameAdam(adamFor, c)) {
            adam = new Adam(model.parameters(), c.lr(), c.beta1(), c.beta2(), c.eps());
            adamFor = c;
        }
        adam.reset();
        return adam;
    }

    private static boolean sameAdam(FitConfig a, FitConfig b) {
        return a.lr() == b.lr() && a.beta1() == b.beta1() && a.beta2() == b.beta2() && a.eps() == b.eps();
    }

    /** Who is training, for progress and error messages. */
    public record Job(String federation, int round, int client, BeatDataset data, FederationListener listener) {}
}
