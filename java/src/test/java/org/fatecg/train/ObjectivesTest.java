package org.fatecg.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.fatecg.Close;
import org.fatecg.nn.Layers;
import org.fatecg.nn.Module;
import org.fatecg.nn.Parameter;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Each objective of Ma and Liang (2020): its value on a two-sample linear network worked out by hand, and
 * on a small ReLU network its value against {@link ReferenceObjectives} (double, from the formulas) and
 * its double-backprop parameter gradient against central differences of that reference.
 */
class ObjectivesTest {
    /**
     * z = W x, W = [[2, 0], [1, -1]], no bias. x1 = (0.5, 0.25), y1 = 0: z = (1, 0.25), correct.
     * x2 = (0.1, 0.4), y2 = 1: z = (0.2, -0.3), wrong. By hand:
     * mse = ((1-1)^2 + 0.25^2 + 0.2^2 + (-1.3)^2) / 2 = 0.89625; margin: sample 1 only, t = 1 - 1 + 0.25 = 0.25
     * (kept); w_y of sample 1 = W[0] = (2, 0): loss2 term log(1 + 2 / 1.01), loss1 term
     * ||(2, 0) - (0.5, 0.25) / 0.3125||^2 = 0.4^2 + 0.8^2 = 0.8; jacobian: sum_m ||W_m||_1 = 4 per sample,
     * 0.9 * 2 * 4 / (2 * 2) = 1.8; CE = (log(1 + e^-0.75) + 0.5 + log(1 + e^-0.5)) / 2 = 0.680474.
     */
    @Test
    void handComputedOnALinearNetwork() {
        Layers.Sequential net = new Layers.Sequential();
        net.add("flatten", new Layers.Flatten());
        net.add("fc", new Layers.Linear(2, 2, false, new Rng(0)));
        net.loadStateDict(Map.of("fc.weight", new float[] {2, 0, 1, -1}));
        Tensor x = Tensor.of(new float[] {0.5f, 0.25f, 0.1f, 0.4f}, 2, 1, 2);
        Tensor y = Functional.labels(new int[] {0, 1});
        assertEquals(0.680474, new CrossEntropy().loss(net, x, y).item(), 1e-5);
        assertEquals(0.89625, new SquaredError(false).loss(net, x, y).item(), 1e-6);
        assertEquals(1.14625, new SquaredError(true).loss(net, x, y).item(), 1e-6);
        assertEquals(
                1.14625 + 0.3 * Math.log(1 + 2 / 1.01),
                new NoiseToSignal(0.3f).loss(net, x, y).item(),
                1e-5);
        assertEquals(1.14625 + 0.2 * 0.8, new Alignment(0.2f).loss(net, x, y).item(), 1e-5);
        assertEquals(0.680474 + 1.8, new JacobianPenalty(0.9f).loss(net, x, y).item(), 1e-5);
    }

    @FunctionalInterface
    interface Ref {
        double value(TinyNet net, double[][] x, int[] y);
    }

    @Test
    void ceMatchesReferenceAndDifferences() {
        check(new CrossEntropy(), ReferenceObjectives::ce, true);
    }

    @Test
    void mseMatchesReferenceAndDifferences() {
        check(new SquaredError(false), ReferenceObjectives::mse, true);
    }

    @Test
    void mseMarginMatchesReferenceAndDifferences() {
        check(
                new SquaredError(true),
                (n, x, y) -> ReferenceObjectives.mse(n, x, y) + ReferenceObjectives.margin(n, x, y),
                true);
    }

    @Test
    void loss1MatchesReferenceAndDifferences() {
        check(new Alignment(0.2f), (n, x, y) -> ReferenceObjectives.loss1(n, x, y, 0.2), false);
    }

    @Test
    void loss2MatchesReferenceAndDifferences() {
        check(new NoiseToSignal(0.4f), (n, x, y) -> ReferenceObjectives.loss2(n, x, y, 0.4), true);
    }

    @Test
    void jacobianMatchesReferenceAndDifferences() {
        check(new JacobianPenalty(0.9f), (n, x, y) -> ReferenceObjectives.jacobian(n, x, y, 0.9), true);
    }

    @Test
    void loss1RefusesANetworkWithBiases() {
        TinyNet ref = new TinyNet(new Rng(3), 5, 7, 3, true);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new Alignment(0.2f).loss(ref.engine(), Tensor.zeros(1, 1, 5), Functional.labels(new int[] {0})));
        assertTrue(e.getMessage().contains("bias-free"), e.getMessage());
    }

    /**
     * Six samples on a 5-7-3 ReLU network: four labelled with their predicted class (correct), two with
     * another (wrong), so both branches of the masked terms are exercised.
     */
    private static void check(Objective objective, Ref ref, boolean bias) {
        Rng rng = new Rng(11);
        TinyNet tiny = new TinyNet(rng, 5, 7, 3, bias);
        int n = 6;
        double[][] x = new double[n][5];
        float[] xf = new float[n * 5];
        for (int i = 0; i < n; i++)
            for (int t = 0; t < 5; t++) {
                x[i][t] = (float) rng.nextDouble();
                xf[i * 5 + t] = (float) x[i][t];
            }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int p = ReferenceObjectives.argmax(tiny.logits(x[i]));
            y[i] = i < 4 ? p : (p + 1) % 3;
        }
        Module net = tiny.engine();
        Tensor loss = objective.loss(net, Tensor.of(xf, n, 1, 5), Functional.labels(y));
        double expected = ref.value(tiny, x, y);
        assertEquals(expected, loss.item(), 1e-5 + 1e-5 * Math.abs(expected), objective.name() + " value");
        List<Parameter> ps = net.parameters();
        Tensor[] wrt = new Tensor[ps.size()];
        for (int i = 0; i < wrt.length; i++) wrt[i] = ps.get(i).value();
        Tensor[] g = Autograd.grad(loss, wrt);
        double[][] params = tiny.params();
        double h = 1e-6;
        for (int k = 0; k < params.length; k++) {
            double[] p = params[k], fd = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                double saved = p[i];
                p[i] = saved + h;
                double up = ref.value(tiny, x, y);
                p[i] = saved - h;
                double down = ref.value(tiny, x, y);
                p[i] = saved;
                fd[i] = (up - down) / (2 * h);
            }
            Close.assertClose(objective.name() + " d/d " + ps.get(k).name(), fd, g[k].toArray(), 2e-5, 1e-3);
        }
    }
}
