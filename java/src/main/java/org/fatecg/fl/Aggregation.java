package org.fatecg.fl;

import java.util.Arrays;
import java.util.List;

/**
 * Server-side aggregation rules as pure functions of the clients' flat weight vectors (all parameters of
 * a model laid end to end, see {@link WeightLayout}). Each takes the updates in the order the strategy
 * received them and accumulates in that fixed order, so a result never depends on timing.
 *
 * <ul>
 *   <li>{@link #fedAvg}: McMahan et al. 2017, eq. (2) of Çelik and Güllü 2025: theta = sum_i (n_i / m) theta_i,
 *       m = sum_i n_i. Summed in double, in client order, then rounded once to float.</li>
 *   <li>{@link #median}: coordinate-wise median (Yin et al. 2018); an even count takes the mean of the
 *       two middle values.</li>
 *   <li>{@link #trimmedMean}: coordinate-wise beta-trimmed mean (Yin et al. 2018): drop the floor(beta k)
 *       smallest and largest of the k values, average the rest.</li>
 *   <li>{@link #krum}: Blanchard et al. 2017: with f Byzantine clients, score_i = sum of the squared
 *       distances from theta_i to its k - f - 2 nearest others; the update with the lowest score wins
 *       (the lowest index on ties).</li>
 * </ul>
 * The robust rules ignore the sample counts, as in their papers (and Flower's FedMedian, FedTrimmedAvg,
 * Krum). None of these functions modifies its inputs.
 */
public final class Aggregation {
    private Aggregation() {}

    /** sum_i (n_i / m) theta_i over the updates, in the given order. */
    public static float[] fedAvg(List<float[]> updates, long[] counts) {
        int d = checkSameLength(updates);
        if (counts.length != updates.size())
            throw new IllegalArgumentException(updates.size() + " updates but " + counts.length + " sample counts");
        long m = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] <= 0) throw new IllegalArgumentException("update " + i + " has sample count " + counts[i] + "; FedAvg needs n_i > 0");
            m += counts[i];
        }
        double[] acc = new double[d];
        for (int i = 0; i < updates.size(); i++) {
            double w = (double) counts[i] / m;
            float[] t = updates.get(i);
            for (int j = 0; j < d; j++) acc[j] += w * t[j];
        }
        float[] out = new float[d];
        for (int j = 0; j < d; j++) out[j] = (float) acc[j];
        return out;
    }

    /** Coordinate-wise median. */
    public static float[] median(List<float[]> updates) {
        int d = checkSameLength(updates), k = updates.size();
        float[] column = new float[k], out = new float[d];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < k; i++) column[i] = updates.get(i)[j];
            Arrays.sort(column);
            out[j] = (k & 1) == 1 ? column[k / 2] : (float) (((double) column[k / 2 - 1] + column[k / 2]) / 2);
        }
        return out;
    }

    /** Coordinate-wise mean of the values left after dropping floor(beta k) from each end; 0 <= beta < 0.5. */
    public static float[] trimmedMean(List<float[]> updates, double beta) {
        if (!(beta >= 0 && beta < 0.5)) throw new IllegalArgumentException("trim fraction beta must be in [0, 0.5), got " + beta);
        int d = checkSameLength(updates), k = updates.size();
        int cut = (int) Math.floor(beta * k);
        float[] column = new float[k], out = new float[d];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < k; i++) column[i] = updates.get(i)[j];
            Arrays.sort(column);
            double s = 0;
            for (int i = cut; i < k - cut; i++) s += column[i];
            out[j] = (float) (s / (k - 2 * cut));
        }
        return out;
    }

    /** Index of the update Krum selects with f assumed Byzantine clients; needs k - f - 2 >= 1. */
    public static int krumIndex(List<float[]> updates, int f) {
        int k = updates.size();
        checkSameLength(updates);
        int neighbours = k - f - 2;
        if (f < 0 || neighbours < 1)
            throw new IllegalArgumentException("Krum with f = " + f + " Byzantine clients needs at least f + 3 = " + (f + 3) + " updates, got " + k);
        double[][] dist = new double[k][k];
        for (int a = 0; a < k; a++)
            for (int b = a + 1; b < k; b++) dist[a][b] = dist[b][a] = squaredDistance(updates.get(a), updates.get(b));
        int best = -1;
        double bestScore = Double.POSITIVE_INFINITY;
        double[] others = new double[k - 1];
        for (int a = 0; a < k; a++) {
            int n = 0;
            for (int b = 0; b < k; b++) if (b != a) others[n++] = dist[a][b];
            Arrays.sort(others);
            double score = 0;
            for (int i = 0; i < neighbours; i++) score += others[i];
            if (score < bestScore) {
                bestScore = score;
                best = a;
            }
        }
        return best;
    }

    /** The update Krum selects (a copy). */
    public static float[] krum(List<float[]> updates, int f) {
        return updates.get(krumIndex(updates, f)).clone();
    }

    static double squaredDistance(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double t = (double) a[j] - b[j];
            s += t * t;
        }
        return s;
    }

    private static int checkSameLength(List<float[]> updates) {
        if (updates.isEmpty()) throw new IllegalArgumentException("no updates to aggregate");
        int d = updates.get(0).length;
        for (int i = 1; i < updates.size(); i++)
            if (updates.get(i).length != d)
                throw new IllegalArgumentException("update " + i + " has " + updates.get(i).length + " values, update 0 has " + d);
        return d;
    }
}
