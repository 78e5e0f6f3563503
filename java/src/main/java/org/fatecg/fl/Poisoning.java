package org.fatecg.fl;

import org.fatecg.data.BeatDataset;
import org.fatecg.tensor.Rng;

/**
 * The numbers of the malicious clients ({@link Threat}), as pure functions.
 *
 * <p>On data (the attacker trains on it as an honest client would):
 * <ul>
 *   <li>label flipping: y -> flip[y];</li>
 *   <li>backdoor (Bagdasaryan et al. 2020, "How to backdoor federated learning", with a signal trigger):
 *       a chosen fraction of the beats get the trigger x_t += a for t in [offset, offset + width),
 *       clipped to [0, 1], and the label {@code target}.</li>
 * </ul>
 * On weights, with g the global weights and X what honest training gave:
 * <ul>
 *   <li>model replacement (Bagdasaryan et al. 2020): L = g + gamma (X - g); with gamma = n / eta (n clients
 *       averaged, eta = 1 for FedAvg) the average becomes X when the others' updates are small;</li>
 *   <li>sign flip: g - s (X - g); Gaussian: g + N(0, sigma^2) per coordinate; constant: g + c per
 *       coordinate; free-rider: g itself.</li>
 * </ul>
 */
public final class Poisoning {
    private Poisoning() {}

    /** g + gamma (x - g): model replacement's boost (gamma > 1) and the sign flip (gamma = -s). */
    public static float[] scaleUpdate(float[] global, float[] x, double gamma) {
        float[] out = new float[global.length];
        for (int j = 0; j < out.length; j++) out[j] = (float) (global[j] + gamma * ((double) x[j] - global[j]));
        return out;
    }

    /** g + sigma z, z ~ N(0, 1) per coordinate from rng. */
    public static float[] gaussianUpdate(float[] global, double sigma, Rng rng) {
        float[] out = new float[global.length];
        for (int j = 0; j < out.length; j++) out[j] = (float) (global[j] + sigma * rng.nextGaussian());
        return out;
    }

    /** g + c on every coordinate. */
    public static float[] constantUpdate(float[] global, double c) {
        float[] out = new float[global.length];
        for (int j = 0; j < out.length; j++) out[j] = (float) (global[j] + c);
        return out;
    }

    /** Adds the trigger to window[off .. off + L) in place, clipped to [0, 1]. */
    public static void addTrigger(float[] windows, int off, int length, Threat.Trigger t) {
        if (t.offset() + t.width() > length)
            throw new IllegalArgumentException("trigger [" + t.offset() + ", " + (t.offset() + t.width())
                    + ") does not fit a window of " + length + " samples");
        for (int k = t.offset(); k < t.offset() + t.width(); k++)
            windows[off + k] = Math.max(0f, Math.min(1f, windows[off + k] + t.amplitude()));
    }

    /** Every window of a row-major (n, L) array with the trigger. */
    public static float[] triggered(float[] windows, int length, Threat.Trigger t) {
        float[] out = windows.clone();
        for (int off = 0; off < out.length; off += length) addTrigger(out, off, length, t);
        return out;
    }

    /**
     * The beats idx of data as a set of their own (indices 0..n-1), poisoned as the threat says:
     * labels flipped (label flipping), or round(fraction n) beats, drawn from rng, triggered and
     * relabelled to the target (backdoor, model replacement). Other kinds leave the beats alone.
     */
    public static BeatDataset poisoned(BeatDataset data, int[] idx, Threat threat, Rng rng) {
        int n = idx.length, len = data.windowLength();
        float[] x = new float[n * len];
        int[] y = new int[n], rec = new int[n], rs = new int[n];
        data.gather(idx, 0, n, x, y);
        for (int i = 0; i < n; i++) {
            rec[i] = data.record(idx[i]);
            rs[i] = data.rSample(idx[i]);
        }
        int[] flip = threat.flip();
        if (threat.kind() == Threat.Kind.LABEL_FLIP) for (int i = 0; i < n; i++) y[i] = flip[y[i]];
        if (threat.kind().backdoor()) {
            int[] order = rng.permutation(n);
            int count = (int) Math.round(threat.fraction() * n);
            for (int k = 0; k < count; k++) {
                addTrigger(x, order[k] * len, len, threat.trigger());
                y[order[k]] = threat.target();
            }
        }
        return new BeatDataset(x, y, rec, rs, len);
    }
}
