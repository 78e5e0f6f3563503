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
 *       m = sum_i n_i, in float as Flower's FedAvg sums it (see the method), in client order.</li>
 *   <li>{@link #median}: coordinate-wise median (Yin et al. 2018); an even count takes the mean of the
 *       two middle values.</li>
 *   <li>{@link #trimmedMean}: coordinate-wise beta-trimmed mean (Yin et al. 2018): drop the floor(beta k)
 *       smallest and largest of the k values, average the rest.</li>
 *   <li>{@link #krum}: Blanchard et al. 2017, "Machine learning with adversaries: Byzantine tolerant
 *       gradient descent": with f Byzantine among n updates, score_i = sum of the squared distances from
 *       theta_i to its n - f - 2 nearest others; the update with the lowest score wins (the lowest index
 *       on ties). Their guarantee needs 2f + 2 < n, so fewer than 2f + 3 updates is an error.</li>
 *   <li>{@link #multiKrum}: the same paper's Multi-Krum: the mean of the m updates with the lowest
 *       scores (m = 1 is Krum), 1 <= m <= n - f.</li>
 * </ul>
 * The robust rules ignore the sample counts, as in their papers (and Flower's FedMedian, FedTrimmedAvg,
 * Krum). None of these functions modifies its inputs.
 */
public final class Aggregation {
    private Aggregation() {}

    /**
     * sum_i (n_i / m) theta_i over the updates, in the given order, in Flower's arithmetic: the factor
     * w_i = n_i / m is divided in double and rounded once to float, each term w_i theta_i is a float
     * product, and the terms are summed in float in client order. That is what Flower's FedAvg does
     * (NumPy: a float32 array times a Python float stays float32), so a simulation that trains the clients
     * a Flower run drew lands on the same bits as the Flower run. Summing in double instead would move
     * about every other weight by one ulp a round, and after a few rounds of local training Non-FAT's
     * accuracy under FGSM or CW differs by points. The price is float rounding in the sum: the average
     * of two equal values can be one ulp off them (theta = 0.1f with counts 1 and 2 gives nextUp(0.1f)).
     */
    public static float[] fedAvg(List<float[]> updates, long[] counts) {
        int d = checkSameLength(updates);
        if (counts.length != updates.size())
            throw new IllegalArgumentException(updates.size() + " updates but " + counts.length + " sample counts");
        long m = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] <= 0)
                throw new IllegalArgumentException(
                        "update " + i + " has sample count " + counts[i] + "; FedAvg needs n_i > 0");
            m += counts[i];
        }
        float[] out = new float[d];
        for (int i = 0; i < updates.size(); i++) {
            float w = (float) ((double) counts[i] / m);
            float[] t = updates.get(i);
            if (i == 0) for (int j = 0; j < d; j++) out[j] = t[j] * w;
            else for (int j = 0; j < d; j++) out[j] += t[j] * w;
        }
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
        if (!(beta >= 0 && beta < 0.5))
            throw new IllegalArgumentException("trim fraction beta must be in [0, 0.5), got " + beta);
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

    /** Krum's score of every update: the sum of its n - f - 2 smallest squared distances to the others. */
    public static double[] krumScores(List<float[]> updates, int f) {
        int n = updates.size();
        checkSameLength(updates);
        if (f < 0) throw new IllegalArgumentException("Krum needs f >= 0 Byzantine clients, got " + f);
        if (n < 2 * f + 3)
            throw new IllegalArgumentException("Krum with f = " + f + " Byzantine clients needs n >= 2f + 3 = "
                    + (2 * f + 3) + " updates (Blanchard et al. 2017), got " + n);
        int neighbours = n - f - 2;
        double[][] dist = new double[n][n];
        for (int a = 0; a < n; a++)
            for (int b = a + 1; b < n; b++) dist[a][b] = dist[b][a] = squaredDistance(updates.get(a), updates.get(b));
        double[] scores = new double[n];
        double[] others = new double[n - 1];
        for (int a = 0; a < n; a++) {
            int k = 0;
            for (int b = 0; b < n; b++) if (b != a) others[k++] = dist[a][b];
            Arrays.sort(others);
            double score = 0;
            for (int i = 0; i < neighbours; i++) score += others[i];
            scores[a] = score;
        }
        return scores;
    }

    /** Indices of the m updates with the lowest Krum scores, best first (lower index first on ties). */
    public static int[] multiKrumIndices(List<float[]> updates, int f, int m) {
        double[] scores = krumScores(updates, f);
        int n = updates.size();
        if (m < 1 || m > n - f)
            throw new IllegalArgumentException(
                    "Multi-Krum keeps 1 <= m <= n - f = " + (n - f) + " updates, got m = " + m);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(
                order, (a, b) -> scores[a] != scores[b] ? Double.compare(scores[a], scores[b]) : Integer.compare(a, b));
        int[] out = new int[m];
        for (int i = 0; i < m; i++) out[i] = order[i];
        return out;
    }

    /** Index of the update Krum selects with f assumed Byzantine clients. */
    public static int krumIndex(List<float[]> updates, int f) {
        return multiKrumIndices(updates, f, 1)[0];
    }

    /** The update Krum selects (a copy). */
    public static float[] krum(List<float[]> updates, int f) {
        return updates.get(krumIndex(updates, f)).clone();
    }

    /** The mean of the m updates Multi-Krum selects, summed in double in client order. */
    public static float[] multiKrum(List<float[]> updates, int f, int m) {
        int[] chosen = multiKrumIndices(updates, f, m);
        Arrays.sort(chosen);
        int d = updates.get(0).length;
        double[] acc = new double[d];
        for (int i : chosen) {
            float[] t = updates.get(i);
            for (int j = 0; j < d; j++) acc[j] += t[j];
        }
        float[] out = new float[d];
        for (int j = 0; j < d; j++) out[j] = (float) (acc[j] / m);
        return out;
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
                throw new IllegalArgumentException(
                        "update " + i + " has " + updates.get(i).length + " values, update 0 has " + d);
        return d;
    }
}
