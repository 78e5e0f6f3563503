package org.fatecg.backend.cpu;

import static org.fatecg.backend.cpu.Conv1dParityTest.nan;
import static org.fatecg.backend.cpu.Conv1dParityTest.random;

import java.util.Arrays;
import org.fatecg.Close;
import org.fatecg.tensor.Rng;
import org.junit.jupiter.api.Test;

/**
 * The fused forward-only conv block (ConvBlock: maxpool2(relu(conv1d + bias)) in one pass, the batch
 * split once across threads) against its two references:
 *
 * <ul>
 *   <li>the four separate kernels it fuses (the backend's conv1d, then bias add and max(v, 0) by
 *       definition, then the backend's max-pool selection), bit for bit: the same operations in the
 *       same order, only scheduled differently;</li>
 *   <li>the definition from {@link Conv1dNaive} (double accumulation), then bias, ReLU and the
 *       first-index-wins max of each pair, within the tolerance of Conv1dParityTest (atol 2e-6 sqrt(C K),
 *       rtol 1e-5; ReLU and max are 1-Lipschitz, so the conv's error bound carries over).</li>
 * </ul>
 *
 * Shapes: the paper CNN's four blocks at batch 64 (several chunks per thread, both the direct and the
 * GEMM conv), odd conv lengths (the last sample of each row dropped), K = 1 and 5, pad 0 and 2, no
 * bias, a batch of one and a batch smaller than the thread count. One, two and three threads agree bit
 * for bit. Outputs start NaN-filled: every element must be written.
 */
class ConvBlockParityTest {
    /** (N, C, L, O, K, pad, bias 1/0). */
    static final int[][] SHAPES = {
        {64, 1, 180, 16, 3, 1, 1},
        {64, 16, 90, 32, 3, 1, 1},
        {64, 32, 45, 64, 3, 1, 1},
        {64, 64, 22, 128, 3, 1, 1},
        {5, 3, 13, 9, 5, 2, 1},
        {3, 7, 12, 9, 1, 0, 0},
        {1, 2, 77, 4, 5, 2, 1},
        {2, 8, 11, 6, 3, 0, 0},
        {7, 1, 31, 3, 3, 1, 1}
    };

    static final CpuBackend ONE = new CpuBackend(1), TWO = new CpuBackend(2), THREE = new CpuBackend(3);

    /** The four kernels one after another: be.conv1dForward, v + bias[o], max(v, 0), be.maxPoolSelect. */
    static float[] unfused(CpuBackend be, float[] x, float[] w, float[] bias, int[] s) {
        int n = s[0], c = s[1], l = s[2], o = s[3], k = s[4], pad = s[5], lo = l + 2 * pad - k + 1;
        float[] y = new float[n * o * lo];
        be.conv1dForward(be.wrap(y), be.wrap(x), be.wrap(w), n, c, l, o, k, pad);
        for (int i = 0; i < y.length; i++) y[i] = Math.max(bias == null ? y[i] : y[i] + bias[(i / lo) % o], 0f);
        float[] out = nan(n * o * (lo / 2));
        be.maxPoolSelect(be.wrap(out), be.wrap(y), be.wrap(y), n * o, lo);
        return out;
    }

    /** The definition: Conv1dNaive, bias, ReLU, and per pair the second only when strictly larger. */
    static float[] definition(float[] x, float[] w, float[] bias, int[] s) {
        int n = s[0], c = s[1], l = s[2], o = s[3], k = s[4], pad = s[5], lo = l + 2 * pad - k + 1, lp = lo / 2;
        float[] y = new float[n * o * lo];
        Conv1dNaive.forward(y, x, w, n, c, l, o, k, pad);
        float[] out = new float[n * o * lp];
        for (int r = 0; r < n * o; r++) {
            float b = bias == null ? 0f : bias[r % o];
            for (int j = 0; j < lp; j++) {
                float first = Math.max(y[r * lo + 2 * j] + b, 0f), second = Math.max(y[r * lo + 2 * j + 1] + b, 0f);
                out[r * lp + j] = second > first ? second : first;
            }
        }
        return out;
    }

    @Test
    void fusedBlockMatchesTheKernelsItFusesAndTheDefinition() {
        Rng rng = new Rng(31);
        for (int[] s : SHAPES) {
            int n = s[0], c = s[1], l = s[2], o = s[3], k = s[4], pad = s[5], lo = l + 2 * pad - k + 1;
            String what = "N,C,L,O,K,pad,bias " + Arrays.toString(s);
            float[] x = random(rng, n * c * l), w = random(rng, o * c * k);
            float[] bias = s[6] == 1 ? random(rng, o) : null;
            float[] ref = unfused(TWO, x, w, bias, s);
            for (CpuBackend be : new CpuBackend[] {ONE, TWO, THREE}) {
                float[] got = nan(n * o * (lo / 2));
                be.conv1dBiasReluPool(
                        be.wrap(got), be.wrap(x), be.wrap(w), bias == null ? null : be.wrap(bias), n, c, l, o, k, pad);
                Close.assertBitIdentical(what + " fused vs unfused, " + be.threads() + " threads", ref, got);
            }
            Close.assertClose(
                    what + " against the definition", definition(x, w, bias, s), ref, 2e-6 * Math.sqrt(c * k), 1e-5);
        }
    }

    /** A second call reuses the per-thread scratch: a smaller call after a larger one must not read stale values. */
    @Test
    void scratchReuseLeavesNoTrace() {
        Rng rng = new Rng(32);
        int[] big = {64, 16, 90, 32, 3, 1, 1}, small = {3, 16, 9, 32, 3, 1, 1};
        for (int[] s : new int[][] {big, small, big}) {
            int n = s[0], c = s[1], l = s[2], o = s[3], k = s[4], pad = s[5], lo = l + 2 * pad - k + 1;
            float[] x = random(rng, n * c * l), w = random(rng, o * c * k), bias = random(rng, o);
            float[] got = nan(n * o * (lo / 2));
            TWO.conv1dBiasReluPool(TWO.wrap(got), TWO.wrap(x), TWO.wrap(w), TWO.wrap(bias), n, c, l, o, k, pad);
            Close.assertBitIdentical(Arrays.toString(s), unfused(ONE, x, w, bias, s), got);
        }
    }
}
