package org.fatecg.backend.cuda;

import org.fatecg.backend.Backend;
import org.fatecg.backend.BinaryOp;
import org.fatecg.backend.Storage;
import org.fatecg.backend.UnaryOp;

/**
 * A small CNN written directly against {@link Backend}, for the parity suite's model-level checks
 * (logits, loss, gradients, a PGD trajectory) without the tensor layer:
 * <pre>
 *   x (N, 1, L) -> conv1d(1 -> C1, k3, pad 1) + b1 -> ReLU -> maxpool 2 -> flatten (N, F) -> linear F -> 5
 *   loss = mean cross-entropy; backward by hand: dlogits = (softmax - onehot) / N, then back through the
 *   linear layer, the pooling (scatter), ReLU (mask) and the convolution.
 * </pre>
 * Every intermediate stays in backend storage: a PGD loop uploads x once and downloads the result once.
 */
final class TinyCnn implements AutoCloseable {
    static final int N = 4, L = 33, C1 = 6, K = 3, PAD = 1, LP = L / 2, F = C1 * LP, CLASSES = 5;
    private static final int[] NCL = {N, C1, L},
            NCL_STRIDES = {C1 * L, L, 1},
            ROWS = {N, CLASSES},
            ROW_STRIDES = {CLASSES, 1};

    final Backend b;
    final Storage w1, b1, w2, b2;
    final Storage conv, act, pool, logits, max, exp, sum, prob, onehot, dlogits, dflat, dact, mask, dconv, dx;
    final Storage losses, dw1, db1, dw2, db2, invN, zero;

    TinyCnn(Backend b, GoldenData d, float[] labels) {
        this.b = b;
        w1 = b.upload(d.gauss(C1 * K, 0.5));
        b1 = b.upload(d.gauss(C1, 0.1));
        w2 = b.upload(d.gauss(CLASSES * F, 1 / Math.sqrt(F)));
        b2 = b.upload(d.gauss(CLASSES, 0.1));
        float[] hot = new float[N * CLASSES];
        for (int i = 0; i < N; i++) hot[i * CLASSES + (int) labels[i]] = 1f;
        onehot = b.upload(hot);
        invN = b.upload(new float[] {1f / N});
        zero = b.upload(new float[] {0f});
        conv = b.allocate(N * C1 * L);
        act = b.allocate(N * C1 * L);
        pool = b.allocate(N * F);
        logits = b.allocate(N * CLASSES);
        max = b.allocate(N);
        exp = b.allocate(N * CLASSES);
        sum = b.allocate(N);
        prob = b.allocate(N * CLASSES);
        dlogits = b.allocate(N * CLASSES);
        dflat = b.allocate(N * F);
        dact = b.allocate(N * C1 * L);
        mask = b.allocate(N * C1 * L);
        dconv = b.allocate(N * C1 * L);
        dx = b.allocate(N * L);
        losses = b.allocate(N);
        dw1 = b.allocate(C1 * K);
        db1 = b.allocate(C1);
        dw2 = b.allocate(CLASSES * F);
        db2 = b.allocate(CLASSES);
    }

    void forward(Storage x, Storage labels) {
        b.conv1dForward(conv, x, w1, N, 1, L, C1, K, PAD);
        b.binary(conv, conv, NCL_STRIDES, b1, new int[] {0, 1, 0}, BinaryOp.ADD, NCL);
        b.unary(act, conv, UnaryOp.RELU, N * C1 * L);
        b.maxPoolSelect(pool, act, act, N * C1, L);
        b.gemm(logits, pool, w2, false, true, N, CLASSES, F, 1f, 0f); // (N, F) . (CLASSES, F)^T
        b.binary(logits, logits, ROW_STRIDES, b2, new int[] {0, 1}, BinaryOp.ADD, ROWS);
        b.softmaxCrossEntropy(losses, logits, labels, N, CLASSES);
    }

    /** Forward, then every gradient of the mean loss; returns dx (N, 1, L). */
    Storage backward(Storage x, Storage labels) {
        forward(x, labels);
        // softmax = exp(z - max) / sum, row by row
        b.maxAxis(max, logits, N, CLASSES, 1);
        b.binary(exp, logits, ROW_STRIDES, max, new int[] {1, 0}, BinaryOp.SUB, ROWS);
        b.unary(exp, exp, UnaryOp.EXP, N * CLASSES);
        b.sumTo(sum, new int[] {1, 0}, N, exp, ROWS);
        b.binary(prob, exp, ROW_STRIDES, sum, new int[] {1, 0}, BinaryOp.DIV, ROWS);
        b.binary(dlogits, prob, ROW_STRIDES, onehot, ROW_STRIDES, BinaryOp.SUB, ROWS);
        b.binary(dlogits, dlogits, ROW_STRIDES, invN, new int[] {0, 0}, BinaryOp.MUL, ROWS);
        // linear: dW2 = dlogits^T . flat, db2 = column sums, dflat = dlogits . W2
        b.gemm(dw2, dlogits, pool, true, false, CLASSES, F, N, 1f, 0f);
        b.sumTo(db2, new int[] {0, 1}, CLASSES, dlogits, ROWS);
        b.gemm(dflat, dlogits, w2, false, false, N, F, CLASSES, 1f, 0f);
        // pooling, then ReLU: d conv = d act * (conv > 0)
        b.maxPoolScatter(dact, dflat, act, N * C1, L);
        b.binary(mask, conv, NCL_STRIDES, zero, new int[] {0, 0, 0}, BinaryOp.GT, NCL);
        b.binary(dconv, dact, NCL_STRIDES, mask, NCL_STRIDES, BinaryOp.MUL, NCL);
        b.conv1dBackwardWeight(dw1, x, dconv, N, 1, L, C1, K, PAD);
        b.sumTo(db1, new int[] {0, 1, 0}, C1, dconv, NCL);
        b.conv1dBackwardInput(dx, dconv, w1, N, 1, L, C1, K, PAD);
        return dx;
    }

    /** PGD without random start (delta form), in place on xAdv: xAdv = project(xAdv + alpha sign(grad)). */
    void pgd(Storage xAdv, Storage x, Storage labels, float eps, float alpha, int steps) {
        b.copy(xAdv, 0, x, 0, N * L);
        for (int s = 0; s < steps; s++) {
            Storage g = backward(xAdv, labels);
            b.signStep(xAdv, xAdv, g, x, alpha, eps, 0f, 1f, false, N * L);
        }
    }

    float[] read(Storage s) {
        float[] h = new float[s.size()];
        b.download(h, s);
        return h;
    }

    @Override
    public void close() {
        for (Storage s : new Storage[] {
            w1, b1, w2, b2, conv, act, pool, logits, max, exp, sum, prob, onehot, dlogits, dflat, dact, mask, dconv, dx,
            losses, dw1, db1, dw2, db2, invN, zero
        }) b.release(s);
    }
}
