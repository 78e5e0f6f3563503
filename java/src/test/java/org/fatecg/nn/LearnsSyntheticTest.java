package org.fatecg.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.fatecg.optim.Adam;
import org.fatecg.optim.Adamax;
import org.fatecg.optim.Optimizer;
import org.fatecg.optim.Sgd;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Grad;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * End to end: the paper CNN, trained with the engine's own autodiff and optimisers, learns a synthetic
 * 5-class problem of 180-sample signals, and each optimiser lowers the loss of a fixed batch.
 *
 * <p>The problem: class c has a Gaussian bump of width 6 centred at 30 + 30c (jittered by +-8 samples,
 * amplitude 0.7-1.3), on top of a sinusoid of c + 1 cycles per window with a random phase and amplitude
 * 0.3, plus Gaussian noise of standard deviation 0.15. Neighbouring centres are 30 samples apart and the
 * jitter brings them as close as 14; the sinusoid (whose frequency also carries the class) and the noise
 * are a quarter to a third of the bump's height. Chance is 20%.
 *
 * <p>What it is not: a benchmark (no timing is asserted) or a test of the paper's accuracy.
 */
class LearnsSyntheticTest {
    static final int L = Models.BEAT_LENGTH, C = Models.CLASSES;

    /** A batch of n signals (N, 1, 180) and their labels, drawn from rng. */
    static Tensor[] batch(Rng rng, int n) {
        float[] x = new float[n * L];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(C);
            y[i] = c;
            double centre = 30 + 30 * c + 16 * (rng.nextDouble() - 0.5);
            double amp = 0.7 + 0.6 * rng.nextDouble(), phase = 2 * Math.PI * rng.nextDouble();
            for (int t = 0; t < L; t++)
                x[i * L + t] = (float) (amp * Math.exp(-Math.pow((t - centre) / 6, 2))
                        + 0.3 * Math.sin(2 * Math.PI * (c + 1) * t / L + phase)
                        + 0.15 * rng.nextGaussian());
        }
        return new Tensor[] {Tensor.of(x, n, 1, L), Functional.labels(y)};
    }

    /** One optimiser step on mean cross-entropy; every temporary goes back to the pool. */
    static float step(Layers.Sequential net, Optimizer opt, Tensor[] b) {
        try (Arena step = Arena.open()) {
            Tensor loss = Functional.crossEntropy(net.forward(b[0]), b[1]);
            opt.step(Autograd.grad(loss, opt.parameters()));
            return loss.item();
        }
    }

    static double accuracy(Layers.Sequential net, Tensor[] b) {
        try (Arena eval = Arena.open();
                Grad off = Grad.off()) {
            int[] pred = Functional.argmax(net.forward(b[0]));
            float[] y = b[1].toArray();
            int right = 0;
            for (int i = 0; i < pred.length; i++) if (pred[i] == (int) y[i]) right++;
            return right / (double) pred.length;
        }
    }

    static float loss(Layers.Sequential net, Tensor[] b) {
        try (Arena eval = Arena.open();
                Grad off = Grad.off()) {
            return Functional.crossEntropy(net.forward(b[0]), b[1]).item();
        }
    }

    /** Adam (the paper's lr 1e-3), batch 32: at least 95% on 500 held-out signals within 400 steps. */
    @Test
    void paperCnnLearnsFiveClasses() {
        Layers.Sequential net = Models.paperCnn(new Rng(1));
        Optimizer adam = new Adam(net.parameters());
        Rng train = new Rng(2);
        Tensor[] heldOut = batch(new Rng(3), 500);
        double before = accuracy(net, heldOut), acc = before;
        int steps = 0;
        while (steps < 400) {
            step(net, adam, batch(train, 32));
            steps++;
            if (steps % 50 == 0 && (acc = accuracy(net, heldOut)) >= 0.95) break;
        }
        System.out.printf("synthetic 5-class: accuracy %.3f -> %.3f after %d Adam steps%n", before, acc, steps);
        assertTrue(before < 0.5, "the untrained network should be near chance, got " + before);
        assertTrue(acc >= 0.95, "accuracy " + acc + " after " + steps + " steps");
    }

    /**
     * Loss trajectories on one fixed batch of 64 (the objective does not change, so a descent method must
     * lower it): after 30 steps Adam and Adamax have at least halved it; plain SGD with a small step
     * (lr 0.05, below 2 / curvature) must lower it at every single step, since
     * L(w - lr g) = L(w) - lr |g|^2 + O(lr^2), and by at least 0.5% in all. A sign error raises the loss,
     * a no-op update leaves it equal; both fail.
     */
    @Test
    void everyOptimiserLowersTheLoss() {
        trajectory("Adam", ps -> new Adam(ps), 0.5f, false);
        trajectory("Adamax", ps -> new Adamax(ps, 2e-3f), 0.5f, false);
        trajectory("SGD", ps -> new Sgd(ps, 0.05f), 0.995f, true);
    }

    static void trajectory(
            String name, Function<java.util.List<Parameter>, Optimizer> make, float factor, boolean monotone) {
        Layers.Sequential net = Models.paperCnn(new Rng(4));
        Optimizer opt = make.apply(net.parameters());
        Tensor[] fixed = batch(new Rng(5), 64);
        float before = loss(net, fixed), previous = before;
        for (int i = 0; i < 30; i++) {
            float current = step(net, opt, fixed); // the loss at the weights before this step
            if (monotone && i > 0)
                assertTrue(
                        current < previous, name + ": step " + i + " raised the loss " + previous + " -> " + current);
            previous = current;
        }
        float after = loss(net, fixed);
        if (monotone) assertTrue(after < previous, name + ": the last step raised the loss");
        System.out.printf("%s: loss %.4f -> %.4f after 30 steps%n", name, before, after);
        assertTrue(
                after < factor * before,
                name + ": loss " + before + " -> " + after + ", expected below " + factor + " x");
    }
}
