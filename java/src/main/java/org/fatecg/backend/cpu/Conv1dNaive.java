package org.fatecg.backend.cpu;

/**
 * Reference conv1d (stride 1, zero padding, no bias) as the definition reads, with double accumulation.
 * The im2col + GEMM kernels are tested against these loops at awkward shapes.
 */
public final class Conv1dNaive {
    private Conv1dNaive() {}

    static int outLength(int l, int k, int pad) {
        return l + 2 * pad - k + 1;
    }

    /** y[n,o,t] = sum_{c,j} w[o,c,j] x[n,c,t+j-pad]. */
    public static void forward(
            float[] y, // (N, O, Lout)
            float[] x, // (N, C, L)
            float[] w, // (O, C, K)
            int n,
            int c,
            int l,
            int o,
            int k,
            int pad) {
        int lo = outLength(l, k, pad);
        for (int b = 0; b < n; b++)
            for (int oc = 0; oc < o; oc++)
                for (int t = 0; t < lo; t++) {
                    double s = 0;
                    for (int ic = 0; ic < c; ic++)
                        for (int j = 0; j < k; j++) {
                            int i = t + j - pad;
                            if (i >= 0 && i < l) s += (double) w[(oc * c + ic) * k + j] * x[(b * c + ic) * l + i];
                        }
                    y[(b * o + oc) * lo + t] = (float) s;
                }
    }

    /** dx[n,c,i] = sum_{o,j} w[o,c,j] dy[n,o,i-j+pad]. */
    public static void backwardInput(
            float[] dx, // (N, C, L)
            float[] dy, // (N, O, Lout)
            float[] w, // (O, C, K)
            int n,
            int c,
            int l,
            int o,
            int k,
            int pad) {
        int lo = outLength(l, k, pad);
        for (int b = 0; b < n; b++)
            for (int ic = 0; ic < c; ic++)
                for (int i = 0; i < l; i++) {
                    double s = 0;
                    for (int oc = 0; oc < o; oc++)
                        for (int j = 0; j < k; j++) {
                            int t = i - j + pad;
                            if (t >= 0 && t < lo) s += (double) w[(oc * c + ic) * k + j] * dy[(b * o + oc) * lo + t];
                        }
                    dx[(b * c + ic) * l + i] = (float) s;
                }
    }

    /** dw[o,c,j] = sum_{n,t} dy[n,o,t] x[n,c,t+j-pad]. */
    public static void backwardWeight(
            float[] dw, // (O, C, K)
            float[] x, // (N, C, L)
            float[] dy, // (N, O, Lout)
            int n,
            int c,
            int l,
            int o,
            int k,
            int pad) {
        int lo = outLength(l, k, pad);
        for (int oc = 0; oc < o; oc++)
            for (int ic = 0; ic < c; ic++)
                for (int j = 0; j < k; j++) {
                    double s = 0;
                    for (int b = 0; b < n; b++)
                        for (int t = 0; t < lo; t++) {
                            int i = t + j - pad;
                            if (i >= 0 && i < l) s += (double) dy[(b * o + oc) * lo + t] * x[(b * c + ic) * l + i];
                        }
                    dw[(oc * c + ic) * k + j] = (float) s;
                }
    }
}
