package org.fatecg.attack;

import org.fatecg.nn.Layers;
import org.fatecg.nn.Models;
import org.fatecg.nn.Module;
import org.fatecg.optim.Adam;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Grad;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;

/**
 * A small, separable stand-in for MIT-BIH beats, and a model trained on it, for tests that need an
 * attack to have something to attack. Class c (of 5) is a Gaussian bump centred near 74 + 8c on noise;
 * each window is min-max normalised without the 1e-6, so every window holds an exact 0 and an exact 1
 * (the values that send CW's w to -inf and +inf).
 */
public final class SyntheticBeats {
    public static final int LENGTH = 180, CLASSES = Models.CLASSES;

    /** x (n, 1, LENGTH) and labels, n = perClass * 5, classes interleaved 0,1,2,3,4,0,... */
    public record Set(float[] x, int[] y) {
        public int size() {
            return y.length;
        }

        public Tensor inputs() {
            return Tensor.of(x, y.length, 1, LENGTH);
        }

        public Tensor labels() {
            return Functional.labels(y);
        }
    }

    private SyntheticBeats() {}

    public static Set make(int perClass, long seed) {
        Rng rng = new Rng(seed);
        int n = perClass * CLASSES;
        float[] x = new float[n * LENGTH];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % CLASSES;
            y[i] = c;
            double centre = 74 + 8 * c + 2 * (rng.nextDouble() - 0.5), amp = 0.8 + 0.4 * rng.nextDouble();
            float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
            for (int t = 0; t < LENGTH; t++) {
                double d = (t - centre) / 8.0;
                float v = (float) (amp * Math.exp(-0.5 * d * d) + 0.08 * rng.nextGaussian());
                x[i * LENGTH + t] = v;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            for (int t = 0; t < LENGTH; t++) x[i * LENGTH + t] = (x[i * LENGTH + t] - lo) / (hi - lo);
        }
        return new Set(x, y);
    }

    /** The seed-001 MLP trained with Adam on make(60, seed) until it classifies its training set. */
    public static Layers.Sequential trainedModel(long seed) {
        Rng rng = new Rng(seed);
        Layers.Sequential net = Models.mlp(rng, LENGTH, true);
        Set train = make(60, seed + 1);
        Adam adam = new Adam(net.parameters(), 2e-3f, 0.9f, 0.999f, 1e-8f);
        int n = train.size(), batch = 30;
        for (int epoch = 0; epoch < 15; epoch++) {
            for (int b = 0; b < n; b += batch) {
                try (Arena step = Arena.open()) {
                    Tensor xb = train.inputs().slice(0, b, batch);
                    Tensor yb = train.labels().slice(0, b, batch);
                    adam.step(Autograd.grad(Functional.crossEntropy(net.forward(xb), yb), adam.parameters()));
                }
            }
        }
        return net;
    }

    /** Fraction of samples the model classifies as their label. */
    public static double accuracy(Module model, Tensor x, int[] y) {
        int[] pred;
        try (Grad off = Grad.off();
                Arena a = Arena.open()) {
            pred = Functional.argmax(model.forward(x));
        }
        int ok = 0;
        for (int i = 0; i < y.length; i++) if (pred[i] == y[i]) ok++;
        return ok / (double) y.length;
    }

    /** Per sample ||a - b||_2 over windows of LENGTH. */
    public static double[] l2(float[] a, float[] b) {
        double[] d = new double[a.length / LENGTH];
        for (int i = 0; i < d.length; i++) {
            double s = 0;
            for (int t = i * LENGTH; t < (i + 1) * LENGTH; t++) s += (a[t] - b[t]) * (double) (a[t] - b[t]);
            d[i] = Math.sqrt(s);
        }
        return d;
    }
}
