package org.fatecg.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fatecg.Close;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The soft attention block against a double-precision twin written out here from its equations
 * (conv1d, softmax over positions, sum of maps, gamma, pool, concat, ReLU, average): forward values, and
 * the engine's gradients with respect to the input, W_a, b_a and gamma against central differences of
 * the twin (h = 1e-6, in double) of the scalar r . out for a fixed random r. Small shapes (N 2, C 3,
 * L 7: odd, so pooling drops a position; K 2) keep every coordinate checkable. The tolerance follows
 * ModelGradCheckTest: atol + 1e-4 |ref| with atol 1e-5 max |g|.
 */
class SoftAttentionGradCheckTest {
    static final int N = 2, C = 3, L = 7, K = 2;
    static final double H = 1e-6;

    /** The block in double: x (N, C, L), w (K, C, 3), b (K), gamma; returns out (N, 2C). */
    static double[] reference(double[] x, double[] w, double[] b, double gamma) {
        int half = L / 2;
        double[] out = new double[N * 2 * C];
        for (int n = 0; n < N; n++) {
            double[] s = new double[L]; // sum_k softmax_l(a_k)
            for (int k = 0; k < K; k++) {
                double[] a = new double[L];
                double max = Double.NEGATIVE_INFINITY;
                for (int l = 0; l < L; l++) {
                    double v = b[k];
                    for (int c = 0; c < C; c++)
                        for (int j = 0; j < 3; j++) {
                            int t = l + j - 1;
                            if (t >= 0 && t < L) v += w[(k * C + c) * 3 + j] * x[(n * C + c) * L + t];
                        }
                    a[l] = v;
                    max = Math.max(max, v);
                }
                double z = 0;
                for (int l = 0; l < L; l++) z += Math.exp(a[l] - max);
                for (int l = 0; l < L; l++) s[l] += Math.exp(a[l] - max) / z;
            }
            for (int c = 0; c < C; c++) {
                double attended = 0, plain = 0;
                for (int j = 0; j < half; j++) {
                    double f0 = x[(n * C + c) * L + 2 * j], f1 = x[(n * C + c) * L + 2 * j + 1];
                    attended += Math.max(0, Math.max(gamma * f0 * s[2 * j], gamma * f1 * s[2 * j + 1]));
                    plain += Math.max(0, Math.max(f0, f1));
                }
                out[n * 2 * C + c] = attended / half;
                out[n * 2 * C + C + c] = plain / half;
            }
        }
        return out;
    }

    static double dot(double[] a, double[] r) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * r[i];
        return s;
    }

    static double[] widen(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    @Test
    void forwardAndGradientsMatchTheDoubleTwin() {
        Rng rng = new Rng(11);
        SoftAttention1d block = new SoftAttention1d(C, K, 0.5f, rng);
        List<Parameter> ps = block.parameters();
        assertEquals(
                List.of("conv.weight", "conv.bias", "gamma"),
                ps.stream().map(Parameter::name).toList());
        ps.get(2).value().assign(Tensor.full(0.8f, 1)); // a gamma other than its initial 1
        // inputs around zero so that the ReLU after the concat cuts some attended and some plain entries
        Tensor x = Tensor.uniform(rng, -0.5f, 1f, N, C, L).requiresGrad(true);
        float[] r = new float[N * 2 * C];
        for (int i = 0; i < r.length; i++) r[i] = rng.nextFloat() - 0.5f;

        Tensor out = block.forward(x);
        double[] xs = widen(x.toArray()),
                w = widen(ps.get(0).value().toArray()),
                b = widen(ps.get(1).value().toArray());
        double gamma = ps.get(2).value().item();
        double[] rr = widen(r);
        Close.assertClose("attention block forward", reference(xs, w, b, gamma), out.toArray(), 1e-6, 1e-5);

        Tensor loss = Functional.sum(out.mul(Tensor.of(r, N, 2 * C)));
        Tensor[] g = Autograd.grad(
                loss, x, ps.get(0).value(), ps.get(1).value(), ps.get(2).value());
        double[][] targets = {xs, w, b, {gamma}};
        String[] names = {"input", "conv.weight", "conv.bias", "gamma"};
        for (int t = 0; t < targets.length; t++) {
            double[] v = targets[t];
            double[] fd = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                double saved = v[i];
                v[i] = saved + H;
                double up = dot(reference(xs, w, b, targets[3][0]), rr);
                v[i] = saved - H;
                double down = dot(reference(xs, w, b, targets[3][0]), rr);
                v[i] = saved;
                fd[i] = (up - down) / (2 * H);
            }
            float[] eng = g[t].toArray();
            double max = 0;
            for (float e : eng) max = Math.max(max, Math.abs(e));
            assertTrue(max > 0, names[t] + ": the gradient is all zero, the check would be empty");
            Close.assertClose("d(r . out)/d " + names[t], fd, eng, 1e-8 + 1e-5 * max, 1e-4);
        }
    }

    @Test
    void attentionMapsSumToOneOverPositions() {
        Rng rng = new Rng(3);
        SoftAttention1d block = new SoftAttention1d(C, K, 0.5f, rng);
        float[] a = block.attentionMaps(Tensor.uniform(rng, 0f, 1f, N, C, L)).toArray();
        for (int row = 0; row < N * K; row++) {
            double s = 0;
            for (int l = 0; l < L; l++) s += a[row * L + l];
            assertEquals(1.0, s, 1e-6, "map " + row);
        }
    }
}
