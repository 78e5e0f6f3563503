package org.fatecg.fl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The defences beyond {@link Aggregation}, as pure functions of the global weights g and the clients'
 * weights theta_i (update d_i = theta_i - g). Sums run in double in client order; nothing here modifies
 * its inputs.
 *
 * <ul>
 *   <li>{@link #bulyan}: El Mhamdi, Guerraoui and Rouault 2018, "The hidden vulnerability of distributed
 *       learning in Byzantium". With n >= 4f + 3 updates: pick theta = n - 2f of them by Krum applied
 *       repeatedly to what is left (each winner leaves the pool); then, per coordinate, average the
 *       beta = theta - 2f selected values closest to their median.</li>
 *   <li>{@link #clip}: update-norm clipping (norm bounding, Sun et al. 2019, "Can you really backdoor
 *       federated learning?"): d_i -> d_i min(1, tau / ||d_i||), then FedAvg of g + d_i.</li>
 *   <li>{@link #flTrust}: Cao, Fang, Liu and Gong 2021, "FLTrust: Byzantine-robust federated learning
 *       via trust bootstrapping". The server trains g0 on a small clean root set; trust
 *       TS_i = ReLU(cos(d_i, g0)); each d_i is rescaled to ||g0||; the new weights are
 *       g + sum_i TS_i (||g0|| / ||d_i||) d_i / sum_i TS_i (g itself when every TS_i is 0).</li>
 * </ul>
 */
public final class RobustAggregation {
    private RobustAggregation() {}

    /** ||a - b||_2, in double. */
    public static double distance(float[] a, float[] b) {
        return Math.sqrt(Aggregation.squaredDistance(a, b));
    }

    /** cos(a - o, b - o); 0 when either difference is the zero vector. */
    public static double cosine(float[] a, float[] b, float[] origin) {
        double dot = 0, na = 0, nb = 0;
        for (int j = 0; j < origin.length; j++) {
            double x = (double) a[j] - origin[j], y = (double) b[j] - origin[j];
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /** ||theta_i - g|| of every update. */
    public static double[] updateNorms(float[] global, List<float[]> updates) {
        double[] out = new double[updates.size()];
        for (int i = 0; i < out.length; i++) out[i] = distance(updates.get(i), global);
        return out;
    }

    // ---- Bulyan ----

    /** The theta = n - 2f indices Bulyan's repeated Krum selects, in selection order. */
    public static int[] bulyanSelection(List<float[]> updates, int f) {
        int n = updates.size();
        if (f < 0) throw new IllegalArgumentException("Bulyan needs f >= 0 Byzantine clients, got " + f);
        if (n < 4 * f + 3)
            throw new IllegalArgumentException("Bulyan with f = " + f + " Byzantine clients needs n >= 4f + 3 = "
                    + (4 * f + 3) + " updates (El Mhamdi et al. 2018), got " + n);
        int theta = n - 2 * f;
        double[][] dist = new double[n][n];
        for (int a = 0; a < n; a++)
            for (int b = a + 1; b < n; b++)
                dist[a][b] = dist[b][a] = Aggregation.squaredDistance(updates.get(a), updates.get(b));
        List<Integer> pool = new ArrayList<>();
        for (int i = 0; i < n; i++) pool.add(i);
        int[] chosen = new int[theta];
        for (int s = 0; s < theta; s++) {
            // Krum on the pool: score = sum of the |pool| - f - 2 smallest squared distances (>= 0 terms
            // since |pool| >= 2f + 1 throughout); lowest score wins, lowest index on ties.
            int neighbours = Math.max(0, pool.size() - f - 2), best = -1;
            double bestScore = Double.POSITIVE_INFINITY;
            for (int a : pool) {
                double[] others = new double[pool.size() - 1];
                int k = 0;
                for (int b : pool) if (b != a) others[k++] = dist[a][b];
                Arrays.sort(others);
                double score = 0;
                for (int i = 0; i < neighbours; i++) score += others[i];
                if (score < bestScore) {
                    bestScore = score;
                    best = a;
                }
            }
            chosen[s] = best;
            pool.remove(Integer.valueOf(best));
        }
        return chosen;
    }

    /** Bulyan's aggregate: per coordinate, the mean of the beta = n - 4f selected values nearest their median. */
    public static float[] bulyan(List<float[]> updates, int f) {
        int[] sel = bulyanSelection(updates, f);
        int theta = sel.length, beta = theta - 2 * f, d = updates.get(0).length;
        float[] column = new float[theta], out = new float[d];
        Integer[] order = new Integer[theta];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < theta; i++) column[i] = updates.get(sel[i])[j];
            Arrays.sort(column);
            double med =
                    (theta & 1) == 1 ? column[theta / 2] : ((double) column[theta / 2 - 1] + column[theta / 2]) / 2;
            for (int i = 0; i < theta; i++) order[i] = i;
            final float[] c = column;
            Arrays.sort(order, (a, b) -> Double.compare(Math.abs(c[a] - med), Math.abs(c[b] - med)));
            double s = 0;
            for (int i = 0; i < beta; i++) s += column[order[i]];
            out[j] = (float) (s / beta);
        }
        return out;
    }

    // ---- norm clipping ----

    /** The clipped weights g + d_i min(1, tau / ||d_i||) and whether each was scaled down. */
    public record Clipped(List<float[]> weights, boolean[] clipped, double tau) {}

    /**
     * Clips every update to norm tau; tau = 0 takes the median of the round's update norms (an adaptive
     * bound that no minority can raise).
     */
    public static Clipped clip(float[] global, List<float[]> updates, double tau) {
        if (!(tau >= 0) || Double.isInfinite(tau))
            throw new IllegalArgumentException("clipping norm must be >= 0 (0: the median update norm), got " + tau);
        double[] norms = updateNorms(global, updates);
        double bound = tau > 0 ? tau : median(norms);
        List<float[]> out = new ArrayList<>(updates.size());
        boolean[] clipped = new boolean[updates.size()];
        for (int i = 0; i < updates.size(); i++) {
            float[] t = updates.get(i);
            if (norms[i] <= bound) {
                out.add(t);
                continue;
            }
            clipped[i] = true;
            double s = bound / norms[i];
            float[] c = new float[t.length];
            for (int j = 0; j < t.length; j++) c[j] = (float) (global[j] + s * ((double) t[j] - global[j]));
            out.add(c);
        }
        return new Clipped(out, clipped, bound);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int k = s.length;
        return (k & 1) == 1 ? s[k / 2] : (s[k / 2 - 1] + s[k / 2]) / 2;
    }

    // ---- FLTrust ----

    /** TS_i = max(0, cos(theta_i - g, root - g)). */
    public static double[] trustScores(float[] global, List<float[]> updates, float[] root) {
        double[] ts = new double[updates.size()];
        for (int i = 0; i < ts.length; i++) ts[i] = Math.max(0, cosine(updates.get(i), root, global));
        return ts;
    }

    /** FLTrust's new weights from the clients' weights and the server's weights after training on its root set. */
    public static float[] flTrust(float[] global, List<float[]> updates, float[] root) {
        double[] ts = trustScores(global, updates, root);
        double rootNorm = distance(root, global), total = 0;
        int d = global.length;
        double[] acc = new double[d];
        for (int i = 0; i < ts.length; i++) {
            if (ts[i] == 0) continue;
            float[] t = updates.get(i);
            double w = ts[i] * rootNorm / distance(t, global); // ts > 0 implies a non-zero update
            total += ts[i];
            for (int j = 0; j < d; j++) acc[j] += w * ((double) t[j] - global[j]);
        }
        float[] out = new float[d];
        for (int j = 0; j < d; j++) out[j] = total == 0 ? global[j] : (float) (global[j] + acc[j] / total);
        return out;
    }
}
