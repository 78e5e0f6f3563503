package org.fatecg.fl;

/**
 * A Renyi-DP accountant for the sampled Gaussian mechanism (Mironov, Talwar and Zhang 2019, "Renyi
 * differential privacy of the sampled Gaussian mechanism"): each step releases f(S) + N(0, sigma^2 S^2)
 * where S is the sensitivity and every record (here: every client, user-level DP as in McMahan et al.
 * 2018) is in the sample with probability q. Its RDP of order alpha is log(A_alpha) / (alpha - 1), with
 *
 * <pre>
 *   integer alpha:     A_alpha = sum_{k=0..alpha} C(alpha, k) (1-q)^(alpha-k) q^k exp((k^2 - k) / (2 sigma^2))
 *   fractional alpha:  A_alpha = sum_{k>=0} C(alpha, k) q^k (1-q)^(alpha-k) exp((k^2 - k) / (2 sigma^2)) erfc((k - z0) / (sqrt2 sigma)) / 2
 *                              + sum_{k>=0} C(alpha, k) q^(alpha-k) (1-q)^k exp(((alpha-k)^2 - (alpha-k)) / (2 sigma^2)) erfc((z0 - (alpha-k)) / (sqrt2 sigma)) / 2,
 *                      z0 = sigma^2 log(1/q - 1) + 1/2
 * </pre>
 * (Section 3.3 of the paper; the fractional series converge, and are summed until their terms fall
 * below e^-30 of the total, with signed binomials C(alpha, k) for k > alpha). RDP composes by addition
 * over steps, and converts to (epsilon, delta)-DP by epsilon = min_alpha RDP_total(alpha) + log(1/delta)
 * / (alpha - 1) (Mironov 2017, Proposition 3), over the orders common practice uses (1.1, 1.2, ...,
 * 10.9 and 12, 13, ..., 63). q = 1 is the plain Gaussian mechanism: RDP = alpha / (2 sigma^2).
 *
 * <p>The analysis assumes Poisson sampling; a federation that draws exactly k of n clients per round is
 * accounted with q = k / n, as DP-FedAvg's authors account it.
 */
public final class RdpAccountant {
    /** The orders alpha at which RDP is tracked. */
    public static final double[] ORDERS = orders();

    private RdpAccountant() {}

    private static double[] orders() {
        double[] a = new double[99 + 52];
        for (int i = 1; i <= 99; i++) a[i - 1] = 1 + i / 10.0;
        for (int i = 12; i <= 63; i++) a[99 + i - 12] = i;
        return a;
    }

    /** (epsilon, the order that attains it) after {@code steps} steps. */
    public record Spent(double epsilon, double order) {}

    /** Epsilon at delta after {@code steps} compositions of the sampled Gaussian (q, sigma). */
    public static double epsilon(double q, double sigma, long steps, double delta) {
        return spent(q, sigma, steps, delta).epsilon();
    }

    public static Spent spent(double q, double sigma, long steps, double delta) {
        check(q, sigma, delta);
        if (steps < 0) throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        if (steps == 0 || q == 0) return new Spent(0, ORDERS[0]);
        double best = Double.POSITIVE_INFINITY, at = ORDERS[0];
        for (double alpha : ORDERS) {
            double eps = steps * rdp(q, sigma, alpha) + Math.log(1 / delta) / (alpha - 1);
            if (eps < best) {
                best = eps;
                at = alpha;
            }
        }
        return new Spent(best, at);
    }

    /**
     * The smallest noise multiplier sigma whose epsilon after {@code steps} steps at delta is at most
     * target (bisection on sigma, epsilon being decreasing in it), to 1e-4 relative.
     */
    public static double noiseFor(double targetEpsilon, double q, long steps, double delta) {
        if (!(targetEpsilon > 0) || Double.isInfinite(targetEpsilon))
            throw new IllegalArgumentException("target epsilon must be a positive number, got " + targetEpsilon);
        if (steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        check(q, 1, delta);
        double lo = 0.01, hi = 1;
        while (epsilon(q, hi, steps, delta) > targetEpsilon) {
            lo = hi;
            hi *= 2;
            if (hi > 1e6)
                throw new IllegalArgumentException("epsilon " + targetEpsilon + " at delta " + delta
                        + " is out of reach over " + steps + " steps");
        }
        while (hi - lo > 1e-4 * hi) {
            double mid = (lo + hi) / 2;
            if (epsilon(q, mid, steps, delta) > targetEpsilon) lo = mid;
            else hi = mid;
        }
        return hi;
    }

    /** The RDP of one step at order alpha > 1. */
    public static double rdp(double q, double sigma, double alpha) {
        check(q, sigma, 0.5);
        if (!(alpha > 1)) throw new IllegalArgumentException("RDP order must be > 1, got " + alpha);
        if (q == 0) return 0;
        if (q == 1) return alpha / (2 * sigma * sigma);
        double logA = alpha == Math.rint(alpha) ? logAInteger(q, sigma, (int) alpha) : logAFractional(q, sigma, alpha);
        return logA / (alpha - 1);
    }

    private static double logAInteger(double q, double sigma, int alpha) {
        double logA = Double.NEGATIVE_INFINITY, logBinom = 0;
        for (int k = 0; k <= alpha; k++) {
            if (k > 0) logBinom += Math.log(alpha - k + 1) - Math.log(k);
            double term = logBinom
                    + k * Math.log(q)
                    + (alpha - k) * Math.log1p(-q)
                    + (k * (double) k - k) / (2 * sigma * sigma);
            logA = logAdd(logA, term);
        }
        return logA;
    }

    private static double logAFractional(double q, double sigma, double alpha) {
        double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5, root2s = Math.sqrt(2) * sigma;
        // Signed sums in log space: pos and neg hold the logs of the positive and negative parts.
        double pos = Double.NEGATIVE_INFINITY, neg = Double.NEGATIVE_INFINITY;
        double logBinom = 0;
        boolean negative = false;
        for (int k = 0; k < 100_000; k++) {
            if (k > 0) {
                double factor = (alpha - k + 1) / k; // C(alpha, k) = C(alpha, k-1) (alpha - k + 1) / k
                if (factor < 0) negative = !negative;
                logBinom += Math.log(Math.abs(factor));
            }
            double j = alpha - k;
            double t0 = logBinom
                    + k * Math.log(q)
                    + j * Math.log1p(-q)
                    + (k * (double) k - k) / (2 * sigma * sigma)
                    + Math.log(0.5)
                    + Erfc.logErfc((k - z0) / root2s);
            double t1 = logBinom
                    + j * Math.log(q)
                    + k * Math.log1p(-q)
                    + (j * j - j) / (2 * sigma * sigma)
                    + Math.log(0.5)
                    + Erfc.logErfc((z0 - j) / root2s);
            double both = logAdd(t0, t1);
            if (negative) neg = logAdd(neg, both);
            else pos = logAdd(pos, both);
            double total = neg == Double.NEGATIVE_INFINITY ? pos : pos + Math.log1p(-Math.exp(neg - pos));
            if (k > alpha && both < total - 30) return total;
        }
        throw new IllegalStateException(
                "RDP series at alpha " + alpha + ", q " + q + ", sigma " + sigma + " did not converge");
    }

    private static double logAdd(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) return b;
        if (b == Double.NEGATIVE_INFINITY) return a;
        double hi = Math.max(a, b);
        return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
    }

    private static void check(double q, double sigma, double delta) {
        if (!(q >= 0 && q <= 1)) throw new IllegalArgumentException("sampling rate q must be in [0, 1], got " + q);
        if (!(sigma > 0) || Double.isInfinite(sigma))
            throw new IllegalArgumentException("noise multiplier must be a positive number, got " + sigma);
        if (!(delta > 0 && delta < 1)) throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
    }
}
