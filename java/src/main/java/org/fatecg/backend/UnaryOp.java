package org.fatecg.backend;

/** Elementwise maps out[i] = f(in[i]) that every backend implements. */
public enum UnaryOp {
    NEG, EXP, LOG, TANH, ABS,
    /** sign(x) in {-1, 0, 1}; sign(0) = 0 as PyTorch's. */
    SIGN,
    RELU,
    /** atanh(x); +-1 give +-infinity (CW's tanh box keeps them infinite). */
    ATANH,
    SQRT,
    /** 1 / x. */
    RECIPROCAL;

    /** The scalar definition, shared by the CPU kernels and by tests (the CUDA kernels mirror it). */
    public float apply(float x) {
        switch (this) {
            case NEG: return -x;
            case EXP: return (float) Math.exp(x);
            case LOG: return (float) Math.log(x);
            case TANH: return (float) Math.tanh(x);
            case ABS: return Math.abs(x);
            case SIGN: return x > 0 ? 1f : (x < 0 ? -1f : 0f);
            case RELU: return Math.max(x, 0f); // NaN stays NaN, as the vector lanes and PyTorch
            case ATANH: return (float) (0.5 * Math.log((1.0 + x) / (1.0 - x)));
            case SQRT: return (float) Math.sqrt(x);
            case RECIPROCAL: return 1f / x;
            default: throw new AssertionError(this);
        }
    }
}
