// fatecg_kernels.cu: the CUDA launch wrappers around the bodies in fatecg_kernels.cuh.
//
// Every kernel is extern "C" (unmangled, so CudaBackend finds it by name with cuModuleGetFunction) and
// is a grid-stride loop over its index space calling one body; the host harness runs the same bodies
// over the same index spaces on the CPU. Parameters: outputs first, then inputs, then sizes; the Java
// side declares each signature once (CudaKernel.java) and a test checks it against this file.
// Not here: GEMM (cuBLAS) and the per-op host logic (CudaBackend.java).
#include "fatecg_kernels.cuh"

// i runs over [0, n) in steps of the whole grid; 64-bit so that i + stride cannot overflow.
#define FX_GRID_STRIDE(i, n) \
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (long long)blockDim.x * gridDim.x)

extern "C" __global__ void fatecg_unary(float* out,       // (n)
                                        const float* in,  // (n)
                                        int op, int n) {
    FX_GRID_STRIDE(i, n) fx::unary_at((int)i, out, in, op);
}

extern "C" __global__ void fatecg_clamp(float* out, const float* in, float lo, float hi, int n) {
    FX_GRID_STRIDE(i, n) fx::clamp_at((int)i, out, in, lo, hi);
}

extern "C" __global__ void fatecg_binary(float* out,  // (shape), contiguous
                                         const float* a, fx::Strides aStrides, const float* b, fx::Strides bStrides,
                                         fx::Dims shape, int op, int n) {
    FX_GRID_STRIDE(i, n) fx::binary_at((int)i, out, a, aStrides, b, bStrides, shape, op);
}

extern "C" __global__ void fatecg_strided(float* out,  // (shape), contiguous
                                          const float* in, int inOffset, fx::Strides inStrides, fx::Dims shape, int n) {
    FX_GRID_STRIDE(i, n) fx::strided_at((int)i, out, in, inOffset, inStrides, shape);
}

extern "C" __global__ void fatecg_scale(float* c, float beta, int n) {
    FX_GRID_STRIDE(i, n) fx::scale_at((int)i, c, beta);
}

// One thread per kept tuple, summing its reduced tuples serially: for short reductions.
extern "C" __global__ void fatecg_sum_to_serial(float* out, const float* in, fx::Dims kept, fx::Strides keptIn,
                                                fx::Strides keptOut, fx::Dims red, fx::Strides redIn,
                                                int keptCount, int redCount) {
    FX_GRID_STRIDE(t, keptCount) fx::sum_to_serial_at((int)t, out, in, kept, keptIn, keptOut, red, redIn, redCount);
}

// One block (fx::SUM_BLOCK threads) per kept tuple: thread k sums reduced tuples k, k + SUM_BLOCK, ...,
// then the block adds the partials in a binary tree. For long reductions (a bias gradient over N*L).
extern "C" __global__ void fatecg_sum_to_block(float* out, const float* in, fx::Dims kept, fx::Strides keptIn,
                                               fx::Strides keptOut, fx::Dims red, fx::Strides redIn,
                                               int keptCount, int redCount) {
    __shared__ double partial[fx::SUM_BLOCK];
    for (int t = blockIdx.x; t < keptCount; t += gridDim.x) {
        partial[threadIdx.x] = fx::sum_to_partial(t, threadIdx.x, fx::SUM_BLOCK, in, kept, keptIn, red, redIn, redCount);
        __syncthreads();
        for (int half = fx::SUM_BLOCK / 2; half > 0; half >>= 1) {
            if (threadIdx.x < half) partial[threadIdx.x] += partial[threadIdx.x + half];
            __syncthreads();
        }
        if (threadIdx.x == 0) out[fx::offset_of(t, kept, keptOut)] = (float)partial[0];
        __syncthreads();
    }
}

extern "C" __global__ void fatecg_max_axis(float* out,       // (outer, inner)
                                           const float* in,  // (outer, dim, inner)
                                           int dim, int inner, int n) {
    FX_GRID_STRIDE(i, n) fx::max_axis_at((int)i, out, in, dim, inner);
}

extern "C" __global__ void fatecg_max_pool_select(float* out,      // (R, L/2)
                                                  const float* v,  // (R, L)
                                                  const float* x,  // (R, L)
                                                  int l, int n) {
    FX_GRID_STRIDE(i, n) fx::max_pool_select_at((int)i, out, v, x, l);
}

extern "C" __global__ void fatecg_max_pool_scatter(float* dx,       // (R, L)
                                                   const float* g,  // (R, L/2)
                                                   const float* x,  // (R, L)
                                                   int l, int n) {
    FX_GRID_STRIDE(i, n) fx::max_pool_scatter_at((int)i, dx, g, x, l);
}

extern "C" __global__ void fatecg_softmax_cross_entropy(float* out,           // (N)
                                                        const float* logits,  // (N, classes)
                                                        const float* labels,  // (N)
                                                        int classes, int n) {
    FX_GRID_STRIDE(i, n) fx::softmax_cross_entropy_at((int)i, out, logits, labels, classes);
}

extern "C" __global__ void fatecg_sign_step(float* out, const float* xAdv, const float* grad, const float* x0,
                                            float alpha, float eps, float lo, float hi, int clipForm, int n) {
    FX_GRID_STRIDE(i, n) fx::sign_step_at((int)i, out, xAdv, grad, x0, alpha, eps, lo, hi, clipForm);
}

extern "C" __global__ void fatecg_adam_step(float* p, float* m, float* v, const float* g, float lr, float b1,
                                            float b2, float eps, float bc1, float bc2, int n) {
    FX_GRID_STRIDE(i, n) fx::adam_at((int)i, p, m, v, g, lr, b1, b2, eps, bc1, bc2);
}

extern "C" __global__ void fatecg_adamax_step(float* p, float* m, float* u, const float* g, float lr, float b1,
                                              float b2, float eps, float bc1, int n) {
    FX_GRID_STRIDE(i, n) fx::adamax_at((int)i, p, m, u, g, lr, b1, b2, eps, bc1);
}

extern "C" __global__ void fatecg_sgd_step(float* p, const float* g, float lr, int n) {
    FX_GRID_STRIDE(i, n) fx::sgd_at((int)i, p, g, lr);
}

extern "C" __global__ void fatecg_im2col(float* cols,      // (C*K, N*Lout)
                                         const float* x,   // (N, C, L)
                                         int n, int c, int l, int k, int pad, int lout, int total) {
    FX_GRID_STRIDE(i, total) fx::im2col_at((int)i, cols, x, n, c, l, k, pad, lout);
}

extern "C" __global__ void fatecg_col2im(float* dx,           // (N, C, L)
                                         const float* dcols,  // (C*K, N*Lout)
                                         int n, int c, int l, int k, int pad, int lout, int total) {
    FX_GRID_STRIDE(i, total) fx::col2im_at((int)i, dx, dcols, n, c, l, k, pad, lout);
}

extern "C" __global__ void fatecg_onl_to_nol(float* y,          // (N, O, L)
                                             const float* big,  // (O, N*L)
                                             int n, int o, int l, int total) {
    FX_GRID_STRIDE(i, total) fx::onl_to_nol_at((int)i, y, big, n, o, l);
}

extern "C" __global__ void fatecg_nol_to_onl(float* big,      // (O, N*L)
                                             const float* y,  // (N, O, L)
                                             int n, int o, int l, int total) {
    FX_GRID_STRIDE(i, total) fx::nol_to_onl_at((int)i, big, y, n, o, l);
}
