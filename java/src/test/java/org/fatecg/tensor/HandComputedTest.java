package org.fatecg.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Tiny examples whose values and gradients are worked out by hand in the comments: the first tier of
 * tests, readable without any reference implementation. Tolerance 1e-6 absolute (every value here is an
 * O(1) float32 result of a handful of operations).
 */
class HandComputedTest {
    static final float EPS = 1e-6f;

    static Tensor t(float[] v, int... shape) {
        return Tensor.of(v, shape);
    }

    static void same(float[] expected, Tensor actual) {
        assertArrayEquals(expected, actual.toArray(), EPS);
    }

    /**
     * A = [[1,2,3],[4,5,6]], B = [[7,8],[9,10],[11,12]]: C = A B = [[58,64],[139,154]].
     * With L = sum(C * G), G = [[1,-1],[2,0.5]]: dA = G B^T = [[-1,-1,-1],[18,23,28]] and
     * dB = A^T G = [[9,1],[12,0.5],[15,0]].
     */
    @Test
    void matmul2x3() {
        Tensor a = t(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor b = t(new float[] {7, 8, 9, 10, 11, 12}, 3, 2).requiresGrad(true);
        Tensor c = a.matmul(b, false, false);
        same(new float[] {58, 64, 139, 154}, c);
        Tensor[] g = Autograd.grad(c, t(new float[] {1, -1, 2, 0.5f}, 2, 2), false, a, b);
        same(new float[] {-1, -1, -1, 18, 23, 28}, g[0]);
        same(new float[] {9, 1, 12, 0.5f, 15, 0}, g[1]);
        // The same product from A stored transposed (3, 2) and B stored transposed (2, 3).
        Tensor at = t(new float[] {1, 4, 2, 5, 3, 6}, 3, 2), bt = t(new float[] {7, 9, 11, 8, 10, 12}, 2, 3);
        same(new float[] {58, 64, 139, 154}, at.matmul(bt, true, true));
    }

    /**
     * x = [1,2,3,4], w = [1,2,3], pad 1: y[t] = x[t-1] + 2 x[t] + 3 x[t+1] = [8, 14, 20, 11].
     * d sum(y) / dx_i sums the weights that touch x_i: [2+1, 3+2+1, 3+2+1, 3+2] = [3, 6, 6, 5];
     * d sum(y) / dw_j = sum_t x[t+j-1] = [0+1+2+3, 1+2+3+4, 2+3+4+0] = [6, 10, 9].
     */
    @Test
    void conv1dKernel3Pad1() {
        Tensor x = t(new float[] {1, 2, 3, 4}, 1, 1, 4).requiresGrad(true);
        Tensor w = t(new float[] {1, 2, 3}, 1, 1, 3).requiresGrad(true);
        Tensor y = x.conv1d(w, 1);
        assertArrayEquals(new int[] {1, 1, 4}, y.shape());
        same(new float[] {8, 14, 20, 11}, y);
        Tensor[] g = Autograd.grad(y.sumTo(), x, w);
        same(new float[] {3, 6, 6, 5}, g[0]);
        same(new float[] {6, 10, 9}, g[1]);
        // Two output channels, no padding: w2 = [[1,0,-1]] gives x[t] - x[t+2] = [-2, -2].
        Tensor w2 = t(new float[] {1, 2, 3, 1, 0, -1}, 2, 1, 3);
        same(new float[] {14, 20, -2, -2}, x.detach().conv1d(w2, 0));
    }

    /**
     * x = [3, 3, 1, 5, 2] (odd length 5): windows (3,3) (1,5), the 2 dropped: out = [3, 5]. A tie goes to
     * the first index (PyTorch), so with L = 10 out_0 + 20 out_1 the gradient is [10, 0, 0, 20, 0].
     */
    @Test
    void maxPoolTiesAndOddLength() {
        Tensor x = t(new float[] {3, 3, 1, 5, 2, -1, -2, -2, -4, 0}, 2, 5).requiresGrad(true);
        Tensor y = x.maxPool2();
        assertArrayEquals(new int[] {2, 2}, y.shape());
        same(new float[] {3, 5, -1, -2}, y);
        Tensor[] g = Autograd.grad(y, t(new float[] {10, 20, 30, 40}, 2, 2), false, x);
        same(new float[] {10, 0, 0, 20, 0, 30, 0, 40, 0, 0}, g[0]);
    }

    /**
     * l = logsumexp(z) - z_y. Row [0,0,0], y = 1: ln 3 = 1.0986123. Row [1,2,3], y = 2:
     * ln(e + e^2 + e^3) - 3 = ln(1 + e^-1 + e^-2) = 0.40760596. Mean 0.75310913. The gradient of the mean
     * is (softmax - onehot) / 2 with softmax([1,2,3]) = [0.09003057, 0.24472847, 0.66524096].
     */
    @Test
    void crossEntropyOnKnownLogits() {
        Tensor z = t(new float[] {0, 0, 0, 1, 2, 3}, 2, 3).requiresGrad(true);
        Tensor y = t(new float[] {1, 2}, 2);
        same(new float[] {1.0986123f, 0.40760596f}, z.crossEntropy(y));
        Tensor loss = Functional.crossEntropy(z, y);
        assertEquals(0.75310913f, loss.item(), EPS);
        same(new float[] {1 / 6f, -1 / 3f, 1 / 6f, 0.04501529f, 0.12236424f, -0.16737952f}, Autograd.grad(loss, z)[0]);
        // Large logits stay finite: [1000, 1001, 1002] is [1, 2, 3] shifted.
        assertEquals(
                0.40760596f,
                t(new float[] {1000, 1001, 1002}, 1, 3)
                        .crossEntropy(t(new float[] {2}, 1))
                        .item(),
                1e-4f);
    }

    /** softmax rows sum to 1, are shift invariant, and do not overflow at logits ~ 1000. */
    @Test
    void softmaxSumsToOne() {
        Tensor z = t(new float[] {1, 2, 3, 1000, 1001, 1002, -5, 0, 7.5f, 0, 0, 0}, 4, 3);
        float[] p = Functional.softmax(z).toArray();
        for (int r = 0; r < 4; r++) {
            float s = p[3 * r] + p[3 * r + 1] + p[3 * r + 2];
            assertEquals(1f, s, EPS, "row " + r);
        }
        assertArrayEquals(new float[] {0.09003057f, 0.24472847f, 0.66524096f}, java.util.Arrays.copyOf(p, 3), EPS);
        assertArrayEquals(java.util.Arrays.copyOfRange(p, 0, 3), java.util.Arrays.copyOfRange(p, 3, 6), EPS);
        assertArrayEquals(new float[] {1 / 3f, 1 / 3f, 1 / 3f}, java.util.Arrays.copyOfRange(p, 9, 12), EPS);
        // log softmax of [0, 0] is [-ln 2, -ln 2].
        same(new float[] {-0.6931472f, -0.6931472f}, Functional.logSoftmax(t(new float[] {0, 0}, 1, 2)));
    }

    /**
     * x = [[1,2,3],[4,5,6]]: sumTo(3) = [5,7,9]; sumTo(2,1) = [[6],[15]]; sumTo() = 21.
     * a = [[1],[2]] + b = [10,20,30] broadcasts to [[11,21,31],[12,22,32]]; d sum / da = [[3],[3]] (a is
     * read 3 times per row), d sum / db = [2,2,2].
     */
    @Test
    void broadcastingAndSumTo() {
        Tensor x = t(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        same(new float[] {5, 7, 9}, x.sumTo(3));
        same(new float[] {6, 15}, x.sumTo(2, 1));
        assertArrayEquals(new int[] {2, 1}, x.sumTo(2, 1).shape());
        assertEquals(21f, x.sumTo().item());
        assertEquals(3.5f, Functional.mean(x).item());
        same(new float[] {6, 15}, Functional.sum(x, 1));
        Tensor a = t(new float[] {1, 2}, 2, 1).requiresGrad(true);
        Tensor b = t(new float[] {10, 20, 30}, 3).requiresGrad(true);
        Tensor s = a.add(b);
        assertArrayEquals(new int[] {2, 3}, s.shape());
        same(new float[] {11, 21, 31, 12, 22, 32}, s);
        Tensor[] g = Autograd.grad(s.sumTo(), a, b);
        same(new float[] {3, 3}, g[0]);
        same(new float[] {2, 2, 2}, g[1]);
        assertThrows(
                IllegalArgumentException.class, () -> t(new float[] {1, 2}, 2).add(b));
    }

    /**
     * mse([1,2,3], [1,0,0]) = (0 + 4 + 9) / 3 = 13/3. multi_margin with margin 1, z = [1, 2, 0.5], y = 0:
     * (max(0, 1 - 1 + 2) + max(0, 1 - 1 + 0.5)) / 3 = 2.5 / 3; its gradient is 1/3 on each violating j
     * and -2/3 on the label.
     */
    @Test
    void mseAndMultiMargin() {
        assertEquals(
                13f / 3,
                Functional.mse(t(new float[] {1, 2, 3}, 3), t(new float[] {1, 0, 0}, 3))
                        .item(),
                EPS);
        Tensor z = t(new float[] {1, 2, 0.5f}, 1, 3).requiresGrad(true);
        Tensor l = Functional.multiMargin(z, t(new float[] {0}, 1), 1f);
        assertEquals(2.5f / 3, l.item(), EPS);
        same(new float[] {-2 / 3f, 1 / 3f, 1 / 3f}, Autograd.grad(l, z)[0]);
    }

    /**
     * The kinks follow PyTorch: relu'(0) = 0, |x|'(0) = 0, clamp passes the gradient on its bounds
     * (lo <= x <= hi). tanh'(0.5) = 1 - tanh(0.5)^2 = 0.78644773.
     */
    @Test
    void derivativesAtKinks() {
        Tensor x = t(new float[] {-1, 0, 0.5f, 1, 2}, 5).requiresGrad(true);
        same(new float[] {0, 0, 1, 1, 1}, Autograd.grad(x.relu().sumTo(), x)[0]);
        same(new float[] {-1, 0, 1, 1, 1}, Autograd.grad(x.abs().sumTo(), x)[0]);
        same(new float[] {0, 1, 1, 1, 0}, Autograd.grad(x.clamp(0f, 1f).sumTo(), x)[0]);
        same(new float[] {0, 0, 0.5f, 1, 1}, x.clamp(0f, 1f));
        same(
                new float[] {0.41997434f, 1, 0.78644773f, 0.41997434f, 0.07065082f},
                Autograd.grad(x.tanh().sumTo(), x)[0]);
    }

    /**
     * max over a dim: [[1,3,3],[2,0,-1]] gives [[3],[2]]. The tie in row 0 shares the gradient evenly
     * (PyTorch's amax), so d max / dx = [[0, 0.5, 0.5], [1, 0, 0]]: the weights of a tie sum to 1, as for a
     * subgradient of max.
     */
    @Test
    void maxAlongSharesTies() {
        Tensor x = t(new float[] {1, 3, 3, 2, 0, -1}, 2, 3).requiresGrad(true);
        Tensor m = x.maxAlong(1);
        assertArrayEquals(new int[] {2, 1}, m.shape());
        same(new float[] {3, 2}, m);
        same(new float[] {0, 0.5f, 0.5f, 1, 0, 0}, Autograd.grad(m.sumTo(), x)[0]);
    }

    /** concat [[1],[2]] with [[3,4],[5,6]] along dim 1, then slice columns [1, 3): [[3,4],[5,6]]. */
    @Test
    void concatAndSlice() {
        Tensor a = t(new float[] {1, 2}, 2, 1).requiresGrad(true);
        Tensor b = t(new float[] {3, 4, 5, 6}, 2, 2).requiresGrad(true);
        Tensor c = Tensor.concat(1, a, b);
        same(new float[] {1, 3, 4, 2, 5, 6}, c);
        same(new float[] {3, 4, 5, 6}, c.slice(1, 1, 2));
        // L = sum(c * [[1,2,3],[4,5,6]]): da = [[1],[4]], db = [[2,3],[5,6]].
        Tensor[] g = Autograd.grad(c, t(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), false, a, b);
        same(new float[] {1, 4}, g[0]);
        same(new float[] {2, 3, 5, 6}, g[1]);
    }

    /**
     * The tape's contract: no recording under Grad.off(); gradients from two paths add up; a tensor
     * the output does not depend on gets a zero gradient; d(x^3)/dx = 3x^2 and d2/dx2 = 6x by double backprop.
     */
    @Test
    void tapeContract() {
        Tensor x = t(new float[] {2, -1}, 2).requiresGrad(true);
        try (Grad off = Grad.off()) {
            Tensor y = x.mul(x);
            assertFalse(y.requiresGrad());
            assertTrue(y.isLeaf());
        }
        same(new float[] {7, 1}, Autograd.grad(x.mul(x).add(x.mul(3f)).sumTo(), x)[0]); // 2x + 3
        Tensor unused = t(new float[] {5}, 1).requiresGrad(true);
        same(new float[] {0}, Autograd.grad(x.sumTo(), x, unused)[1]);
        Tensor cube = x.mul(x).mul(x).sumTo();
        Tensor d1 = Autograd.grad(cube, null, true, x)[0];
        same(new float[] {12, 3}, d1);
        same(new float[] {12, -6}, Autograd.grad(d1.sumTo(), x)[0]);
        Tensor leaf = t(new float[] {1}, 1);
        assertThrows(IllegalStateException.class, () -> Autograd.grad(leaf.sumTo(), leaf));
    }
}
