package org.fatecg.data;

import java.util.List;

/**
 * Cuts one record's annotated beats into fixed windows (as Çelik and Güllü 2025 do).
 *
 * <p>For each annotation whose symbol is one of the 15 beat symbols ({@link Aami}) at sample r, the
 * window is signal[r - before .. r + after]. A window that would start before sample 0 or end after the
 * last sample is dropped, never padded. Values are physical: v = (adc - baseline) / gain in mV.
 *
 * <p>Precision: v is computed in double and rounded once to float32 (what numpy's float64 p_signal cast
 * to float32 gives). MINMAX then runs entirely in float32 as numpy does on a float32 array with NumPy 2
 * scalar rules: m = min, M = max, d = (M - m) + 1e-6f (each step rounded to float32),
 * x' = (v - m) / d (rounded), clipped to [0, 1]. On mV values the 1e-6 matters (d ~ 1), so the window
 * maximum comes out just below 1; on raw ADC integers it would be absorbed.
 */
public final class BeatWindows {
    private BeatWindows() {}

    /** The windows of one record, parallel arrays over the kept beats. */
    public record Result(float[] x, int[] y, int[] rSample, String[] symbols, int dropped) {
        public int size() {
            return y.length;
        }
    }

    /** Extracts the windows of {@code signal} for every beat annotation of {@code annotations}. */
    public static Result extract(WfdbRecord rec, int signal, List<Annotation> annotations, WindowSettings s) {
        if (s.format() != BeatFormat.WINDOWS)
            throw new IllegalArgumentException(
                    "BeatWindows needs format windows, got " + s.format().cliName());
        SignalSpec spec = rec.header().signals().get(signal);
        short[] adc = rec.adcView(signal);
        int len = s.length(), n = 0, dropped = 0;
        for (Annotation a : annotations) {
            if (Aami.indexOf(a.symbol()) < 0) continue;
            if (inside(a.sample(), s, adc.length)) n++;
            else dropped++;
        }
        float[] x = new float[n * len];
        int[] y = new int[n], r = new int[n];
        String[] sym = new String[n];
        int k = 0;
        for (Annotation a : annotations) {
            int cls = Aami.indexOf(a.symbol());
            if (cls < 0 || !inside(a.sample(), s, adc.length)) continue;
            int start = (int) a.sample() - s.before();
            for (int t = 0; t < len; t++) x[k * len + t] = (float) spec.toPhysical(adc[start + t]);
            if (s.norm() == WindowSettings.Normalisation.MINMAX) minMax(x, k * len, len);
            y[k] = cls;
            r[k] = (int) a.sample();
            sym[k] = a.symbol();
            k++;
        }
        return new Result(x, y, r, sym, dropped);
    }

    private static boolean inside(long r, WindowSettings s, int numSamples) {
        return r - s.before() >= 0 && r + s.after() <= numSamples - 1;
    }

    /** In place on w[off .. off+len): x' = clip((x - min) / (max - min + 1e-6), 0, 1), all in float32. */
    static void minMax(float[] w, int off, int len) {
        float mn = w[off], mx = w[off];
        for (int t = 1; t < len; t++) {
            float v = w[off + t];
            if (v < mn) mn = v;
            if (v > mx) mx = v;
        }
        float den = (mx - mn) + 1e-6f;
        for (int t = 0; t < len; t++) {
            float v = (w[off + t] - mn) / den;
            w[off + t] = v < 0f ? 0f : (v > 1f ? 1f : v);
        }
    }
}
