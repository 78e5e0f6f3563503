package org.fatecg.backend.cpu;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * sgemm through EJML, the project's named dense linear algebra library: the correctness oracle for
 * {@link GemmVector} (an independent implementation, blocked differently) and the baseline in the GEMM
 * benchmark. C = alpha op(A) op(B) + beta C, row-major, as Backend.gemm.
 */
public final class GemmEjml {
    private GemmEjml() {}

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
        FMatrixRMaj ma = FMatrixRMaj.wrap(transA ? k : m, transA ? m : k, a);
        FMatrixRMaj mb = FMatrixRMaj.wrap(transB ? n : k, transB ? k : n, b);
        FMatrixRMaj product = new FMatrixRMaj(m, n);
        if (transA && transB) CommonOps_FDRM.multTransAB(alpha, ma, mb, product);
        else if (transA) CommonOps_FDRM.multTransA(alpha, ma, mb, product);
        else if (transB) CommonOps_FDRM.multTransB(alpha, ma, mb, product);
        else CommonOps_FDRM.mult(alpha, ma, mb, product);
        float[] p = product.data;
        for (int i = 0; i < m * n; i++) c[i] = beta == 0 ? p[i] : p[i] + beta * c[i];
    }
}
