package org.fatecg.data;

/**
 * One annotation of a WFDB annotation file (e.g. a reference beat label of MIT-BIH's .atr).
 *
 * @param sample  the sample index it refers to (for beats: the R peak, more exactly the fiducial point)
 * @param code    WFDB annotation code, 0..49 (1 = NORMAL, 5 = PVC, ...)
 * @param symbol  the code's mnemonic as in WFDB's ecgcodes ("N", "V", "/", "+" ...)
 * @param subtype the SUB field (0 when absent)
 * @param chan    the CHN field (carried over from the previous annotation when absent, as WFDB does)
 * @param num     the NUM field (carried over from the previous annotation when absent, as WFDB does)
 * @param aux     the AUX string (rhythm names such as "(AFIB"), "" when absent
 */
public record Annotation(long sample, int code, String symbol, int subtype, int chan, int num, String aux) {

    /** WFDB's mnemonics for codes 0..49, as in ecgcodes.h; "" where the code is unassigned. */
    private static final String[] SYMBOLS = {
        " ", "N", "L", "R", "a", "V", "F", "J", "A", "S", // 0..9
        "E", "j", "/", "Q", "~", "", "|", "", "s", "T", // 10..19
        "*", "D", "\"", "=", "p", "B", "^", "t", "+", "u", // 20..29
        "?", "!", "[", "]", "e", "n", "@", "x", "f", "(", // 30..39
        ")", "r", "", "", "", "", "", "", "", "", // 40..49
    };

    /** The mnemonic of a WFDB annotation code, or "[code]" for an unassigned one. */
    public static String symbolOf(int code) {
        if (code >= 0 && code < SYMBOLS.length && !SYMBOLS[code].isEmpty()) return SYMBOLS[code];
        return "[" + code + "]";
    }
}
