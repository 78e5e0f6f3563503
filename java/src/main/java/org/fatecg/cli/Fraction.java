package org.fatecg.cli;

import picocli.CommandLine;

/**
 * Reads a float written as a decimal ("0.0314") or as a ratio ("8/255", as the paper states its
 * epsilons). A ratio is divided in double and rounded once to float, which is what PyTorch does with a
 * Python 8/255 entering a float32 tensor operation; a decimal is read as a float directly, so that
 * Float.toString's output (the effective config of a run) reads back to the same float.
 */
final class Fraction implements CommandLine.ITypeConverter<Float> {
    @Override
    public Float convert(String value) {
        return parse(value);
    }

    static float parse(String value) {
        String v = value.trim();
        try {
            int slash = v.indexOf('/');
            if (slash < 0) {
                float f = Float.parseFloat(v); // exact inverse of Float.toString, which the effective config writes
                if (!Float.isFinite(f)) throw new NumberFormatException("not finite");
                return f;
            }
            double d = Double.parseDouble(v.substring(0, slash).trim())
                    / Double.parseDouble(v.substring(slash + 1).trim());
            if (!Double.isFinite(d)) throw new NumberFormatException("not finite");
            return (float) d;
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a number or a ratio such as 8/255");
        }
    }
}
