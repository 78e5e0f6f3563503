package org.fatecg.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The accountant against published values. The epsilons are those of TensorFlow Privacy's MNIST DP-SGD
 * tutorial table (tensorflow/privacy, tutorials/README.md, "Select Parameters": N = 60,000, batch 256,
 * delta = 1e-5, steps = ceil(epochs N / batch)), which its compute_dp_sgd_privacy printed with the
 * RDP analysis of Mironov, Talwar and Zhang 2019; erfc values are from Abramowitz and Stegun's tables
 * (to the digits given there) and the closed form of the plain Gaussian mechanism.
 */
class RdpAccountantTest {
    private static final double Q = 256.0 / 60000;

    private static long steps(int epochs) {
        return (long) Math.ceil(epochs * 60000.0 / 256);
    }

    @Test
    void tensorFlowPrivacyMnistTable() {
        assertEquals(3.01, RdpAccountant.epsilon(Q, 1.1, steps(60), 1e-5), 0.005); // the tutorial's default
        assertEquals(1.19, RdpAccountant.epsilon(Q, 1.3, steps(15), 1e-5), 0.005);
        assertEquals(7.10, RdpAccountant.epsilon(Q, 0.7, steps(45), 1e-5), 0.005);
    }

    @Test
    void fullBatchIsThePlainGaussianMechanism() {
        // q = 1: RDP(alpha) = alpha / (2 sigma^2) (Mironov 2017, Proposition 7); T steps add up.
        assertEquals(2.5 / (2 * 4), RdpAccountant.rdp(1, 2, 2.5), 1e-15);
        // Integer and fractional series agree with it in the limit q -> 1 and with each other.
        assertEquals(3.0 / (2 * 1.5 * 1.5), RdpAccountant.rdp(1 - 1e-12, 1.5, 3), 1e-6);
        assertEquals(2.5 / (2 * 1.5 * 1.5), RdpAccountant.rdp(1 - 1e-9, 1.5, 2.5), 1e-4);
        // epsilon of T Gaussian steps, min over orders of T alpha/(2 sigma^2) + log(1/delta)/(alpha-1), by hand at the
        // grid.
        double best = Double.MAX_VALUE;
        for (double a : RdpAccountant.ORDERS) best = Math.min(best, 10 * a / (2 * 16.0) + Math.log(1e5) / (a - 1));
        assertEquals(best, RdpAccountant.epsilon(1, 4, 10, 1e-5), 1e-12);
    }

    @Test
    void fractionalOrderLiesBetweenItsIntegerNeighbours() {
        // RDP is non-decreasing in alpha (Mironov 2017, Proposition 9): the fractional series sits between integers.
        for (double q : new double[] {0.01, 0.2}) {
            double r2 = RdpAccountant.rdp(q, 1.1, 2),
                    r25 = RdpAccountant.rdp(q, 1.1, 2.5),
                    r3 = RdpAccountant.rdp(q, 1.1, 3);
            assertTrue(r2 <= r25 && r25 <= r3, q + ": " + r2 + " " + r25 + " " + r3);
        }
        // Alpha = 2 in closed form: A_2 = (1-q)^2 + 2q(1-q) + q^2 e^(1/sigma^2).
        double q = 0.05, s = 1.3;
        assertEquals(
                Math.log((1 - q) * (1 - q) + 2 * q * (1 - q) + q * q * Math.exp(1 / (s * s))),
                RdpAccountant.rdp(q, s, 2),
                1e-13);
    }

    @Test
    void noiseForTargetEpsilonInvertsTheAccountant() {
        double z = RdpAccountant.noiseFor(3.01, Q, steps(60), 1e-5);
        assertEquals(1.1, z, 0.01);
        assertTrue(RdpAccountant.epsilon(Q, z, steps(60), 1e-5) <= 3.01);
        assertThrows(IllegalArgumentException.class, () -> RdpAccountant.noiseFor(-1, Q, 10, 1e-5));
        assertThrows(IllegalArgumentException.class, () -> RdpAccountant.epsilon(1.5, 1, 10, 1e-5));
    }

    @Test
    void erfcMatchesTables() {
        assertEquals(0.4795001221869535, Erfc.erfc(0.5), 1e-15);
        assertEquals(0.15729920705028513, Erfc.erfc(1), 1e-15);
        assertEquals(0.004677734981047266, Erfc.erfc(2), 1e-17);
        assertEquals(2.209049699858544e-05, Erfc.erfc(3), 1e-19);
        assertEquals(1.8427007929497148, Erfc.erfc(-1), 1e-15);
        assertEquals(2.088487583762545e-45, Erfc.erfc(10), 1e-58);
        assertEquals(1.9999779095030015, Erfc.erfc(-3), 1e-15);
        // Far tail: log erfc(x) ~ -x^2 - log(x sqrt(pi)) - 1/(2x^2).
        double x = 40;
        assertEquals(-x * x - Math.log(x * Math.sqrt(Math.PI)) - 1 / (2 * x * x), Erfc.logErfc(x), 1e-6);
    }
}
