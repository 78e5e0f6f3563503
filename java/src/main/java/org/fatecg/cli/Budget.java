package org.fatecg.cli;

import java.util.Locale;
import org.fatecg.data.SignalBudget;
import picocli.CommandLine;

/**
 * Reads an L-inf attack budget or step: eps as {@link Fraction} reads it ("8/255", "0.0314"), or in
 * signal terms, "0.035mV" (millivolts) or "27dB" (the SNR of the perturbation relative to the beat),
 * converted to eps on the reference window of {@link SignalBudget}, where the math is. The effective
 * config records the eps, so a resumed run reads back the same float.
 */
final class Budget implements CommandLine.ITypeConverter<Float> {
    /** The one help text of the forms every budget option takes (each option's description ends with it). */
    static final String FORMS = "Takes a fraction (8/255, 0.0314), millivolts (0.035mV) or an SNR in dB (27dB);"
            + " mV and dB are converted on the median beat window (README: Budgets in signal terms).";

    @Override
    public Float convert(String value) {
        return parse(value);
    }

    static float parse(String value) {
        String v = value.trim(), lower = v.toLowerCase(Locale.ROOT);
        boolean mv = lower.endsWith("mv"), db = lower.endsWith("db");
        if (!mv && !db) {
            try {
                return Fraction.parse(v);
            } catch (CommandLine.TypeConversionException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a budget: a number, a ratio such as 8/255, millivolts such as 0.035mV"
                                + " or an SNR such as 27dB");
            }
        }
        String number = v.substring(0, v.length() - 2).trim();
        double x;
        try {
            x = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            x = Double.NaN;
        }
        if (!Double.isFinite(x) || (mv && x < 0))
            throw new CommandLine.TypeConversionException("'" + value + "': '" + number + "' is not a "
                    + (mv ? "non-negative number of millivolts" : "finite number of decibels"));
        double eps = mv
                ? SignalBudget.epsFromMillivolts(x, SignalBudget.REFERENCE_RANGE_MV)
                : SignalBudget.epsFromSnrDb(x, SignalBudget.REFERENCE_RMS);
        return (float) eps;
    }
}
