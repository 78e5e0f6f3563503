// fatecg_kernels.cuh: the per-element bodies of every fatecg CUDA kernel.
//
// Each body computes one output element (or one row, or one pooling window) from its index, so one
// function runs inside a grid-stride loop on the GPU (fatecg_kernels.cu) and inside a plain loop on the
// CPU (harness/harness.cpp), where the harness compares it with golden outputs of the Java CPU backend.
// What this is not: the launch code (CudaBackend.java) or the GEMM (cuBLAS).
//
// Semantics follow org.fatecg.backend.cpu term by term: Java's Math.max/min (a NaN wins, +0 > -0),
// PyTorch's first-index max pooling with NaN propagation, PyTorch's Adam operation order. The kernels
// are built without --use_fast_math and with --fmad=false (and the harness with -ffp-contract=off), so
// every float expression rounds as the Java one does; only exp/log/tanh/atanh differ by library ulps.
#pragma once

#include <math.h>
#include <stdint.h>
#include <string.h>

#ifdef __CUDACC__
#define FX_HD __host__ __device__ inline
#else
#define FX_HD inline
#endif

namespace fx {

// Same order as the Java enums org.fatecg.backend.UnaryOp / BinaryOp: the launcher passes ordinal().
// The golden files list the Java names in order and the harness checks them against these tables.
enum Unary { U_NEG, U_EXP, U_LOG, U_TANH, U_ABS, U_SIGN, U_RELU, U_ATANH, UNARY_COUNT };
enum Binary { B_ADD, B_SUB, B_MUL, B_DIV, B_GT, B_GE, B_EQ, BINARY_COUNT };

// Strided ops carry their (coalesced) shape and strides by value in the kernel's parameter space.
constexpr int MAX_RANK = 8;
struct Dims {
    int rank;
    int size[MAX_RANK];
};
struct Strides {
    int s[MAX_RANK];
};

// Threads per block of the block-reduction kernel; a power of two (tree reduction).
constexpr int SUM_BLOCK = 256;

// ---- scalar helpers with Java's semantics -------------------------------------------------------

FX_HD bool is_nan(float x) { return x != x; }

FX_HD bool sign_bit(float x) {
#ifdef __CUDA_ARCH__
    return __float_as_int(x) < 0;
#else
    int32_t b;
    memcpy(&b, &x, sizeof b);
    return b < 0;
#endif
}

// Math.max: NaN if either is NaN; +0 beats -0. (fmaxf returns the non-NaN operand instead.)
FX_HD float jmax(float a, float b) {
    if (is_nan(a)) return a;
    if (is_nan(b)) return b;
    if (a > b) return a;
    if (b > a) return b;
    return sign_bit(a) ? b : a;
}

// Math.min: NaN if either is NaN; -0 beats +0.
FX_HD float jmin(float a, float b) {
    if (is_nan(a)) return a;
    if (is_nan(b)) return b;
    if (a < b) return a;
    if (b < a) return b;
    return sign_bit(a) ? a : b;
}

FX_HD float unary_apply(int op, float x) {
    switch (op) {
        case U_NEG: return -x;
        case U_EXP: return expf(x);
        case U_LOG: return logf(x);
        case U_TANH: return tanhf(x);
        case U_ABS: return fabsf(x);
        case U_SIGN: return x > 0.f ? 1.f : (x < 0.f ? -1.f : 0.f);  // sign(0) = sign(NaN) = 0
        // max(x, 0) as the CPU backend's vector lanes and PyTorch compute it: relu(NaN) = NaN. (The CPU's
        // scalar tail, UnaryOp.apply, gives 0 for NaN; the golden cases put their NaN in the vector part.)
        case U_RELU: return jmax(x, 0.f);
        // 0.5 log((1 + x) / (1 - x)) rounded step by step as UnaryOp.ATANH (not atanhf): +-1 give +-inf,
        // which CW's tanh box keeps infinite
        case U_ATANH: return logf((1.f + x) / (1.f - x)) * 0.5f;
        default: return nanf("");
    }
}

FX_HD float binary_apply(int op, float a, float b) {
    switch (op) {
        case B_ADD: return a + b;
        case B_SUB: return a - b;
        case B_MUL: return a * b;
        case B_DIV: return a / b;
        case B_GT: return a > b ? 1.f : 0.f;
        case B_GE: return a >= b ? 1.f : 0.f;
        case B_EQ: return a == b ? 1.f : 0.f;
        default: return nanf("");
    }
}

// Element offset of the i-th element (row-major over d) through strides s.
FX_HD int offset_of(int i, const Dims& d, const Strides& s) {
    int off = 0;
    for (int k = d.rank - 1; k >= 0; k--) {
        int c = i % d.size[k];
        i /= d.size[k];
        off += c * s.s[k];
    }
    return off;
}

// ---- elementwise ----------------------------------------------------------------------------------

FX_HD void unary_at(int i, float* out, const float* in, int op) { out[i] = unary_apply(op, in[i]); }

FX_HD void clamp_at(int i, float* out, const float* in, float lo, float hi) {
    out[i] = jmin(jmax(in[i], lo), hi);
}

// out (shape, contiguous) = op(a, b), a and b read through strides (0 on a broadcast dimension).
FX_HD void binary_at(int i, float* out, const float* a, Strides aStrides, const float* b, Strides bStrides,
                     Dims shape, int op) {
    out[i] = binary_apply(op, a[offset_of(i, shape, aStrides)], b[offset_of(i, shape, bStrides)]);
}

// out (shape, contiguous) = in[inOffset + strided offset].
FX_HD void strided_at(int i, float* out, const float* in, int inOffset, Strides inStrides, Dims shape) {
    out[i] = in[inOffset + offset_of(i, shape, inStrides)];
}

// c = beta * c (GEMM with K = 0); beta = 0 writes zeros even over NaN garbage.
FX_HD void scale_at(int i, float* c, float beta) { c[i] = beta == 0.f ? 0.f : beta * c[i]; }

// ---- reductions -----------------------------------------------------------------------------------

// sumTo splits the input dimensions into kept ones (output stride != 0) and reduced ones. Output tuple t
// (row-major over the kept dims) sums the reduced tuples first, first + step, ... in double. The serial
// kernel uses step 1; the block kernel gives each of SUM_BLOCK threads its own first and adds the
// partials in a tree.
FX_HD double sum_to_partial(int t, int first, int step, const float* in, Dims kept, Strides keptIn,
                            Dims red, Strides redIn, int redCount) {
    const float* base = in + offset_of(t, kept, keptIn);
    double acc = 0.0;
    for (int r = first; r < redCount; r += step) acc += (double)base[offset_of(r, red, redIn)];
    return acc;
}

FX_HD void sum_to_serial_at(int t, float* out, const float* in, Dims kept, Strides keptIn, Strides keptOut,
                            Dims red, Strides redIn, int redCount) {
    out[offset_of(t, kept, keptOut)] = (float)sum_to_partial(t, 0, 1, in, kept, keptIn, red, redIn, redCount);
}

// out (outer, inner) = max over the middle axis of in (outer, dim, inner); a NaN wins.
FX_HD void max_axis_at(int idx, float* out, const float* in, int dim, int inner) {
    int b = idx / inner, i = idx % inner;
    const float* x = in + (size_t)b * dim * inner + i;
    float m = -INFINITY;
    for (int d = 0; d < dim; d++) {
        float v = x[(size_t)d * inner];
        if (v > m || is_nan(v)) m = v;
        if (is_nan(m)) break;
    }
    out[idx] = m;
}

// ---- max pooling, kernel 2, stride 2 --------------------------------------------------------------

// True when window (x[i], x[i+1]) picks its second element: strictly larger, or a NaN, unless the
// first is NaN (PyTorch: first index on ties, a NaN wins the window).
FX_HD bool pool_second(const float* x, int i) {
    return (x[i + 1] > x[i] || is_nan(x[i + 1])) && !is_nan(x[i]);
}

// out (R, L/2), idx = r * (L/2) + j.
FX_HD void max_pool_select_at(int idx, float* out, const float* v, const float* x, int l) {
    int lo = l / 2;
    int r = idx / lo, j = idx % lo;
    int i = r * l + 2 * j;
    out[idx] = pool_second(x, i) ? v[i + 1] : v[i];
}

// dx (R, L) over windows idx = r * ceil(L/2) + j: a full window routes g to its argmax; the dangling
// last element of an odd row gets 0.
FX_HD void max_pool_scatter_at(int idx, float* dx, const float* g, const float* x, int l) {
    int lo = l / 2, per = (l + 1) / 2;
    int r = idx / per, j = idx % per;
    int i = r * l + 2 * j;
    if (j == lo) {
        dx[i] = 0.f;
        return;
    }
    float gv = g[r * lo + j];
    bool second = pool_second(x, i);
    dx[i] = second ? 0.f : gv;
    dx[i + 1] = second ? gv : 0.f;
}

// ---- fused loss, attack and optimiser steps -------------------------------------------------------

// out[i] = logsumexp(z[i, :]) - z[i, y_i], exp summed in double as the CPU backend does. A label outside
// [0, classes) gives NaN (the CPU backend throws; a kernel cannot); a NaN label reads class 0 as
// Java's (int) cast does.
FX_HD void softmax_cross_entropy_at(int i, float* out, const float* z, const float* labels, int classes) {
    const float* row = z + (size_t)i * classes;
    float y = labels[i];
    if (!(y > -1.f && y < (float)classes) && !is_nan(y)) {
        out[i] = nanf("");
        return;
    }
    int label = is_nan(y) ? 0 : (int)y;
    float m = -INFINITY;
    for (int j = 0; j < classes; j++) m = jmax(m, row[j]);
    double s = 0.0;
    for (int j = 0; j < classes; j++) s += exp((double)(row[j] - m));
    out[i] = (float)((double)m + log(s) - (double)row[label]);
}

// The sign-gradient attack step, x' = xAdv + alpha sign(grad), projected (Backend.signStep):
//   delta form (PGD):      out = clamp(x0 + clamp(x' - x0, -eps, eps), lo, hi)
//   clip form (BIM, FGSM): out = min(min(max(x', max(x0 - eps, lo)), x0 + eps), hi)
FX_HD void sign_step_at(int i, float* out, const float* xAdv, const float* grad, const float* x0, float alpha,
                        float eps, float lo, float hi, int clipForm) {
    float g = grad[i];
    float step = g > 0.f ? alpha : (g < 0.f ? -alpha : 0.f);
    float moved = xAdv[i] + step;
    float x = x0[i];
    if (clipForm) {
        float lower = jmax(x - eps, lo);
        float v = jmax(moved, lower);
        v = jmin(v, x + eps);
        out[i] = jmin(v, hi);
    } else {
        float delta = jmin(jmax(moved - x, -eps), eps);
        out[i] = jmin(jmax(x + delta, lo), hi);
    }
}

// Adam in PyTorch's order: m = m b1 + g (1-b1); v = v b2 + g g (1-b2);
// p = p - (lr / bc1) (m / (sqrt(v) / sqrt(bc2) + eps)).
FX_HD void adam_at(int i, float* p, float* m, float* v, const float* g, float lr, float b1, float b2, float eps,
                   float bc1, float bc2) {
    float stepSize = lr / bc1;
    float bc2Sqrt = sqrtf(bc2);
    float gi = g[i];
    float mi = m[i] * b1 + gi * (1.f - b1);
    float vi = v[i] * b2 + gi * gi * (1.f - b2);
    m[i] = mi;
    v[i] = vi;
    float denom = sqrtf(vi) / bc2Sqrt + eps;
    p[i] = p[i] - stepSize * (mi / denom);
}

// Adamax: m = b1 m + (1-b1) g; u = max(b2 u, |g| + eps); p = p - (lr / bc1) m / u.
FX_HD void adamax_at(int i, float* p, float* m, float* u, const float* g, float lr, float b1, float b2, float eps,
                     float bc1) {
    float step = lr / bc1;
    float gi = g[i];
    float mi = b1 * m[i] + (1.f - b1) * gi;
    float ui = jmax(b2 * u[i], fabsf(gi) + eps);
    m[i] = mi;
    u[i] = ui;
    p[i] = p[i] - step * mi / ui;
}

FX_HD void sgd_at(int i, float* p, const float* g, float lr) { p[i] = p[i] - lr * g[i]; }

// ---- conv1d as im2col + GEMM (the layout of the CPU's Conv1dIm2col) -------------------------------
//   cols (C*K, N*Lout): cols[c*K + j, b*Lout + t] = x[b, c, t + j - pad], 0 outside the signal
//   forward:         Y (O, N*Lout) = W (O, C*K) . cols,  then y (N, O, Lout) = onl_to_nol(Y)
//   backward input:  dcols = W^T . nol_to_onl(dy),       then dx = col2im(dcols)
//   backward weight: dW (O, C*K) = nol_to_onl(dy) . cols^T

FX_HD void im2col_at(int idx, float* cols, const float* x, int n, int c, int l, int k, int pad, int lout) {
    int width = n * lout;
    int r = idx / width, col = idx % width;
    int b = col / lout, t = col % lout;
    int ic = r / k, j = r % k;
    int i = t + j - pad;
    cols[idx] = (i >= 0 && i < l) ? x[(b * c + ic) * l + i] : 0.f;
}

// dx[b, c, i] = sum over j (ascending, as the CPU adds) of dcols[c*K + j, b*Lout + i - j + pad].
FX_HD void col2im_at(int idx, float* dx, const float* dcols, int n, int c, int l, int k, int pad, int lout) {
    int width = n * lout;
    int i = idx % l, bc = idx / l;
    int ic = bc % c, b = bc / c;
    float acc = 0.f;
    for (int j = 0; j < k; j++) {
        int t = i - j + pad;
        if (t >= 0 && t < lout) acc += dcols[(ic * k + j) * width + b * lout + t];
    }
    dx[idx] = acc;
}

// y (N, O, L) from Y (O, N*L); idx runs over y.
FX_HD void onl_to_nol_at(int idx, float* y, const float* big, int n, int o, int l) {
    int t = idx % l, bo = idx / l;
    int oc = bo % o, b = bo / o;
    y[idx] = big[((size_t)oc * n + b) * l + t];
}

// Y (O, N*L) from y (N, O, L); idx runs over Y.
FX_HD void nol_to_onl_at(int idx, float* big, const float* y, int n, int o, int l) {
    int t = idx % l, ob = idx / l;
    int b = ob % n, oc = ob / n;
    big[idx] = y[((size_t)b * o + oc) * l + t];
}

}  // namespace fx
