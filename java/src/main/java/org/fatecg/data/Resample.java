package org.fatecg.data;

/**
 * Sampling-rate conversion to a lower rate: an anti-aliasing low-pass filter at the input rate, then linear
 * interpolation at the output instants.
 *
 * <p>Filter: a Hamming-windowed sinc, h[k] = w[k] sin(2 pi f k) / (pi k) for |k| <= M (h[0] = 2 f), with
 * f = 0.45 fsOut / fsIn cycles per input sample (cutoff 0.45 fsOut, just under the output's Nyquist rate
 * 0.5 fsOut), w[k] = 0.54 + 0.46 cos(pi k / M) and M = 0.2 s of input (72 taps a side at 360 Hz: a
 * transition band of about 3.3 fsIn / (2M + 1) = 8 Hz, stopband about -53 dB). The taps are scaled to sum
 * to 1 (unit gain at 0 Hz). Beyond the ends the signal is continued by point reflection, v[-j] = 2 v[0] -
 * v[j], so that a straight line stays straight through the filter.
 *
 * <p>Interpolation: output k sits at input position t = k fsIn / fsOut; with i = floor(t) and a = t - i,
 * u[k] = (1 - a) g[i] + a g[i + 1] for the filtered g. A symmetric filter of unit gain and linear
 * interpolation both reproduce a line exactly, so a ramp passes unchanged (the tests use this).
 */
public final class Resample {
    /** Half-width of the filter in seconds of input. */
    static final double HALF_WIDTH_SECONDS = 0.2;
    /** Cutoff as a fraction of the output rate. */
    static final double CUTOFF = 0.45;

    private Resample() {}

    /** Number of output samples: the instants k fsIn / fsOut that fall on or before the last input, floor((n - 1) fsOut / fsIn) + 1. */
    public static int outputLength(int n, double fsIn, double fsOut) {
        return (int) Math.floor((n - 1) * fsOut / fsIn + 1e-9) + 1;
    }

    /**
     * {@code v} sampled at {@code fsIn} Hz, converted to {@code fsOut <= fsIn} Hz; the same array when the
     * rates are equal.
     */
    public static double[] toRate(double[] v, double fsIn, double fsOut) {
        if (!(fsIn > 0) || !(fsOut > 0) || fsOut > fsIn)
            throw new IllegalArgumentException(
                    "resampling needs 0 < output rate <= input rate, got " + fsIn + " Hz -> " + fsOut + " Hz");
        if (fsOut == fsIn) return v;
        int m = (int) Math.round(HALF_WIDTH_SECONDS * fsIn), n = v.length;
        if (n <= m)
            throw new IllegalArgumentException("resampling needs more than " + m + " input samples ("
                    + HALF_WIDTH_SECONDS + " s at " + fsIn + " Hz, the filter's half-width), got " + n);
        double[] h = taps(m, CUTOFF * fsOut / fsIn);
        int outN = outputLength(n, fsIn, fsOut);
        double[] u = new double[outN];
        double step = fsIn / fsOut;
        for (int k = 0; k < outN; k++) {
            double t = k * step;
            int i = Math.min((int) Math.floor(t), n - 1);
            double a = t - i;
            double gi = filtered(v, h, m, i);
            u[k] = a == 0 || i == n - 1 ? gi : (1 - a) * gi + a * filtered(v, h, m, i + 1);
        }
        return u;
    }

    /** The windowed-sinc taps h[0 .. 2m], centre at m, summing to 1. */
    static double[] taps(int m, double f) {
        double[] h = new double[2 * m + 1];
        double sum = 0;
        for (int k = -m; k <= m; k++) {
            double sinc = k == 0 ? 2 * f : Math.sin(2 * Math.PI * f * k) / (Math.PI * k);
            double w = 0.54 + 0.46 * Math.cos(Math.PI * k / m);
            h[k + m] = sinc * w;
            sum += h[k + m];
        }
        for (int k = 0; k < h.length; k++) h[k] /= sum;
        return h;
    }

    /** (h * v)[i], the signal continued past its ends by point reflection. */
    private static double filtered(double[] v, double[] h, int m, int i) {
        int n = v.length;
        double acc = 0;
        for (int k = -m; k <= m; k++) {
            int j = i + k;
            double x = j < 0 ? 2 * v[0] - v[-j] : j >= n ? 2 * v[n - 1] - v[2 * (n - 1) - j] : v[j];
            acc += h[k + m] * x;
        }
        return acc;
    }
}
