package org.fatecg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Elementwise comparison with tolerance atol + rtol |expected| (llm.c's criterion), reporting the worst
 * element; and bit-for-bit comparison for results that must not depend on threads or repetition.
 * With the environment variable FATECG_SHOW_TOLERANCE set, every comparison prints its worst ratio
 * (how close it came to the tolerance), to keep tolerances honest when they are chosen.
 */
public final class Close {
    private Close() {}

    /**
     * Asserts |actual_i - expected_i| <= atol + rtol |expected_i| for every i (NaN never passes) and
     * returns the worst ratio |actual - expected| / (atol + rtol |expected|), which is <= 1.
     */
    public static double assertClose(String what, double[] expected, double[] actual, double atol, double rtol) {
        assertEquals(expected.length, actual.length, what + ": length");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]);
            double r = err == 0 ? 0 : err / (atol + rtol * Math.abs(expected[i]));
            if (!(r <= worst)) { // also catches NaN
                worst = r;
                at = i;
            }
        }
        if (!(worst <= 1))
            fail(String.format(
                    "%s: element %d expected %.9g got %.9g (error %.3g > atol %.1g + rtol %.1g * |expected|)",
                    what, at, expected[at], actual[at], Math.abs(actual[at] - expected[at]), atol, rtol));
        if (System.getenv("FATECG_SHOW_TOLERANCE") != null) System.out.printf("%-60s worst ratio %.3g%n", what, worst);
        return worst;
    }

    public static double assertClose(String what, double[] expected, float[] actual, double atol, double rtol) {
        return assertClose(what, expected, widen(actual), atol, rtol);
    }

    public static double assertClose(String what, float[] expected, float[] actual, double atol, double rtol) {
        return assertClose(what, widen(expected), widen(actual), atol, rtol);
    }

    /** Same bits everywhere (so +0 differs from -0 and a NaN must be the same NaN). */
    public static void assertBitIdentical(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++)
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i]))
                fail(what + ": element " + i + " differs: " + expected[i] + " vs " + actual[i]);
    }

    public static double[] widen(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
