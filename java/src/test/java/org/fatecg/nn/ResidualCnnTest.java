package org.fatecg.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.Close;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Kachuee's residual CNN: its parameter count by hand, max pooling k5/s2 against a plain loop, and the
 * gradients of the whole network against central differences of a double-precision twin written with
 * loops here (conv, ReLU, skip, pooling, linear).
 */
class ResidualCnnTest {
    /**
     * conv0 32*1*5 + 32 = 192; each block two convs of 32*32*5 + 32 = 5,152, five blocks 51,520;
     * linear1 64*32 + 32 = 2,080; linear2 32*5 + 5 = 165. Total 53,957; the 389 biases (32 + 10 * 32 + 32 + 5) removed, 53,568.
     */
    @Test
    void parameterCount() {
        assertEquals(53_957, new ResidualCnn(new Rng(0), 180, true).parameterCount());
        assertEquals(53_568, new ResidualCnn(new Rng(0), 180, false).parameterCount());
        assertEquals(
                53_957,
                new ResidualCnn(new Rng(0), 187, true).parameterCount()); // Kachuee's beats also end at length 2
        assertEquals(
                List.of("conv0.weight", "conv0.bias", "block.0.conv1.weight"),
                new ResidualCnn(new Rng(0), 180, true)
                        .stateDict().keySet().stream().limit(3).toList());
        assertEquals(
                "resnet",
                Models.nameOf(new ResidualCnn(new Rng(0), 180, true).stateDict().keySet()));
    }

    @Test
    void maxPoolMatchesALoopAndRoutesTiesToTheFirstTap() {
        Rng rng = new Rng(5);
        int[][] cases = {{180, 5, 2}, {19, 5, 2}, {8, 5, 2}, {11, 3, 3}, {7, 2, 2}, {9, 4, 1}};
        for (int[] c : cases) {
            int l = c[0], k = c[1], s = c[2], out = (l - k) / s + 1;
            float[] v = new float[3 * l];
            for (int i = 0; i < v.length; i++) v[i] = (float) Math.floor(rng.nextDouble() * 6); // many ties
            Tensor x = Tensor.of(v, 3, 1, l).requiresGrad(true);
            Tensor y = Functional.maxPool1d(x, k, s);
            assertArrayEquals(new int[] {3, 1, out}, y.shape());
            float[] got = y.toArray();
            float[] expectGrad = new float[v.length];
            for (int r = 0; r < 3; r++)
                for (int i = 0; i < out; i++) {
                    int best = r * l + i * s;
                    for (int j = 1; j < k; j++) if (v[r * l + i * s + j] > v[best]) best = r * l + i * s + j;
                    assertEquals(v[best], got[r * out + i], 0f, "L " + l + " k " + k + " s " + s + " window " + i);
                    expectGrad[best] += 1f;
                }
            assertArrayEquals(
                    expectGrad, Autograd.grad(Functional.sum(y), x)[0].toArray(), 0f, "gradient routing L " + l);
        }
    }

    @Test
    void gradientsMatchDifferencesOfADoubleTwin() {
        int n = 2, l = 125; // the shortest input that survives five k5/s2 poolings (125 -> 61 -> 29 -> 13 -> 5 -> 1)
        ResidualCnn net = new ResidualCnn(new Rng(7), l, true);
        Rng rng = new Rng(8);
        double[] x = new double[n * l];
        float[] xf = new float[n * l];
        for (int i = 0; i < x.length; i++) xf[i] = (float) (x[i] = (float) rng.nextDouble());
        int[] y = {1, 3};
        Tensor xt = Tensor.of(xf, n, 1, l).requiresGrad(true);
        Tensor loss = Functional.crossEntropy(net.forward(xt), Functional.labels(y));
        List<Parameter> ps = net.parameters();
        Tensor[] wrt = new Tensor[ps.size() + 1];
        wrt[0] = xt;
        for (int i = 0; i < ps.size(); i++) wrt[i + 1] = ps.get(i).value();
        Tensor[] g = Autograd.grad(loss, wrt);
        Twin twin = new Twin(net.stateDict(), l);
        assertEquals(twin.ce(x, y), loss.item(), 1e-5);
        double h = 1e-6;
        int checked = 0;
        java.util.Set<String> sampled = java.util.Set.of(
                "conv0.weight",
                "conv0.bias",
                "block.0.conv1.weight",
                "block.2.conv2.weight",
                "block.4.conv2.bias",
                "linear1.weight",
                "linear2.bias"); // a spread of tensors keeps the test to seconds
        for (int k = 0; k < wrt.length; k++) {
            if (k > 0 && !sampled.contains(ps.get(k - 1).name())) continue;
            double[] target = k == 0 ? x : twin.p.get(ps.get(k - 1).name());
            float[] eng = g[k].toArray();
            double max = 0;
            for (float v : eng) max = Math.max(max, Math.abs(v));
            int[] coords = rng.permutation(target.length);
            for (int c = 0; c < Math.min(3, coords.length); c++) {
                int i = coords[c];
                double saved = target[i];
                target[i] = saved + h;
                double up = twin.ce(x, y);
                target[i] = saved - h;
                double down = twin.ce(x, y);
                target[i] = saved;
                double fd = (up - down) / (2 * h);
                Close.assertClose(
                        (k == 0 ? "input" : ps.get(k - 1).name()) + "[" + i + "]",
                        new double[] {fd},
                        new float[] {eng[i]},
                        1e-8 + 1e-4 * max,
                        1e-3);
                checked++;
            }
        }
        assertEquals(24, checked);
    }

    /** The same network in double, with plain loops. */
    static final class Twin {
        final Map<String, double[]> p = new HashMap<>();
        final int length;

        Twin(Map<String, float[]> sd, int length) {
            this.length = length;
            for (Map.Entry<String, float[]> e : sd.entrySet()) {
                double[] d = new double[e.getValue().length];
                for (int i = 0; i < d.length; i++) d[i] = e.getValue()[i];
                p.put(e.getKey(), d);
            }
        }

        double ce(double[] x, int[] y) {
            int n = y.length;
            double s = 0;
            for (int b = 0; b < n; b++) {
                double[] z = logits(java.util.Arrays.copyOfRange(x, b * length, (b + 1) * length));
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (double v : z) max = Math.max(max, v);
                for (double v : z) sum += Math.exp(v - max);
                s += max + Math.log(sum) - z[y[b]];
            }
            return s / n;
        }

        double[] logits(double[] x) {
            double[][] h = conv(new double[][] {x}, "conv0");
            for (int b = 0; b < 5; b++) {
                double[][] a = relu(conv(relu(conv(h, "block." + b + ".conv1")), "block." + b + ".conv2"), h);
                h = pool(a);
            }
            double[] flat = new double[h.length * h[0].length];
            for (int c = 0; c < h.length; c++) System.arraycopy(h[c], 0, flat, c * h[0].length, h[0].length);
            double[] f1 = linear(flat, "linear1");
            for (int i = 0; i < f1.length; i++) f1[i] = Math.max(0, f1[i]);
            return linear(f1, "linear2");
        }

        double[][] conv(double[][] in, String name) {
            double[] w = p.get(name + ".weight"), bias = p.get(name + ".bias");
            int cin = in.length, l = in[0].length, cout = w.length / (cin * 5);
            double[][] out = new double[cout][l];
            for (int o = 0; o < cout; o++)
                for (int t = 0; t < l; t++) {
                    double s = bias[o];
                    for (int c = 0; c < cin; c++)
                        for (int k = 0; k < 5; k++) {
                            int u = t + k - 2;
                            if (u >= 0 && u < l) s += w[(o * cin + c) * 5 + k] * in[c][u];
                        }
                    out[o][t] = s;
                }
            return out;
        }

        static double[][] relu(double[][] a) {
            double[][] r = new double[a.length][];
            for (int c = 0; c < a.length; c++) {
                r[c] = a[c].clone();
                for (int t = 0; t < r[c].length; t++) r[c][t] = Math.max(0, r[c][t]);
            }
            return r;
        }

        /** relu(a + skip) */
        static double[][] relu(double[][] a, double[][] skip) {
            double[][] r = new double[a.length][a[0].length];
            for (int c = 0; c < a.length; c++)
                for (int t = 0; t < a[0].length; t++) r[c][t] = Math.max(0, a[c][t] + skip[c][t]);
            return r;
        }

        static double[][] pool(double[][] a) {
            int out = (a[0].length - 5) / 2 + 1;
            double[][] r = new double[a.length][out];
            for (int c = 0; c < a.length; c++)
                for (int i = 0; i < out; i++) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < 5; j++) m = Math.max(m, a[c][2 * i + j]);
                    r[c][i] = m;
                }
            return r;
        }

        double[] linear(double[] in, String name) {
            double[] w = p.get(name + ".weight"), b = p.get(name + ".bias");
            double[] out = new double[b.length];
            for (int o = 0; o < out.length; o++) {
                double s = b[o];
                for (int i = 0; i < in.length; i++) s += w[o * in.length + i] * in[i];
                out[o] = s;
            }
            return out;
        }
    }
}
