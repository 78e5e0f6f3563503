package org.fatecg.backend;

/** Elementwise maps out[i] = f(in[i]) that every backend implements. */
public enum UnaryOp {
    NEG,
    EXP,
    LOG,
    TANH,
    ABS,
    /** sign(x) in {-1, 0, 1}; sign(0) = 0 as PyTorch's. */
    SIGN,
    RELU,
    /**
     * atanh(x) = 0.5 log((1 + x) / (1 - x)), each step rounded to float32 as written (the form CW-L2
     * starts from, so its w_0 = atanh(2x - 1) is the same bits as that composition); +-1 give +-infinity,
     * which CW's tanh box keeps infinite.
     */
    ATANH;

    /** The scalar definition, shared by the CPU kernels and by tests (the CUDA kernels mirror it). */
    public float apply(float x) {
        switch (this) {
            case NEG:
                return -x;
            case EXP:
                return (float) Math.exp(x);
            case LOG:
                return (float) Math.log(x);
            case TANH:
                return (float) Math.tanh(x);
            case ABS:
                return Math.abs(x);
            case SIGN:
                return x > 0 ? 1f : (x < 0 ? -1f : 0f);
            case RELU:
                return Math.max(x, 0f); // NaN stays NaN, as the vector lanes and PyTorch
            case ATANH:
                return (float) Math.log((1f + x) / (1f - x)) * 0.5f;
            default:
                throw new AssertionError(this);
        }
    }
}
