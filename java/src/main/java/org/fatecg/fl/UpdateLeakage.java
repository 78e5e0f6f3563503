package org.fatecg.fl;

import java.util.ArrayList;
import java.util.List;
import org.fatecg.attack.GradientInversion;
import org.fatecg.nn.Module;
import org.fatecg.tensor.Rng;

/**
 * What one client's shared gradient gives away: the gradient of a batch of B beats, optionally clipped
 * and noised as DP-FedAvg's local mode does to an update (clip to L2 norm S over all parameters, then
 * N(0, z^2 S^2 I)), is inverted by DLG with iDLG's labels ({@link GradientInversion}); each true beat is
 * paired with its best-correlated reconstruction and scored by mean squared error and Pearson
 * correlation. A beat counts as recognisably recovered when the correlation is at least
 * {@value #RECOGNISED}: at that level the reconstruction shows the beat's QRS shape and timing by eye.
 *
 * <p>The gradient is that of one local step (FedSGD; with plain SGD a one-step update is -lr times it),
 * the most an update can leak. Several local epochs of FedAvg mix many such gradients.
 */
public final class UpdateLeakage {
    /** The correlation from which a reconstruction counts as the beat recovered. */
    public static final double RECOGNISED = 0.9;

    /** One true beat against its reconstruction. */
    public record Beat(int label, double mse, double correlation) {
        public boolean recovered() {
            return correlation >= RECOGNISED;
        }
    }

    /**
     * One inversion: the batch's true beats and the reconstructions in the same order (B x L each), the
     * labels given and recovered, the score of every beat.
     *
     * @param clip S, or 0 for no clipping
     * @param noise z (noise of standard deviation z S); 0 for none
     */
    public record Trial(
            int batch,
            double clip,
            double noise,
            float[] truth,
            float[] reconstruction,
            int[] labels,
            int[] recoveredLabels,
            List<Beat> beats,
            double gradientDistance) {
        public double meanMse() {
            return beats.stream().mapToDouble(Beat::mse).average().orElse(Double.NaN);
        }

        public double meanCorrelation() {
            return beats.stream().mapToDouble(Beat::correlation).average().orElse(Double.NaN);
        }

        public double recoveredShare() {
            return beats.stream().filter(Beat::recovered).count() / (double) beats.size();
        }
    }

    private UpdateLeakage() {}

    /** Inverts the (privatised) gradient of the B beats x (B x L) with labels y. */
    public static Trial invert(
            Module model,
            float[] x,
            int[] y,
            int length,
            double clip,
            double noise,
            GradientInversion.Settings settings,
            long seed) {
        if (clip < 0 || noise < 0) throw new IllegalArgumentException("clip and noise must be 0 or more");
        if (noise > 0 && clip == 0)
            throw new IllegalArgumentException("DP noise is z times the clipping norm S: give S > 0");
        int b = y.length;
        float[][] g = GradientInversion.clientGradient(model, x, y, length);
        if (clip > 0) privatise(g, clip, noise, Seeds.stream(seed, Seeds.DP_NOISE, 0));
        Rng rng = Seeds.stream(seed, Seeds.INIT, 1);
        int[] labels = GradientInversion.recoverLabels(model, g, b, length, rng);
        GradientInversion.Result r = GradientInversion.invert(model, g, labels, length, settings, rng);
        int[] match = GradientInversion.match(x, r.beats(), b, length);
        float[] ordered = new float[b * length];
        List<Beat> beats = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            System.arraycopy(r.beats(), match[i] * length, ordered, i * length, length);
            beats.add(new Beat(
                    y[i],
                    GradientInversion.mse(x, i * length, ordered, i * length, length),
                    GradientInversion.correlation(x, i * length, ordered, i * length, length)));
        }
        return new Trial(b, clip, noise, x.clone(), ordered, y.clone(), labels, beats, r.distance());
    }

    /** g := clip(g, S) + N(0, z^2 S^2 I), with the norm over every parameter's gradient together. */
    static void privatise(float[][] g, double clip, double noise, Rng rng) {
        int n = 0;
        for (float[] gi : g) n += gi.length;
        double[] flat = new double[n];
        int at = 0;
        for (float[] gi : g) for (float v : gi) flat[at++] = v;
        DifferentialPrivacy.clipInPlace(flat, clip);
        if (noise > 0) DifferentialPrivacy.addNoise(flat, noise * clip, rng);
        at = 0;
        for (float[] gi : g) for (int j = 0; j < gi.length; j++) gi[j] = (float) flat[at++];
    }
}
