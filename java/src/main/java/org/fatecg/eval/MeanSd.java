package org.fatecg.eval;

import java.util.Locale;

/**
 * The mean and the sample standard deviation of a few numbers, such as one accuracy over seeds:
 * mean = (1/n) sum v_i, sd = sqrt(sum (v_i - mean)^2 / (n - 1)), with sd = 0 for a single value (no
 * spread is measured) and both NaN for none.
 */
public record MeanSd(double mean, double sd, int n) {
    public static MeanSd of(double... v) {
        if (v.length == 0) return new MeanSd(Double.NaN, Double.NaN, 0);
        double m = 0, ss = 0;
        for (double x : v) m += x;
        m /= v.length;
        for (double x : v) ss += (x - m) * (x - m);
        return new MeanSd(m, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0, v.length);
    }

    /** "mean ± sd" of the values times scale (100 for percent), with the given decimals; "-" for none. */
    public String format(double scale, int decimals) {
        if (n == 0) return "-";
        return String.format(Locale.ROOT, "%." + decimals + "f ± %." + decimals + "f", scale * mean, scale * sd);
    }
}
