package org.fatecg.attack;

/**
 * The settings of every attack the factory ({@link Attacks}) builds, one small record per attack, so a
 * command or a run carries one value and each attack reads its own part. {@link #paper()} holds each
 * attack's published defaults: the FAT paper's (Celik and Gullu 2025) PGD-20 eps 8/255 alpha 1/255
 * with random start, FGSM eps 8/255, CW-L2 c 1 kappa 0 50 steps lr 0.01, BIM-10 eps 8/255 alpha 2/255;
 * Ma and Liang's (2020) SPSA and K-PGD with freezing at the same eps; Croce and Hein's (2020) APGD-100
 * and Andriushchenko et al.'s (2020) Square with 5000 queries, p_init 0.8, at the same eps.
 */
public record AttackSettings(
        Pgd.Settings pgd,
        Fgsm.Settings fgsm,
        CwL2.Settings cw,
        Bim.Settings bim,
        Spsa.Settings spsa,
        PgdFreeze.Settings pgdFreeze,
        Apgd.Settings apgd,
        Square.Settings square) {
    public AttackSettings {
        if (pgd == null
                || fgsm == null
                || cw == null
                || bim == null
                || spsa == null
                || pgdFreeze == null
                || apgd == null
                || square == null) throw new IllegalArgumentException("every attack needs its settings");
    }

    /** The six older attacks' settings; APGD and Square (and so AutoAttack) at their defaults with PGD's eps. */
    public AttackSettings(
            Pgd.Settings pgd,
            Fgsm.Settings fgsm,
            CwL2.Settings cw,
            Bim.Settings bim,
            Spsa.Settings spsa,
            PgdFreeze.Settings pgdFreeze) {
        this(
                pgd,
                fgsm,
                cw,
                bim,
                spsa,
                pgdFreeze,
                Apgd.Settings.paper().withEps(pgd.eps()),
                Square.Settings.paper().withEps(pgd.eps()));
    }

    public static AttackSettings paper() {
        return new AttackSettings(
                Pgd.Settings.paper(),
                Fgsm.Settings.paper(),
                CwL2.Settings.paper(),
                Bim.Settings.paper(),
                Spsa.Settings.paper(),
                PgdFreeze.Settings.paper());
    }

    public AttackSettings withPgd(Pgd.Settings s) {
        return new AttackSettings(s, fgsm, cw, bim, spsa, pgdFreeze, apgd, square);
    }

    public AttackSettings withFgsm(Fgsm.Settings s) {
        return new AttackSettings(pgd, s, cw, bim, spsa, pgdFreeze, apgd, square);
    }

    public AttackSettings withCw(CwL2.Settings s) {
        return new AttackSettings(pgd, fgsm, s, bim, spsa, pgdFreeze, apgd, square);
    }

    public AttackSettings withBim(Bim.Settings s) {
        return new AttackSettings(pgd, fgsm, cw, s, spsa, pgdFreeze, apgd, square);
    }

    public AttackSettings withSpsa(Spsa.Settings s) {
        return new AttackSettings(pgd, fgsm, cw, bim, s, pgdFreeze, apgd, square);
    }

    public AttackSettings withPgdFreeze(PgdFreeze.Settings s) {
        return new AttackSettings(pgd, fgsm, cw, bim, spsa, s, apgd, square);
    }

    public AttackSettings withApgd(Apgd.Settings s) {
        return new AttackSettings(pgd, fgsm, cw, bim, spsa, pgdFreeze, s, square);
    }

    public AttackSettings withSquare(Square.Settings s) {
        return new AttackSettings(pgd, fgsm, cw, bim, spsa, pgdFreeze, apgd, s);
    }
}
