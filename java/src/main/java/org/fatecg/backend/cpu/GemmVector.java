package org.fatecg.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.fatecg.backend.Parallel;

/**
 * Register-blocked sgemm with the Vector API, shaped for the small, skinny products of a 1-D CNN.
 *
 * <p>C (M, N) = alpha A B + beta C, where A (M, K) is read in place through two strides and B (K, N) is
 * handed over by a {@link Packer} one panel of NR = 2 vector widths at a time (k-major, zero-padded).
 * The micro-kernel keeps a 6 x NR tile of C in 12 vector registers; per k it broadcasts 6 values of A,
 * loads 2 vectors of B and issues 12 fused multiply-adds (about 240 GFLOP/s on one Zen core when the
 * panel sits in L1).
 *
 * <p>Why A is not packed: every operand here is small enough for L2/L3, and packing was measured to
 * cost more than the multiply for these shapes. B is read in place where its rows are contiguous (a
 * row-major B, a convolution's padded signal: {@link InPlaceB}); otherwise a packer gathers it one panel
 * at a time, and that is where a transpose or an im2col happens on the fly, so no intermediate matrix
 * is written.
 * The output goes either straight into a row-major C (vector stores) or through a {@link Store}
 * (a transposed or scattered layout, e.g. a convolution writing (N, O, L) directly).
 *
 * <p>K is cut in blocks of KC; each thread owns a contiguous range of B panels (or of A rows when N is
 * narrow), packs each panel once per K block and sweeps all of M over it. Every C element is summed by
 * one thread in a fixed order, so results are identical for any thread count.
 */
public final class GemmVector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int W = S.length();
    static final int NR = 2 * W;
    static final int MR = 6;
    static final int KC = 256;

    private GemmVector() {}

    /** Writes op(B)[p0 + p, j0 + j] into dst[p * NR + j] for p < kc, j < nr, and zeros for nr <= j < NR. */
    interface Packer {
        void pack(float[] dst, int p0, int kc, int j0, int nr);
    }

    /** Receives a finished tile: C[i0 + r, j0 + j] = alpha tile[r * NR + j] + beta C[...] for r < mr, j < nr. */
    interface Store {
        void store(float[] tile, int i0, int mr, int j0, int nr, float alpha, float beta);
    }

    /**
     * A Store with a layout where a full panel's NR columns often lie side by side in every row: C[i, j0 + j]
     * at target()[panelStart(j0) + i * rowStride() + j]. Such panels (when C = A B, alpha 1, beta 0, one
     * K block) go from the registers straight to their place, without the round trip through the tile;
     * the others, and every other case, go through store. A convolution's (N, O, L) output is one: a
     * panel that does not straddle two samples is contiguous in each output channel's row.
     */
    interface DirectStore extends Store {
        float[] target();

        int rowStride();

        /** Where row 0 of the full panel from column j0 goes in target(), or -1 when it is not contiguous. */
        int panelStart(int j0);
    }

    private static final ThreadLocal<float[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new float[][] {new float[KC * NR], new float[MR * NR], new float[0]});

    /** Row starts of a packed panel: row p at p * NR. */
    private static final int[] PACKED_ROWS = new int[KC];

    static {
        for (int p = 0; p < KC; p++) PACKED_ROWS[p] = p * NR;
    }

    /**
     * B read in place, without packing: B[p, j] = b[rowStart[p] + j]. Rows may overlap (a convolution's
     * taps are the same signal shifted). Either b holds NR readable floats past every row's last column
     * (edge null: every panel is read in place), or only the full panels (j0 + NR <= width) are, and the
     * last, narrower one is packed by edge (a dense matrix, whose last row ends the array).
     */
    static final class InPlaceB {
        final float[] b;
        final int[] rowStart;
        final int width;
        final Packer edge;

        InPlaceB(float[] b, int[] rowStart) {
            this(b, rowStart, Integer.MAX_VALUE, null);
        }

        private InPlaceB(float[] b, int[] rowStart, int width, Packer edge) {
            this.b = b;
            this.rowStart = rowStart;
            this.width = width;
            this.edge = edge;
        }

        /**
         * A dense row-major B (K, N), rows p * n. Reading a panel in place instead of copying it costs
         * nothing, which matters where M is small and a packed panel serves few rows: measured 1.1-1.7x
         * faster for 16 x 96 x 5888 (a conv input gradient's shape) and 64 x 256 x 1408 (fc1's), even at
         * 128 x 192 x 1536 (2 threads, best of 300 calls, against packing every panel). The last panel,
         * narrower than NR when N is not a multiple of it, is packed: in place its last row would read
         * past the array.
         */
        static InPlaceB dense(float[] b, int n, int k) {
            int[] rows = new int[k];
            for (int p = 0; p < k; p++) rows[p] = p * n;
            return new InPlaceB(b, rows, n, GemmVector.dense(b, false, n, k));
        }

        boolean reads(int j0) {
            return edge == null || j0 + NR <= width;
        }
    }

    /**
     * The BLAS-style entry: C = alpha op(A) op(B) + beta C, row-major. It computes either C = op(A) op(B)
     * or C^T = op(B)^T op(A)^T, whichever packs fewer (and cheaper: contiguous beats gathered) elements.
     */
    public static void gemm(
            Parallel par,
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
        if (m == 0 || n == 0) return;
        // A row-major B side is read in place (no cost here); a transposed one is gathered into panels,
        // about 3x a copy. The A side must be row-major along K (see run), so a transposed one is copied first.
        long normal = (transB ? 3L * k * n : 0) + (transA ? 3L * m * k : 0);
        long swapped = (transA ? 0 : 3L * k * m) + 2L * m * n + (transB ? 0 : 3L * k * n);
        if (normal <= swapped) {
            int ars = transA ? 1 : k, aps = transA ? m : 1;
            if (transB) run(par, m, n, k, a, 0, ars, aps, dense(b, true, n, k), c, n, null, alpha, beta);
            else run(par, m, n, k, a, 0, ars, aps, InPlaceB.dense(b, n, k), c, n, null, alpha, beta);
        } else {
            // C^T (N, M) = op(B)^T op(A)^T: the "A" side is op(B)^T read in place, the B side op(A)^T.
            int ars = transB ? k : 1, aps = transB ? 1 : n;
            Store store = transposedStore(c, n);
            if (transA) run(par, n, m, k, b, 0, ars, aps, InPlaceB.dense(a, m, k), null, 0, store, alpha, beta);
            else run(par, n, m, k, b, 0, ars, aps, dense(a, true, m, k), null, 0, store, alpha, beta);
        }
    }

    /** Packer for a dense B: row-major (K, N), or stored (N, K) when transposed. */
    static Packer dense(float[] b, boolean transB, int n, int k) {
        if (!transB) {
            return (dst, p0, kc, j0, nr) -> {
                for (int p = 0; p < kc; p++) {
                    int d = p * NR;
                    System.arraycopy(b, (p0 + p) * n + j0, dst, d, nr);
                    for (int j = nr; j < NR; j++) dst[d + j] = 0f;
                }
            };
        }
        return (dst, p0, kc, j0, nr) -> {
            for (int j = 0; j < NR; j++) {
                if (j < nr) {
                    int src = (j0 + j) * k + p0;
                    for (int p = 0; p < kc; p++) dst[p * NR + j] = b[src + p];
                } else {
                    for (int p = 0; p < kc; p++) dst[p * NR + j] = 0f;
                }
            }
        };
    }

    /** Store for computing C^T into a row-major C with ldc columns: tile row r is C column i0 + r. */
    static Store transposedStore(float[] c, int ldc) {
        return (tile, i0, mr, j0, nr, alpha, beta) -> {
            for (int j = 0; j < nr; j++) {
                int row = (j0 + j) * ldc + i0;
                for (int r = 0; r < mr; r++) {
                    float old = beta == 0 ? 0f : beta * c[row + r];
                    c[row + r] = alpha * tile[r * NR + j] + old;
                }
            }
        };
    }

    /**
     * The driver. A is read as a[aOff + i * ars + p * aps]. Output: row-major c with ldc when store is
     * null, else through store.
     */
    static void run(
            Parallel par,
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int ars,
            int aps,
            Packer packB,
            float[] c,
            int ldc,
            Store store,
            float alpha,
            float beta) {
        run(par, m, n, k, a, aOff, ars, aps, packB, null, c, ldc, store, alpha, beta);
    }

    /** As above with B read in place (no packing). */
    static void run(
            Parallel par,
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int ars,
            int aps,
            InPlaceB inPlace,
            float[] c,
            int ldc,
            Store store,
            float alpha,
            float beta) {
        run(par, m, n, k, a, aOff, ars, aps, null, inPlace, c, ldc, store, alpha, beta);
    }

    private static void run(
            Parallel par,
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int ars,
            int aps,
            Packer packB,
            InPlaceB inPlace,
            float[] c,
            int ldc,
            Store store,
            float alpha,
            float beta) {
        if (k == 0) {
            float[] zero = new float[MR * NR];
            for (int i = 0; i < m; i += MR)
                for (int j = 0; j < n; j += NR)
                    emit(zero, c, ldc, store, i, Math.min(MR, m - i), j, Math.min(NR, n - j), alpha, beta);
            return;
        }
        if (aps != 1) {
            // The micro-kernel wants A's rows contiguous along K: then its six loads a[row + p] are affine
            // in the loop counter and the JIT hoists their bounds checks out of the loop (a strided
            // a[row + p * aps] keeps six checks per step; measured 10-20% slower on the conv shapes).
            // The copy is M*K moves against 2*M*N*K flops, done once by the calling thread.
            float[][] scratch = SCRATCH.get();
            if (scratch[2].length < m * k) scratch[2] = new float[m * k];
            float[] rowMajor = scratch[2];
            for (int i = 0; i < m; i++) for (int p = 0; p < k; p++) rowMajor[i * k + p] = a[aOff + i * ars + p * aps];
            a = rowMajor;
            aOff = 0;
            ars = k;
            aps = 1;
        }
        float[] aRows = a;
        int aBase = aOff, aStride = ars;
        int panels = (n + NR - 1) / NR;
        long flops = 2L * m * n * k;
        if (flops < 400_000 || par.threads() == 1) {
            block(m, k, aRows, aBase, aStride, packB, inPlace, c, ldc, store, alpha, beta, 0, m, 0, panels, n);
        } else if (panels >= 2 * par.threads() || panels >= (m + MR - 1) / MR) {
            par.forRange(
                    panels,
                    1,
                    (p0, p1) -> block(
                            m, k, aRows, aBase, aStride, packB, inPlace, c, ldc, store, alpha, beta, 0, m, p0, p1, n));
        } else {
            par.forRange(
                    m,
                    MR,
                    (i0, i1) -> block(
                            m, k, aRows, aBase, aStride, packB, inPlace, c, ldc, store, alpha, beta, i0, i1, 0, panels,
                            n));
        }
    }

    private static void block(
            int m,
            int k,
            float[] a,
            int aOff,
            int ars,
            Packer packB,
            InPlaceB inPlace,
            float[] c,
            int ldc,
            Store store,
            float alpha,
            float beta,
            int i0,
            int i1,
            int panel0,
            int panel1,
            int n) {
        float[][] scratch = SCRATCH.get();
        float[] pb = scratch[0], tile = scratch[1];
        DirectStore direct =
                store instanceof DirectStore && k <= KC && alpha == 1f && beta == 0f ? (DirectStore) store : null;
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            float betaBlock = p0 == 0 ? beta : 1f;
            for (int jp = panel0; jp < panel1; jp++) {
                int j0 = jp * NR, nr = Math.min(NR, n - j0);
                float[] b;
                int[] rows;
                int rowOff, col;
                if (inPlace != null && inPlace.reads(j0)) {
                    b = inPlace.b;
                    rows = inPlace.rowStart;
                    rowOff = p0;
                    col = j0;
                } else {
                    (inPlace != null ? inPlace.edge : packB).pack(pb, p0, kc, j0, nr);
                    b = pb;
                    rows = PACKED_ROWS;
                    rowOff = 0;
                    col = 0;
                }
                int at = direct != null && nr == NR ? direct.panelStart(j0) : -1;
                int stride = at >= 0 ? direct.rowStride() : 0;
                for (int i = i0; i < i1; i += MR) {
                    int mr = Math.min(MR, i1 - i);
                    if (at >= 0) {
                        micro(
                                a,
                                aOff + p0,
                                ars,
                                i,
                                mr,
                                b,
                                rows,
                                rowOff,
                                col,
                                kc,
                                direct.target(),
                                at + i * stride,
                                stride);
                    } else {
                        micro(a, aOff + p0, ars, i, mr, b, rows, rowOff, col, kc, tile, 0, NR);
                        emit(tile, c, ldc, store, i, mr, j0, nr, alpha, betaBlock);
                    }
                }
            }
        }
    }

    private static void emit(
            float[] tile, float[] c, int ldc, Store store, int i, int mr, int j0, int nr, float alpha, float beta) {
        if (store != null) {
            store.store(tile, i, mr, j0, nr, alpha, beta);
            return;
        }
        if (nr == NR) {
            for (int r = 0; r < mr; r++) {
                int ci = (i + r) * ldc + j0;
                FloatVector v0 = FloatVector.fromArray(S, tile, r * NR),
                        v1 = FloatVector.fromArray(S, tile, r * NR + W);
                if (alpha != 1f) {
                    v0 = v0.mul(alpha);
                    v1 = v1.mul(alpha);
                }
                if (beta != 0f) {
                    v0 = v0.add(FloatVector.fromArray(S, c, ci).mul(beta));
                    v1 = v1.add(FloatVector.fromArray(S, c, ci + W).mul(beta));
                }
                v0.intoArray(c, ci);
                v1.intoArray(c, ci + W);
            }
            return;
        }
        for (int r = 0; r < mr; r++) {
            int ci = (i + r) * ldc + j0;
            for (int j = 0; j < nr; j++) {
                float old = beta == 0 ? 0f : beta * c[ci + j];
                c[ci + j] = alpha * tile[r * NR + j] + old;
            }
        }
    }

    /**
     * out[outBase + r * outStride : + NR] = sum over p < kc of A[i + r, p] * b[rows[rowOff + p] + col : +NR]
     * for r < mr (6 x NR: the tile, outStride NR, or a DirectStore's rows), with A[i, p] at
     * a[aOff + i * ars + p] (contiguous along K, so the bounds checks leave the loop). Rows past the edge
     * (r >= mr) repeat the last valid row, so the loop has no branches and reads nothing out of bounds;
     * they are stored onto row mr - 1 again, the same values.
     */
    private static void micro(
            float[] a,
            int aOff,
            int ars,
            int i,
            int mr,
            float[] pb,
            int[] rows,
            int rowOff,
            int col,
            int kc,
            float[] out,
            int outBase,
            int outStride) {
        int r0 = aOff + i * ars;
        int r1 = aOff + (i + Math.min(1, mr - 1)) * ars;
        int r2 = aOff + (i + Math.min(2, mr - 1)) * ars;
        int r3 = aOff + (i + Math.min(3, mr - 1)) * ars;
        int r4 = aOff + (i + Math.min(4, mr - 1)) * ars;
        int r5 = aOff + (i + Math.min(5, mr - 1)) * ars;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bi = rows[rowOff + p] + col;
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            FloatVector b1 = FloatVector.fromArray(S, pb, bi + W);
            FloatVector v = FloatVector.broadcast(S, a[r0 + p]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(S, a[r1 + p]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(S, a[r2 + p]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(S, a[r3 + p]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            v = FloatVector.broadcast(S, a[r4 + p]);
            c40 = v.fma(b0, c40);
            c41 = v.fma(b1, c41);
            v = FloatVector.broadcast(S, a[r5 + p]);
            c50 = v.fma(b0, c50);
            c51 = v.fma(b1, c51);
        }
        int o0 = outBase,
                o1 = outBase + Math.min(1, mr - 1) * outStride,
                o2 = outBase + Math.min(2, mr - 1) * outStride,
                o3 = outBase + Math.min(3, mr - 1) * outStride,
                o4 = outBase + Math.min(4, mr - 1) * outStride,
                o5 = outBase + Math.min(5, mr - 1) * outStride;
        c00.intoArray(out, o0);
        c01.intoArray(out, o0 + W);
        c10.intoArray(out, o1);
        c11.intoArray(out, o1 + W);
        c20.intoArray(out, o2);
        c21.intoArray(out, o2 + W);
        c30.intoArray(out, o3);
        c31.intoArray(out, o3 + W);
        c40.intoArray(out, o4);
        c41.intoArray(out, o4 + W);
        c50.intoArray(out, o5);
        c51.intoArray(out, o5 + W);
    }
}
