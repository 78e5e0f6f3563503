package org.fatecg.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.fatecg.backend.Parallel;

/**
 * Register-blocked, packed sgemm with the Vector API (the Goto/BLIS scheme, written for reading).
 *
 * <p>C (M, N) = alpha op(A) op(B) + beta C. The K dimension is cut into blocks of KC; for each block a
 * thread packs its columns of op(B) into panels of NR = 2 vector widths (k-major, zero-padded) and rows
 * of op(A) into panels of MR = 6 (k-major, zero-padded). The micro-kernel keeps a 6 x NR tile of C in
 * 12 vector registers and, per k, does 2 loads, 6 broadcasts and 12 fused multiply-adds. Packing also
 * absorbs the transposes, so one kernel serves all four layouts.
 *
 * <p>Threads split the N columns (or M rows when N is narrow) into contiguous ranges; each output is
 * summed by one thread in a fixed order, so results do not depend on the thread count.
 */
public final class GemmVector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int W = S.length();
    static final int NR = 2 * W;
    static final int MR = 6;
    static final int KC = 256;
    static final int MC = 96;

    private GemmVector() {}

    /** Per-thread packing buffers, reused across calls. */
    private static final ThreadLocal<float[][]> BUFFERS =
            ThreadLocal.withInitial(() -> new float[][] {new float[MC * KC], new float[0]});

    public static void gemm(Parallel par, float[] c, float[] a, float[] b, boolean transA, boolean transB,
                            int m, int n, int k, float alpha, float beta) {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            scale(c, m, n, beta);
            return;
        }
        long flops = 2L * m * n * k;
        if (flops < 200_000 || par.threads() == 1) {
            block(c, a, b, transA, transB, m, n, k, alpha, beta, 0, m, 0, n);
        } else if (n >= NR * par.threads() * 2 || n >= m) {
            par.forRange(n, NR, (j0, j1) -> block(c, a, b, transA, transB, m, n, k, alpha, beta, 0, m, j0, j1));
        } else {
            par.forRange(m, MR, (i0, i1) -> block(c, a, b, transA, transB, m, n, k, alpha, beta, i0, i1, 0, n));
        }
    }

    private static void scale(float[] c, int m, int n, float beta) {
        for (int i = 0; i < m * n; i++) c[i] = beta == 0 ? 0f : beta * c[i];
    }

    /** Computes the block C[i0:i1, j0:j1] on the calling thread. */
    private static void block(float[] c, float[] a, float[] b, boolean transA, boolean transB,
                              int m, int n, int k, float alpha, float beta, int i0, int i1, int j0, int j1) {
        float[][] buf = BUFFERS.get();
        int width = j1 - j0;
        int panels = (width + NR - 1) / NR;
        int need = panels * NR * KC;
        if (buf[1].length < need) buf[1] = new float[need];
        float[] packA = buf[0], packB = buf[1];
        float[] tile = new float[MR * NR];
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            float betaBlock = p0 == 0 ? beta : 1f;
            packB(packB, b, transB, n, k, p0, kc, j0, width);
            for (int ic = i0; ic < i1; ic += MC) {
                int mc = Math.min(MC, i1 - ic);
                packA(packA, a, transA, m, k, p0, kc, ic, mc);
                for (int jp = 0; jp < panels; jp++) {
                    int jcol = j0 + jp * NR;
                    int nr = Math.min(NR, j1 - jcol);
                    for (int ir = 0; ir < mc; ir += MR) {
                        int mr = Math.min(MR, mc - ir);
                        micro(c, n, ic + ir, jcol, mr, nr, packA, ir * kc, packB, jp * NR * kc, kc,
                                alpha, betaBlock, tile);
                    }
                }
            }
        }
    }

    /** packB[panel][p][j] = op(B)[p0 + p, j0 + panel*NR + j], zero beyond the edge. */
    private static void packB(float[] dst, float[] b, boolean transB, int n, int k, int p0, int kc, int j0, int width) {
        int panels = (width + NR - 1) / NR;
        for (int jp = 0; jp < panels; jp++) {
            int base = jp * NR * kc;
            int jStart = j0 + jp * NR;
            int nr = Math.min(NR, j0 + width - jStart);
            if (!transB) {
                for (int p = 0; p < kc; p++) {
                    int src = (p0 + p) * n + jStart;
                    int d = base + p * NR;
                    System.arraycopy(b, src, dst, d, nr);
                    for (int j = nr; j < NR; j++) dst[d + j] = 0f;
                }
            } else {
                // B stored (N, K): column j of op(B) is row j of B, contiguous in p.
                for (int j = 0; j < NR; j++) {
                    if (j < nr) {
                        int src = (jStart + j) * k + p0;
                        for (int p = 0; p < kc; p++) dst[base + p * NR + j] = b[src + p];
                    } else {
                        for (int p = 0; p < kc; p++) dst[base + p * NR + j] = 0f;
                    }
                }
            }
        }
    }

    /** packA[panel][p][r] = op(A)[ic + panel*MR + r, p0 + p], zero beyond the edge. */
    private static void packA(float[] dst, float[] a, boolean transA, int m, int k, int p0, int kc, int ic, int mc) {
        for (int ir = 0; ir < mc; ir += MR) {
            int base = ir * kc;
            int mr = Math.min(MR, mc - ir);
            if (!transA) {
                for (int r = 0; r < MR; r++) {
                    if (r < mr) {
                        int src = (ic + ir + r) * k + p0;
                        for (int p = 0; p < kc; p++) dst[base + p * MR + r] = a[src + p];
                    } else {
                        for (int p = 0; p < kc; p++) dst[base + p * MR + r] = 0f;
                    }
                }
            } else {
                // A stored (K, M): row p holds op(A)[:, p], contiguous in r.
                for (int p = 0; p < kc; p++) {
                    int src = (p0 + p) * m + ic + ir;
                    int d = base + p * MR;
                    for (int r = 0; r < MR; r++) dst[d + r] = r < mr ? a[src + r] : 0f;
                }
            }
        }
    }

    /** The 6 x NR micro-kernel: C tile = alpha * sum_p A[:, p] B[p, :] + beta * C tile. */
    private static void micro(float[] c, int ldc, int row, int col, int mr, int nr,
                              float[] pa, int aOff, float[] pb, int bOff, int kc,
                              float alpha, float beta, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            FloatVector b1 = FloatVector.fromArray(S, pb, bi + W);
            int ai = aOff + p * MR;
            FloatVector a = FloatVector.broadcast(S, pa[ai]);
            c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, pa[ai + 1]);
            c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, pa[ai + 2]);
            c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, pa[ai + 3]);
            c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, pa[ai + 4]);
            c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, pa[ai + 5]);
            c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
        }
        if (mr == MR && nr == NR) {
            store(c, row * ldc + col, c00, c01, alpha, beta);
            store(c, (row + 1) * ldc + col, c10, c11, alpha, beta);
            store(c, (row + 2) * ldc + col, c20, c21, alpha, beta);
            store(c, (row + 3) * ldc + col, c30, c31, alpha, beta);
            store(c, (row + 4) * ldc + col, c40, c41, alpha, beta);
            store(c, (row + 5) * ldc + col, c50, c51, alpha, beta);
            return;
        }
        // Edge tile: spill to a scratch tile, then add the valid part.
        c00.intoArray(tile, 0); c01.intoArray(tile, W);
        c10.intoArray(tile, NR); c11.intoArray(tile, NR + W);
        c20.intoArray(tile, 2 * NR); c21.intoArray(tile, 2 * NR + W);
        c30.intoArray(tile, 3 * NR); c31.intoArray(tile, 3 * NR + W);
        c40.intoArray(tile, 4 * NR); c41.intoArray(tile, 4 * NR + W);
        c50.intoArray(tile, 5 * NR); c51.intoArray(tile, 5 * NR + W);
        for (int r = 0; r < mr; r++) {
            int ci = (row + r) * ldc + col;
            for (int j = 0; j < nr; j++) {
                float old = beta == 0 ? 0f : beta * c[ci + j];
                c[ci + j] = alpha * tile[r * NR + j] + old;
            }
        }
    }

    private static void store(float[] c, int ci, FloatVector v0, FloatVector v1, float alpha, float beta) {
        if (alpha != 1f) {
            v0 = v0.mul(alpha);
            v1 = v1.mul(alpha);
        }
        if (beta != 0f) {
            FloatVector o0 = FloatVector.fromArray(S, c, ci), o1 = FloatVector.fromArray(S, c, ci + W);
            if (beta == 1f) {
                v0 = v0.add(o0);
                v1 = v1.add(o1);
            } else {
                v0 = o0.mul(beta).add(v0);
                v1 = o1.mul(beta).add(v1);
            }
        }
        v0.intoArray(c, ci);
        v1.intoArray(c, ci + W);
    }
}
