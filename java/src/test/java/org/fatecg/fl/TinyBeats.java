package org.fatecg.fl;

import org.fatecg.data.BeatDataset;
import org.fatecg.tensor.Rng;

/**
 * A small synthetic beat set for fast tests: class c (0..4) is a Gaussian bump centred at sample
 * 30 + 30 c plus noise, min-max normalised into [0, 1] like the real windows. Easy to learn, so a few
 * steps show a falling loss; labels cycle 0,1,2,3,4 so every class is present in any 5 consecutive beats.
 */
public final class TinyBeats {
    private TinyBeats() {}

    public static BeatDataset make(int n, long seed) {
        int len = 180;
        Rng rng = new Rng(seed);
        float[] x = new float[n * len];
        int[] y = new int[n], rec = new int[n], rs = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 5;
            y[i] = c;
            rec[i] = 100 + i % 7;
            rs[i] = 1000 + i;
            float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
            for (int t = 0; t < len; t++) {
                double d = (t - (30 + 30 * c)) / 8.0;
                float v = (float) (Math.exp(-d * d) + 0.1 * rng.nextGaussian());
                x[i * len + t] = v;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            for (int t = 0; t < len; t++) x[i * len + t] = Math.min(1f, (x[i * len + t] - lo) / (hi - lo + 1e-6f));
        }
        return new BeatDataset(x, y, rec, rs, len);
    }

    public static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) r[i] = from + i;
        return r;
    }
}
