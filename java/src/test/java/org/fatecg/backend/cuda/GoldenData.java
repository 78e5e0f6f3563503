package org.fatecg.backend.cuda;

import java.util.SplittableRandom;

/** Seeded test inputs for the golden and parity cases, with the special values each op must survive. */
final class GoldenData {
    private final SplittableRandom rng;

    GoldenData(long seed) {
        rng = new SplittableRandom(seed);
    }

    float[] gauss(int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (gaussian() * scale);
        return a;
    }

    float[] uniform(int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (lo + (hi - lo) * rng.nextDouble());
        return a;
    }

    /** Values on a grid of 1/2: many exact ties and equalities for max, min and the comparisons. */
    float[] coarse(int n, double scale) {
        float[] a = gauss(n, scale);
        for (int i = 0; i < n; i++) a[i] = Math.round(a[i] * 2) / 2f;
        return a;
    }

    /** Overwrites the first values of a with the given specials (0, -0, NaN, infinities ...). */
    static float[] with(float[] a, float... specials) {
        System.arraycopy(specials, 0, a, 0, Math.min(a.length, specials.length));
        return a;
    }

    /** Sets about a fraction of the entries to exactly zero (sign(0) = 0 paths). */
    float[] zeroSome(float[] a, double fraction) {
        for (int i = 0; i < a.length; i++) if (rng.nextDouble() < fraction) a[i] = 0f;
        return a;
    }

    float[] labels(int n, int classes) {
        float[] y = new float[n];
        for (int i = 0; i < n; i++) y[i] = rng.nextInt(classes);
        return y;
    }

    private double gaussian() {
        double u = 1.0 - rng.nextDouble(), v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    static float maxAbs(float[] a) {
        float m = 0;
        for (float v : a) if (Float.isFinite(v)) m = Math.max(m, Math.abs(v));
        return m;
    }
}
