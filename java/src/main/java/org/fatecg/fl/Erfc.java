package org.fatecg.fl;

/**
 * log erfc(x) for every real x without underflow, for the RDP accountant. erfc(x) = 1 - erf(x):
 * <ul>
 *   <li>|x| < 2: erf from its Maclaurin series 2/sqrt(pi) sum_n (-1)^n x^(2n+1) / (n! (2n+1)), whose
 *       terms stay below e^4 in size here, so double precision keeps ~14 digits of erf;</li>
 *   <li>x >= 2: erfc(x) = exp(-x^2) / sqrt(pi) * 1 / (x + (1/2) / (x + 1 / (x + (3/2) / (x + 2 / (x + ...))))),
 *       Laplace's continued fraction, evaluated by the modified Lentz method, its log taken term by term
 *       so that erfc(40) = 1e-697 is still representable as a log;</li>
 *   <li>x <= -2: erfc(x) = 2 - erfc(-x).</li>
 * </ul>
 */
final class Erfc {
    private Erfc() {}

    static double logErfc(double x) {
        if (x >= 2) return -x * x - 0.5 * Math.log(Math.PI) + Math.log(continuedFraction(x));
        if (x <= -2) return Math.log(2 - Math.exp(logErfc(-x)));
        return Math.log(1 - erfSeries(x));
    }

    static double erfc(double x) {
        return Math.exp(logErfc(x));
    }

    private static double erfSeries(double x) {
        double term = x, sum = x, x2 = x * x;
        for (int n = 1; n < 200; n++) {
            term *= -x2 / n;
            double t = term / (2 * n + 1);
            sum += t;
            if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    /** 1 / (x + a1 / (x + a2 / (x + ...))) with a_n = n / 2, by modified Lentz. */
    private static double continuedFraction(double x) {
        double tiny = 1e-300, f = x, c = x, d = 0;
        for (int n = 1; n < 500; n++) {
            double a = n / 2.0;
            d = x + a * d;
            if (d == 0) d = tiny;
            c = x + a / c;
            if (c == 0) c = tiny;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return 1 / f;
    }
}
