package org.fatecg.fl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The test conditions of Çelik and Güllü (2025): the clean test set and its PGD, FGSM, CW and BIM attacked versions. */
public enum Condition {
    CLEAN("Clean"), PGD("PGD"), FGSM("FGSM"), CW("CW"), BIM("BIM");

    private final String title;

    Condition(String title) {
        this.title = title;
    }

    /** As the paper's tables write it: Clean, PGD, FGSM, CW, BIM. */
    public String title() {
        return title;
    }

    /** Lower case, for file names and config values: clean, pgd, fgsm, cw, bim. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Condition parse(String s) {
        for (Condition c : values()) if (c.key().equalsIgnoreCase(s.trim())) return c;
        throw new IllegalArgumentException("unknown test condition '" + s + "': expected one of clean, pgd, fgsm, cw, bim");
    }

    /** A comma-separated list such as "clean,pgd,fgsm"; duplicates are an error, order is kept. */
    public static List<Condition> parseList(String s) {
        List<Condition> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (part.isBlank()) continue;
            Condition c = parse(part);
            if (out.contains(c)) throw new IllegalArgumentException("test condition '" + c.key() + "' listed twice in '" + s + "'");
            out.add(c);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no test condition in '" + s + "'");
        return out;
    }
}
