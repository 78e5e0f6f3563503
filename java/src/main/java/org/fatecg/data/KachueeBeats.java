package org.fatecg.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts one record's annotated beats the way Kachuee, Fazeli and Sarrafzadeh (2018, "ECG heartbeat
 * classification: a deep transferable representation", section III.A) made the beats of the Kaggle "ECG
 * Heartbeat Categorization" set that Ma and Liang (2020) trained on, with the R peaks and labels taken from
 * the reference annotations (.atr) instead of Kachuee's peak detector:
 *
 * <ol>
 *   <li>the signal in mV is resampled to 125 Hz ({@link Resample}); an R peak at sample r of the record
 *       sits at p = round(r 125 / fs), the sample it keeps in the dataset;
 *   <li>the resampled signal is split into consecutive 10-second stretches (1,250 samples) and each is
 *       min-max scaled on its own, x' = (x - min) / (max - min) (0 for a flat stretch); the last, shorter
 *       stretch of a record is kept as well: the Kaggle set's 109,446 beats need it (full stretches
 *       alone give about 300 fewer);
 *   <li>T is the median of the RR intervals between consecutive beat annotations of the stretch (the mean
 *       of the two middle ones for an even count); a stretch with fewer than two beats has no T and its
 *       beats are dropped;
 *   <li>each beat is the 1.2 T samples from its R peak, L = round(1.2 T), cut short at the end of its
 *       stretch (its scale ends there), then truncated or zero-padded to the beat length (187).
 * </ol>
 *
 * With {@link WindowSettings.Normalisation#NONE} step 2 is left out and the beats hold mV.
 */
public final class KachueeBeats {
    /** Kachuee et al.'s sampling rate in Hz. */
    public static final double RATE = 125;
    /** Length of one normalisation stretch in seconds. */
    public static final double STRETCH_SECONDS = 10;
    /** A beat spans this many median RR intervals. */
    public static final double RR_FACTOR = 1.2;

    private KachueeBeats() {}

    /** The Kachuee beats of {@code signal} for every beat annotation of {@code annotations}. */
    public static BeatWindows.Result extract(
            WfdbRecord rec, int signal, List<Annotation> annotations, WindowSettings s) {
        if (s.format() != BeatFormat.KACHUEE)
            throw new IllegalArgumentException(
                    "KachueeBeats needs format kachuee, got " + s.format().cliName());
        WfdbHeader h = rec.header();
        double fs = h.samplingFrequency();
        String name = "record " + h.recordName();
        if (fs < RATE)
            throw new IllegalArgumentException(name + ": sampled at " + fs + " Hz, below the " + RATE
                    + " Hz of Kachuee beats (they are never upsampled)");
        int stretch = (int) Math.round(STRETCH_SECONDS * RATE);
        int minSamples = (int) Math.ceil(STRETCH_SECONDS * fs);
        if (rec.numSamples() < minSamples)
            throw new IllegalArgumentException(String.format(
                    java.util.Locale.ROOT,
                    "%s: %d samples at %s Hz (%.2f s), shorter than one %s-second stretch of Kachuee beats",
                    name,
                    rec.numSamples(),
                    fs,
                    rec.numSamples() / fs,
                    STRETCH_SECONDS));
        SignalSpec spec = h.signals().get(signal);
        short[] adc = rec.adcView(signal);
        double[] mv = new double[adc.length];
        for (int t = 0; t < adc.length; t++) mv[t] = spec.toPhysical(adc[t]);
        double[] u = Resample.toRate(mv, fs, RATE);

        List<Annotation> beats = new ArrayList<>();
        for (Annotation a : annotations) if (Aami.indexOf(a.symbol()) >= 0) beats.add(a);
        int len = s.length(), kept = 0, dropped = 0;
        float[] x = new float[beats.size() * len];
        int[] y = new int[beats.size()], r = new int[beats.size()];
        String[] sym = new String[beats.size()];
        int b = 0;
        for (int s0 = 0; s0 < u.length; s0 += stretch) {
            int s1 = Math.min(u.length, s0 + stretch);
            int first = b;
            while (b < beats.size() && peak(beats.get(b), fs, u.length) < s1) b++;
            int count = b - first;
            if (count < 2) {
                dropped += count;
                continue;
            }
            double[] rr = new double[count - 1];
            for (int i = 1; i < count; i++)
                rr[i - 1] = peak(beats.get(first + i), fs, u.length) - peak(beats.get(first + i - 1), fs, u.length);
            int cut = (int) Math.round(RR_FACTOR * median(rr));
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int t = s0; t < s1; t++) {
                lo = Math.min(lo, u[t]);
                hi = Math.max(hi, u[t]);
            }
            boolean scale = s.norm() == WindowSettings.Normalisation.MINMAX;
            double range = hi - lo;
            for (int i = first; i < b; i++) {
                Annotation a = beats.get(i);
                int p = peak(a, fs, u.length), end = Math.min(Math.min(p + cut, s1), p + len);
                for (int t = p; t < end; t++)
                    x[kept * len + t - p] = (float) (scale ? (range > 0 ? (u[t] - lo) / range : 0) : u[t]);
                y[kept] = Aami.indexOf(a.symbol());
                r[kept] = (int) a.sample();
                sym[kept] = a.symbol();
                kept++;
            }
        }
        return new BeatWindows.Result(
                Arrays.copyOf(x, kept * len),
                Arrays.copyOf(y, kept),
                Arrays.copyOf(r, kept),
                Arrays.copyOf(sym, kept),
                dropped);
    }

    /** The 125 Hz sample of an annotation: round(r 125 / fs), kept inside the resampled signal. */
    private static int peak(Annotation a, double fs, int resampledLength) {
        return (int) Math.min(Math.round(a.sample() * RATE / fs), resampledLength - 1);
    }

    /** The median (mean of the two middle values for an even count) of a non-empty array. */
    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
    }
}
