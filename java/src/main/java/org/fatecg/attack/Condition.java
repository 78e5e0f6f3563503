package org.fatecg.attack;

import java.util.ArrayList;
import java.util.List;

/**
 * A test condition: the clean input or one of the attacks that {@link Attacks} builds. The first five
 * are the FAT paper's (Celik and Gullu 2025), in its column order; SPSA and K-PGD with freezing are
 * those of Ma and Liang 2020; APGD-CE, APGD-DLR and their ensemble with Square (AutoAttack) those of
 * Croce and Hein 2020, Square that of Andriushchenko et al. 2020. The ordinal is part of a run's seed streams (evaluation of round r under
 * condition c draws from stream(seed, EVAL, r, ordinal)), so constants are only ever appended.
 */
public enum Condition {
    CLEAN("clean", "Clean"),
    PGD("pgd", "PGD"),
    FGSM("fgsm", "FGSM"),
    CW("cw", "CW"),
    BIM("bim", "BIM"),
    SPSA("spsa", "SPSA"),
    PGD_FREEZE("pgd-freeze", "PGD-freeze"),
    APGD_CE("apgd-ce", "APGD-CE"),
    APGD_DLR("apgd-dlr", "APGD-DLR"),
    SQUARE("square", "Square"),
    AUTOATTACK("autoattack", "AutoAttack");

    /** The FAT paper's five, in the order of its tables and figures. */
    public static final List<Condition> PAPER = List.of(CLEAN, PGD, FGSM, CW, BIM);

    private final String key, title;

    Condition(String key, String title) {
        this.key = key;
        this.title = title;
    }

    /** As the paper's tables write it: Clean, PGD, FGSM, CW, BIM. */
    public String title() {
        return title;
    }

    /** Lower case, for file names, options and config values: clean, pgd, fgsm, cw, bim, spsa, pgd-freeze. */
    public String key() {
        return key;
    }

    /** True for the clean input, which no attack perturbs. */
    public boolean clean() {
        return this == CLEAN;
    }

    public static Condition parse(String s) {
        for (Condition c : values()) if (c.key.equalsIgnoreCase(s.trim())) return c;
        throw new IllegalArgumentException("unknown test condition '" + s + "': expected one of " + keys());
    }

    /** A comma-separated list such as "clean,pgd,fgsm"; duplicates are an error, order is kept. */
    public static List<Condition> parseList(String s) {
        List<Condition> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (part.isBlank()) continue;
            Condition c = parse(part);
            if (out.contains(c))
                throw new IllegalArgumentException("test condition '" + c.key() + "' listed twice in '" + s + "'");
            out.add(c);
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no test condition in '" + s + "'");
        return out;
    }

    /** "clean, pgd, fgsm, cw, bim, spsa, pgd-freeze, apgd-ce, apgd-dlr, square, autoattack". */
    public static String keys() {
        StringBuilder b = new StringBuilder();
        for (Condition c : values()) b.append(b.length() > 0 ? ", " : "").append(c.key);
        return b.toString();
    }
}
