package org.fatecg.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.fatecg.nn.Layers;
import org.fatecg.tensor.Rng;

/**
 * z = W2 relu(W1 x + b1) + b2 on inputs of length L, in double, with its input gradients written out by
 * the chain rule: d z_m / d x = W1^T (relu'(h) * W2[m]). The independent reference of the objective tests;
 * {@link #engine} builds the same network in fatecg.
 */
final class TinyNet {
    final int in, hidden, classes;
    final double[] w1, b1, w2, b2; // (hidden, in), (hidden), (classes, hidden), (classes)
    final boolean bias;

    TinyNet(Rng rng, int in, int hidden, int classes, boolean bias) {
        this.in = in;
        this.hidden = hidden;
        this.classes = classes;
        this.bias = bias;
        w1 = random(rng, hidden * in, 0.8);
        w2 = random(rng, classes * hidden, 0.8);
        b1 = bias ? random(rng, hidden, 0.3) : new double[hidden];
        b2 = bias ? random(rng, classes, 0.3) : new double[classes];
    }

    private static double[] random(Rng rng, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++)
            v[i] = (float) (scale * (2 * rng.nextDouble() - 1)); // float-exact, as the engine holds them
        return v;
    }

    /** Every parameter array, in the engine's order (fc1.weight, fc1.bias, fc2.weight, fc2.bias). */
    double[][] params() {
        return bias ? new double[][] {w1, b1, w2, b2} : new double[][] {w1, w2};
    }

    Layers.Sequential engine() {
        Layers.Sequential net = new Layers.Sequential();
        Rng unused = new Rng(0);
        net.add("flatten", new Layers.Flatten());
        net.add("fc1", new Layers.Linear(in, hidden, bias, unused));
        net.add("relu", new Layers.ReLU());
        net.add("fc2", new Layers.Linear(hidden, classes, bias, unused));
        Map<String, float[]> sd = new LinkedHashMap<>();
        sd.put("fc1.weight", floats(w1));
        if (bias) sd.put("fc1.bias", floats(b1));
        sd.put("fc2.weight", floats(w2));
        if (bias) sd.put("fc2.bias", floats(b2));
        net.loadStateDict(sd);
        return net;
    }

    static float[] floats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    /** Logits of one sample. */
    double[] logits(double[] x) {
        double[] z = new double[classes];
        double[] a = hiddenPre(x);
        for (int m = 0; m < classes; m++) {
            double s = b2[m];
            for (int k = 0; k < hidden; k++) s += w2[m * hidden + k] * Math.max(0, a[k]);
            z[m] = s;
        }
        return z;
    }

    double[] hiddenPre(double[] x) {
        double[] a = new double[hidden];
        for (int k = 0; k < hidden; k++) {
            double s = b1[k];
            for (int t = 0; t < in; t++) s += w1[k * in + t] * x[t];
            a[k] = s;
        }
        return a;
    }

    /** d z_m / d x of one sample. */
    double[] inputGradient(double[] x, int m) {
        double[] a = hiddenPre(x), g = new double[in];
        for (int k = 0; k < hidden; k++) {
            if (a[k] <= 0) continue;
            for (int t = 0; t < in; t++) g[t] += w1[k * in + t] * w2[m * hidden + k];
        }
        return g;
    }
}
