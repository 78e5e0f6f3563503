package org.fatecg.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.fatecg.Close;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Reference.Nd;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Whole-model gradient checks: the engine's float32 gradients of the paper CNN and of the MLP on two
 * beats, with respect to a sample of coordinates of every parameter tensor and of the input, against
 * central differences (h = 1e-6, in double) of the {@link RefNet} twin, whose weights are copied from the
 * engine's model. And the double-backprop case of the issue: the gradient with respect to the weights of
 * R(w) = (1/N) sum_n || d z_{n, y_n} / d x_n ||_1 (a gradient of an input gradient), against differences
 * of R computed in double (the input gradient by the reference chain rule).
 *
 * <p>ReLU networks are piecewise polynomial: a coordinate whose difference stencil (x - h, x + h) changes
 * the activation pattern (a ReLU sign or a pooling winner) is skipped, and at most a quarter may be; R
 * even jumps across such a change (its input gradient switches a mask), so the check is only meaningful
 * inside one pattern.
 *
 * <p>Tolerances: logits 1e-5 + 1e-4 |ref|; gradients atol + 1e-4 |ref| with atol = 1e-8 + 1e-5 max|g|, max|g|
 * the largest engine gradient of that tensor: float32 rounding scales with the size of the sums that make
 * a gradient, not with one (possibly cancelled) entry. The differences themselves are good to ~1e-10.
 */
class ModelGradCheckTest {
    static final double H = 1e-6;
    static final double ATOL_REL = 1e-5, ATOL_FLOOR = 1e-8, RTOL = 1e-4;
    static final int PER_TENSOR = 4, INPUT_COORDS = 8;

    /** Two beats: a smooth bump plus noise in [0, 1], like normalised ECG windows. */
    static Nd beats(Rng rng, int n, int length) {
        Nd x = Nd.zeros(n, 1, length);
        for (int b = 0; b < n; b++) {
            double centre = length * (0.3 + 0.4 * rng.nextDouble());
            for (int t = 0; t < length; t++)
                x.v[b * length + t] = (float) Math.min(
                        1, Math.max(0, 0.2 + 0.6 * Math.exp(-Math.pow((t - centre) / 8, 2)) + 0.1 * rng.nextDouble()));
        }
        return x;
    }

    /** Distinct random flat indices (count of them, or all when the tensor is smaller). */
    static int[] coords(Rng rng, int size, int count) {
        int[] p = rng.permutation(size);
        return java.util.Arrays.copyOf(p, Math.min(count, size));
    }

    /**
     * For each parameter tensor (and the input, at index -1) compares engine gradients with central
     * differences of f at sampled coordinates, skipping stencils that change the activation pattern.
     */
    static void compare(
            String model,
            RefNet ref,
            Nd x,
            List<Parameter> ps,
            Tensor[] engineGrads,
            boolean withInput,
            ToDoubleFunction<RefNet.Trace> f,
            Rng rng) {
        BitSet base = ref.forward(x).pattern;
        int checked = 0, skipped = 0;
        for (int k = withInput ? -1 : 0; k < ps.size(); k++) {
            String name = k < 0 ? "input" : ps.get(k).name();
            Nd target = k < 0 ? x : ref.params.get(name);
            float[] g = engineGrads[withInput ? k + 1 : k].toArray();
            double max = 0;
            for (float v : g) max = Math.max(max, Math.abs(v));
            List<Double> fd = new ArrayList<>(), an = new ArrayList<>();
            for (int i : coords(rng, target.size(), k < 0 ? INPUT_COORDS : PER_TENSOR)) {
                double saved = target.v[i];
                // f is evaluated while the coordinate is moved: it may read the weights again (R does).
                target.v[i] = saved + H;
                RefNet.Trace up = ref.forward(x);
                double fUp = f.applyAsDouble(up);
                target.v[i] = saved - H;
                RefNet.Trace down = ref.forward(x);
                double fDown = f.applyAsDouble(down);
                target.v[i] = saved;
                if (!up.pattern.equals(base) || !down.pattern.equals(base)) {
                    skipped++;
                    continue;
                }
                fd.add((fUp - fDown) / (2 * H));
                an.add((double) g[i]);
                checked++;
            }
            Close.assertClose(
                    model + " d/d" + name,
                    fd.stream().mapToDouble(Double::doubleValue).toArray(),
                    an.stream().mapToDouble(Double::doubleValue).toArray(),
                    ATOL_FLOOR + ATOL_REL * max,
                    RTOL);
        }
        assertTrue(
                skipped * 3 <= checked,
                model + ": " + skipped + " of " + (checked + skipped) + " stencils crossed a kink");
    }

    static Tensor[] wrt(Tensor x, List<Parameter> ps) {
        Tensor[] w = new Tensor[ps.size() + (x == null ? 0 : 1)];
        int i = 0;
        if (x != null) w[i++] = x;
        for (Parameter p : ps) w[i++] = p.value();
        return w;
    }

    /** Logits and d loss / d (every parameter, input) of mean cross-entropy, engine vs reference. */
    static void lossGradients(String model, Layers.Sequential net, Rng rng) {
        Nd x = beats(rng, 2, Models.BEAT_LENGTH);
        Nd y = new Nd(new double[] {1, 3}, 2);
        RefNet ref = RefNet.of(net);
        Tensor xt = x.tensor().requiresGrad(true);
        Tensor z = net.forward(xt);
        Close.assertClose(model + " logits", ref.forward(x).logits.v, z.toArray(), 1e-5, 1e-4);
        Tensor loss = Functional.crossEntropy(z, y.tensor());
        Close.assertClose(
                model + " loss",
                new double[] {RefNet.loss(ref.forward(x).logits, y)},
                new float[] {loss.item()},
                1e-6,
                1e-5);
        Tensor[] g = Autograd.grad(loss, wrt(xt, net.parameters()));
        compare(model, ref, x, net.parameters(), g, true, t -> RefNet.loss(t.logits, y), rng);
    }

    @Test
    void paperCnnGradientsMatchFiniteDifferences() {
        lossGradients("cnn", Models.paperCnn(new Rng(5)), new Rng(6));
    }

    @Test
    void mlpGradientsMatchFiniteDifferences() {
        lossGradients("mlp", Models.mlp(new Rng(7), Models.BEAT_LENGTH, true), new Rng(8));
    }

    /**
     * R(w) = (1/N) sum_n ||d z_{n,y_n} / d x_n||_1. The engine builds d z_y / d x with createGraph and
     * differentiates R again; the reference evaluates R in double (forward, then the chain rule back to
     * x seeded with onehot(y)) and differentiates it by central differences in every parameter tensor,
     * biases included (R depends on a bias only through the activation pattern, so d R / d b = 0 there).
     */
    @Test
    void doubleBackpropOfInputGradientNorm() {
        Rng rng = new Rng(9);
        Layers.Sequential net = Models.paperCnn(new Rng(10));
        int n = 2;
        Nd x = beats(rng, n, Models.BEAT_LENGTH);
        Nd y = new Nd(new double[] {0, 2}, n);
        Nd onehot = Nd.zeros(n, Models.CLASSES);
        for (int i = 0; i < n; i++) onehot.v[i * Models.CLASSES + (int) y.v[i]] = 1;

        Tensor xt = x.tensor().requiresGrad(true);
        Tensor zy = Functional.sum(net.forward(xt).mul(onehot.tensor()));
        Tensor dx = Autograd.grad(zy, null, true, xt)[0];
        Tensor r = Functional.sum(dx.abs()).div(n);
        RefNet ref = RefNet.of(net);
        ToDoubleFunction<RefNet.Trace> rOf = t -> {
            Nd d = ref.inputGradient(t, onehot);
            double s = 0;
            for (double v : d.v) s += Math.abs(v);
            return s / n;
        };
        Close.assertClose(
                "R value", new double[] {rOf.applyAsDouble(ref.forward(x))}, new float[] {r.item()}, 1e-6, 1e-5);
        Tensor[] g = Autograd.grad(r, wrt(null, net.parameters()));
        compare("d R", ref, x, net.parameters(), g, false, rOf, rng);
    }
}
