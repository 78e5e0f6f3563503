package org.fatecg.data;

/**
 * An attack budget in signal terms: millivolts, or the SNR in dB of the perturbation relative to the
 * beat, converted to and from eps, the L-inf budget in the units the model sees.
 *
 * <p>The units follow from how a window is normalised ({@link BeatWindows}, MINMAX): a window of
 * physical values v_t (mV) with m = min v, M = max v becomes x_t = (v_t - m) / D with D = (M - m) +
 * 1e-6. The map is affine with slope 1/D, so a perturbation of delta in x is D delta in mV on that
 * window, and an L-inf budget eps in x is
 *
 * <pre>
 *   b_mV = eps * D            eps = b_mV / D                                  (per window, exact)
 * </pre>
 *
 * The SNR is the one {@code eval.RobustEvaluator} reports, SNR = 10 log10(||x||^2 / ||delta||^2) on the
 * normalised beat. At the corner of the L-inf ball every |delta_t| = eps (FGSM exactly, PGD nearly), so
 * ||delta||^2 = L eps^2, and with the beat's root mean square r = sqrt(||x||^2 / L):
 *
 * <pre>
 *   SNR_dB = 20 log10(r / eps)    eps = r * 10^(-SNR_dB / 20)                 (per beat, exact at the corner)
 * </pre>
 *
 * A smaller perturbation inside the ball only raises the SNR, so SNR_dB is the lowest SNR the budget
 * allows. D and r differ from beat to beat (over the 109,468 MIT-BIH windows of the paper's settings D
 * has median 1.11 mV, 10th and 90th percentiles 0.41 and 2.54 mV; r has median 0.686, percentiles 0.314
 * and 0.858), while the attacks take one eps for every beat. So a budget given in mV or dB is turned
 * into eps on the median window ({@link #REFERENCE_RANGE_MV}, {@link #REFERENCE_RMS}): a stated,
 * fixed reference, so a config file means the same eps on any subset of beats. On a given beat the same
 * eps is eps * D mV and 20 log10(r / eps) dB; {@link #millivolts} and {@link #snrDb} give those.
 */
public final class SignalBudget {
    private SignalBudget() {}

    /** The 1e-6 that {@link BeatWindows} adds to a window's range before dividing by it. */
    public static final double RANGE_GUARD = 1e-6;

    /**
     * Median of max - min (mV) over the 109,468 windows of the paper's settings (signal 1, r-90..r+89);
     * recomputed from the records by {@code SignalBudgetTest}.
     */
    public static final double REFERENCE_RANGE_MV = 1.11;

    /** Median root mean square of the same windows after min-max normalisation; recomputed by the same test. */
    public static final double REFERENCE_RMS = 0.686;

    /** eps of a budget of b millivolts on a window whose range max - min is rangeMv. */
    public static double epsFromMillivolts(double b, double rangeMv) {
        if (!(rangeMv >= 0)) throw new IllegalArgumentException("window range must be >= 0 mV, got " + rangeMv);
        return b / (rangeMv + RANGE_GUARD);
    }

    /** The millivolts that eps stands for on a window whose range is rangeMv. */
    public static double millivolts(double eps, double rangeMv) {
        return eps * (rangeMv + RANGE_GUARD);
    }

    /** eps whose L-inf corner has an SNR of snrDb on a beat of root mean square rms (normalised units). */
    public static double epsFromSnrDb(double snrDb, double rms) {
        if (!(rms > 0)) throw new IllegalArgumentException("beat RMS must be > 0, got " + rms);
        return rms * Math.pow(10, -snrDb / 20);
    }

    /** The SNR in dB of eps's L-inf corner on a beat of root mean square rms. */
    public static double snrDb(double eps, double rms) {
        return 20 * Math.log10(rms / eps);
    }
}
