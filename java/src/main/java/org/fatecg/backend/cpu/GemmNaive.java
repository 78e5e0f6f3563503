package org.fatecg.backend.cpu;

/**
 * The reference sgemm: three loops, double accumulation. Slow and obviously right; the fast kernels are
 * tested against it. C = alpha op(A) op(B) + beta C, row-major (see Backend.gemm).
 */
public final class GemmNaive {
    private GemmNaive() {}

    public static void gemm(
            float[] c,
            float[] a,
            float[] b,
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float alpha,
            float beta) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[p * m + i] : a[i * k + p];
                    float bv = transB ? b[j * k + p] : b[p * n + j];
                    sum += (double) av * bv;
                }
                float old = beta == 0 ? 0f : beta * c[i * n + j];
                c[i * n + j] = (float) (alpha * sum) + old;
            }
        }
    }
}
