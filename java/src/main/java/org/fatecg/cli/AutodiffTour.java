package org.fatecg.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Tensor;

/**
 * The autodiff core alone, micrograd-sized ({@code fatecg tour --autodiff}): a two-layer network
 * written with the tensor API, its gradients checked against central finite differences, and one
 * input gradient of a gradient (double backpropagation), checked the same way.
 *
 * <pre>
 *   h = tanh(x W1^T + b1)        x (4, 3), W1 (5, 3), b1 (5)
 *   o = h W2^T                   W2 (1, 5)
 *   L = mean((o - y)^2)          y (4, 1)
 *   R = sum((dL/dx)^2)           the squared input-gradient norm (a Jacobian-style regulariser)
 * </pre>
 * Finite differences: dL/dw ~ (L(w + h) - L(w - h)) / 2h with h = 1e-2 in float32; the error of the
 * central difference is O(h^2) plus rounding O(ulp(L) / h), about 1e-4 here.
 */
final class AutodiffTour {
    static final float H = 1e-2f;

    /** The largest |autodiff - finite difference| of dL/dparams and of dR/dx. */
    record Result(double firstOrderError, double secondOrderError, float loss, float regulariser) {}

    private final PrintWriter out;
    private final float[] x = {0.5f, -1.0f, 0.25f, 1.5f, 0.0f, -0.5f, -0.75f, 0.8f, 1.2f, 0.3f, -1.1f, 0.6f};
    private final float[] y = {1.0f, -0.5f, 0.25f, 0.0f};
    private final float[] w1 = new float[15], b1 = new float[5], w2 = new float[5];

    AutodiffTour(PrintWriter out) {
        this.out = out;
        // fixed, readable weights: w1[i] = sin(i + 1) / 2, b1[i] = 0.1 i - 0.2, w2[i] = cos(i) / 2
        for (int i = 0; i < w1.length; i++) w1[i] = (float) Math.sin(i + 1) / 2;
        for (int i = 0; i < b1.length; i++) b1[i] = 0.1f * i - 0.2f;
        for (int i = 0; i < w2.length; i++) w2[i] = (float) Math.cos(i) / 2;
    }

    private void line(String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
    }

    /** L, built from the tensors given (differentiable in each that requires a gradient). */
    private static Tensor loss(Tensor x, Tensor w1, Tensor b1, Tensor w2, Tensor y) {
        Tensor h = x.matmul(w1, false, true).add(b1).tanh();
        Tensor o = h.matmul(w2, false, true);
        return Functional.mse(o, y);
    }

    private float lossAt(float[] xv, float[] w1v, float[] b1v, float[] w2v) {
        try (Arena a = Arena.open()) {
            return loss(
                            Tensor.of(xv, 4, 3),
                            Tensor.of(w1v, 5, 3),
                            Tensor.of(b1v, 5),
                            Tensor.of(w2v, 1, 5),
                            Tensor.of(y, 4, 1))
                    .item();
        }
    }

    /** R(x) = |dL/dx|^2, by one first-order gradient. */
    private float regulariserAt(float[] xv) {
        try (Arena a = Arena.open()) {
            Tensor xt = Tensor.of(xv, 4, 3).requiresGrad(true);
            Tensor g = Autograd.grad(
                    loss(xt, Tensor.of(w1, 5, 3), Tensor.of(b1, 5), Tensor.of(w2, 1, 5), Tensor.of(y, 4, 1)), xt)[0];
            return Functional.sum(g.mul(g)).item();
        }
    }

    Result run() {
        out.println();
        out.println("== The autodiff core alone: a two-layer network");
        out.println(
                "   (tensor/Tensor.java, tensor/PointwisePrimitives.java tanh, tensor/LayerPrimitives.java matmul, tensor/Autograd.java grad)");
        try (Arena a = Arena.open()) {
            Tensor xt = Tensor.of(x, 4, 3).requiresGrad(true);
            Tensor[] ps = {
                Tensor.of(w1, 5, 3).requiresGrad(true),
                Tensor.of(b1, 5).requiresGrad(true),
                Tensor.of(w2, 1, 5).requiresGrad(true)
            };
            Tensor l = loss(xt, ps[0], ps[1], ps[2], Tensor.of(y, 4, 1));
            line("L = mean((tanh(x W1^T + b1) W2^T - y)^2) = %.6f", l.item());

            // first order: every parameter's gradient against central differences
            Tensor[] grads = Autograd.grad(l, ps);
            float[][] values = {w1, b1, w2};
            String[] names = {"W1", "b1", "W2"};
            double worst1 = 0;
            for (int p = 0; p < ps.length; p++) {
                float[] g = grads[p].toArray();
                double worst = 0;
                for (int i = 0; i < g.length; i++) {
                    float[] v = values[p], plus = v.clone(), minus = v.clone();
                    plus[i] += H;
                    minus[i] -= H;
                    float lp = p == 0
                            ? lossAt(x, plus, b1, w2)
                            : p == 1 ? lossAt(x, w1, plus, w2) : lossAt(x, w1, b1, plus);
                    float lm = p == 0
                            ? lossAt(x, minus, b1, w2)
                            : p == 1 ? lossAt(x, w1, minus, w2) : lossAt(x, w1, b1, minus);
                    double fd = (lp - lm) / (2.0 * H);
                    worst = Math.max(worst, Math.abs(fd - g[i]));
                    if (i == 0) line("dL/d%s[0] = %.4f by autodiff, %.4f by finite differences", names[p], g[i], fd);
                }
                worst1 = Math.max(worst1, worst);
                line("  all %d entries of dL/d%s: largest difference %.1e", g.length, names[p], worst);
            }

            // second order: g = dL/dx recorded as a graph (createGraph), R = sum(g^2), then dR/dx
            Tensor gx = Autograd.grad(l, null, true, xt)[0];
            Tensor reg = Functional.sum(gx.mul(gx));
            float[] dr = Autograd.grad(reg, xt)[0].toArray();
            line(
                    "R = |dL/dx|^2 = %.6f; dR/dx is a gradient of a gradient (Autograd.grad with createGraph = true)",
                    reg.item());
            double worst2 = 0;
            for (int i = 0; i < x.length; i++) {
                float[] plus = x.clone(), minus = x.clone();
                plus[i] += H;
                minus[i] -= H;
                double fd = (regulariserAt(plus) - regulariserAt(minus)) / (2.0 * H);
                worst2 = Math.max(worst2, Math.abs(fd - dr[i]));
                if (i == 0)
                    line(
                            "dR/dx[0,0] = %.4f by double backprop, %.4f by finite differences of first-order gradients",
                            dr[i], fd);
            }
            line("  all %d entries of dR/dx: largest difference %.1e", dr.length, worst2);
            return new Result(worst1, worst2, l.item(), reg.item());
        }
    }
}
