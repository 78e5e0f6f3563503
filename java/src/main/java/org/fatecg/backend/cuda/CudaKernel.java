package org.fatecg.backend.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every kernel of kernels/fatecg_kernels.cu, with its C signature written once. Launches go through
 * {@link KernelArgs}, which checks each argument against this signature by name and kind, and
 * KernelSignatureTest checks the signatures against the .cu source, so an argument in the wrong place
 * fails a test here instead of computing garbage on a GPU.
 */
enum CudaKernel {
    UNARY("fatecg_unary", "float* out, const float* in, int op, int n"),
    CLAMP("fatecg_clamp", "float* out, const float* in, float lo, float hi, int n"),
    BINARY(
            "fatecg_binary",
            "float* out, const float* a, fx::Strides aStrides, const float* b, fx::Strides bStrides, fx::Dims shape, int op, int n"),
    STRIDED(
            "fatecg_strided",
            "float* out, const float* in, int inOffset, fx::Strides inStrides, fx::Dims shape, int n"),
    SCALE("fatecg_scale", "float* c, float beta, int n"),
    SUM_TO_SERIAL(
            "fatecg_sum_to_serial",
            "float* out, const float* in, fx::Dims kept, fx::Strides keptIn, fx::Strides keptOut, fx::Dims red, fx::Strides redIn, int keptCount, int redCount"),
    /** One block of {@link #SUM_BLOCK} threads per output element (the launch's work counts blocks). */
    SUM_TO_BLOCK(
            "fatecg_sum_to_block",
            "float* out, const float* in, fx::Dims kept, fx::Strides keptIn, fx::Strides keptOut, fx::Dims red, fx::Strides redIn, int keptCount, int redCount"),
    MAX_AXIS("fatecg_max_axis", "float* out, const float* in, int dim, int inner, int n"),
    MAX_POOL_SELECT("fatecg_max_pool_select", "float* out, const float* v, const float* x, int l, int n"),
    MAX_POOL_SCATTER("fatecg_max_pool_scatter", "float* dx, const float* g, const float* x, int l, int n"),
    SOFTMAX_CROSS_ENTROPY(
            "fatecg_softmax_cross_entropy", "float* out, const float* logits, const float* labels, int classes, int n"),
    SIGN_STEP(
            "fatecg_sign_step",
            "float* out, const float* xAdv, const float* grad, const float* x0, float alpha, float eps, float lo, float hi, int clipForm, int n"),
    ADAM_STEP(
            "fatecg_adam_step",
            "float* p, float* m, float* v, const float* g, float lr, float b1, float b2, float eps, float bc1, float bc2, int n"),
    ADAMAX_STEP(
            "fatecg_adamax_step",
            "float* p, float* m, float* u, const float* g, float lr, float b1, float b2, float eps, float bc1, int n"),
    SGD_STEP("fatecg_sgd_step", "float* p, const float* g, float lr, int n"),
    IM2COL("fatecg_im2col", "float* cols, const float* x, int n, int c, int l, int k, int pad, int lout, int total"),
    COL2IM("fatecg_col2im", "float* dx, const float* dcols, int n, int c, int l, int k, int pad, int lout, int total"),
    ONL_TO_NOL("fatecg_onl_to_nol", "float* y, const float* big, int n, int o, int l, int total"),
    NOL_TO_ONL("fatecg_nol_to_onl", "float* big, const float* y, int n, int o, int l, int total");

    /** Threads per block of the grid-stride kernels, and of the block-reduction kernel (fx::SUM_BLOCK). */
    static final int BLOCK = 256;

    static final int SUM_BLOCK = 256;
    /** Most blocks in a grid; grid-stride loops cover the rest. */
    static final int MAX_GRID = 65535;
    /** The largest rank a Dims/Strides struct holds (fx::MAX_RANK). */
    static final int MAX_RANK = 8;

    enum Kind {
        PTR,
        INT,
        FLOAT,
        DIMS,
        STRIDES
    }

    /** One parameter: its C type (normalised) and name. */
    static final class Param {
        final Kind kind;
        final String type;
        final String name;

        Param(String type, String name) {
            this.type = type;
            this.name = name;
            this.kind = kindOf(type);
        }

        @Override
        public String toString() {
            return type + " " + name;
        }
    }

    final String symbol;
    final String signature;
    final List<Param> params;

    CudaKernel(String symbol, String signature) {
        this.symbol = symbol;
        this.signature = normalise(signature);
        this.params = parse(this.signature);
    }

    /** True when the launch's work counts blocks (one per output element) rather than threads. */
    boolean blockPerItem() {
        return this == SUM_TO_BLOCK;
    }

    /** Collapses whitespace so that a signature read from the .cu source compares equal. */
    static String normalise(String signature) {
        return signature
                .replaceAll("\\s+", " ")
                .replaceAll("\\s*\\*\\s*", "* ")
                .replaceAll("\\s*,\\s*", ", ")
                .trim();
    }

    static List<Param> parse(String normalised) {
        List<Param> out = new ArrayList<>();
        for (String p : normalised.split(", ")) {
            int cut = p.lastIndexOf(' ');
            if (cut < 0) throw new IllegalArgumentException("parameter without a name: " + p);
            out.add(new Param(p.substring(0, cut), p.substring(cut + 1)));
        }
        return out;
    }

    static Kind kindOf(String type) {
        switch (type.toLowerCase(Locale.ROOT)) {
            case "float*":
            case "const float*":
                return Kind.PTR;
            case "int":
                return Kind.INT;
            case "float":
                return Kind.FLOAT;
            case "fx::dims":
                return Kind.DIMS;
            case "fx::strides":
                return Kind.STRIDES;
            default:
                throw new IllegalArgumentException("unsupported kernel parameter type " + type);
        }
    }
}
