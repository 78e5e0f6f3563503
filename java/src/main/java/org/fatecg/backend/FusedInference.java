package org.fatecg.backend;

/**
 * Forward-only fused kernels a backend may offer beside {@link Backend}, for graph-free forward passes
 * (evaluation, the bench's forward): nothing here has a backward rule, so the tensor layer calls them
 * only when no graph is being recorded, and composes the same result from primitives otherwise (and on
 * a backend without them). Each kernel's reference twin is that composition: a parity test holds the
 * fused kernel to it bit for bit.
 */
public interface FusedInference {
    /** Whether the kernels below may be called (a wrapper of another backend answers for the one it wraps). */
    default boolean fusesConvBlocks() {
        return true;
    }

    /**
     * y (N, O, floor(Lout / 2)) = maxpool2(relu(conv1d(x (N, C, L), w (O, C, K), pad) + bias (O))),
     * Lout = L + 2 pad - K + 1, pooling with kernel 2 and stride 2 as {@link Backend#maxPoolSelect} with
     * v = x; bias null for none.
     */
    void conv1dBiasReluPool(Storage y, Storage x, Storage w, Storage bias, int n, int c, int l, int o, int k, int pad);
}
