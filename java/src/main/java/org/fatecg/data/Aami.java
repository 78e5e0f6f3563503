package org.fatecg.data;

/**
 * The five AAMI EC57 beat classes and the mapping from the 15 MIT-BIH beat symbols (as Çelik and Güllü 2025 group them).
 * The class index is the ordinal: N=0, S=1, V=2, F=3, Q=4. Every other annotation symbol (rhythm
 * changes "+", noise "~", artefacts "|", non-conducted P waves "x", ...) is not a beat here.
 */
public enum Aami {
    /** Normal and bundle-branch-block beats, escape beats: N L R j e. */
    N("NLRje"),
    /** Supraventricular ectopic: a S A J. */
    S("aSAJ"),
    /** Ventricular ectopic: E V. */
    V("EV"),
    /** Fusion of ventricular and normal: F. */
    F("F"),
    /** Paced, fusion of paced and normal, unclassifiable: / Q f. */
    Q("/Qf");

    /** Number of classes (the width of the classifier's output). */
    public static final int COUNT = 5;

    private final String symbols;

    Aami(String symbols) {
        this.symbols = symbols;
    }

    /** The beat symbols of this class, one character each. */
    public String symbols() {
        return symbols;
    }

    /** Class index 0..4 of an annotation symbol, or -1 when the symbol is not one of the 15 beats. */
    public static int indexOf(String symbol) {
        if (symbol.length() != 1) return -1;
        char c = symbol.charAt(0);
        for (Aami a : values()) if (a.symbols.indexOf(c) >= 0) return a.ordinal();
        return -1;
    }

    /** The class of an index 0..4. */
    public static Aami of(int index) {
        return values()[index];
    }
}
