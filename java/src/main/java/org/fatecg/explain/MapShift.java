package org.fatecg.explain;

import java.util.Arrays;

/**
 * How far an explanation moves when the beat is attacked: two numbers per beat, comparing the map of the
 * clean beat m with the map of its adversarial twin m'.
 * <ul>
 *   <li>correlation: Pearson's r between m and m' over the samples (1: the same shape; 0 when either is
 *       constant, where r is undefined: a flat map says nothing about where the model looks);</li>
 *   <li>top-20% overlap: |T(m) ∩ T(m')| / |T(m)|, T the ceil(0.2 L) samples with the largest values
 *       (ties broken towards the earlier sample); 1 means the same region, and two unrelated maps
 *       overlap by 0.2 on average.</li>
 * </ul>
 */
public final class MapShift {
    private MapShift() {}

    public static final double TOP_FRACTION = 0.2;

    public static double correlation(float[] a, float[] b) {
        if (a.length != b.length)
            throw new IllegalArgumentException("maps of " + a.length + " and " + b.length + " samples");
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
    }

    public static double topOverlap(float[] a, float[] b) {
        if (a.length != b.length)
            throw new IllegalArgumentException("maps of " + a.length + " and " + b.length + " samples");
        int k = (int) Math.ceil(TOP_FRACTION * a.length);
        boolean[] ta = top(a, k), tb = top(b, k);
        int both = 0;
        for (int i = 0; i < a.length; i++) if (ta[i] && tb[i]) both++;
        return (double) both / k;
    }

    /** The k largest entries (stable: among equal values the earlier ones). */
    static boolean[] top(float[] v, int k) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) idx[i] = i;
        Arrays.sort(idx, (i, j) -> Float.compare(v[j], v[i]));
        boolean[] in = new boolean[v.length];
        for (int i = 0; i < k; i++) in[idx[i]] = true;
        return in;
    }

    /** Mean correlation and overlap per class over beats with labels y, and over all beats (the last row). */
    public record PerClass(int[] count, double[] correlation, double[] overlap) {}

    public static PerClass perClass(float[][] clean, float[][] adversarial, int[] y, int classes) {
        int[] count = new int[classes + 1];
        double[] r = new double[classes + 1], o = new double[classes + 1];
        for (int i = 0; i < y.length; i++) {
            double ri = correlation(clean[i], adversarial[i]), oi = topOverlap(clean[i], adversarial[i]);
            for (int c : new int[] {y[i], classes}) {
                count[c]++;
                r[c] += ri;
                o[c] += oi;
            }
        }
        for (int c = 0; c <= classes; c++) {
            r[c] = count[c] == 0 ? Double.NaN : r[c] / count[c];
            o[c] = count[c] == 0 ? Double.NaN : o[c] / count[c];
        }
        return new PerClass(count, r, o);
    }
}
