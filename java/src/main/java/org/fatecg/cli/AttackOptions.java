package org.fatecg.cli;

import org.fatecg.attack.AttackSettings;
import org.fatecg.attack.Bim;
import org.fatecg.attack.Condition;
import org.fatecg.attack.CwL2;
import org.fatecg.attack.Fgsm;
import org.fatecg.attack.Pgd;
import org.fatecg.attack.PgdFreeze;
import org.fatecg.attack.Spsa;
import picocli.CommandLine.Option;

/**
 * The settings of the test attacks, one option per parameter, named --ATTACK-PARAMETER, the same in
 * {@code run}, {@code attack} and {@code eval}. An option left out takes the value below it: in
 * {@code run} the preset's, in {@code attack} and {@code eval} the {@link Generic} shorthand's, else the
 * attack's published default ({@link AttackSettings#paper()}). {@link org.fatecg.attack.Attacks} builds
 * the attacks from what {@link #apply} returns.
 */
final class AttackOptions {
    @Option(
            names = "--pgd-eps",
            paramLabel = "X",
            converter = Budget.class,
            description = "PGD eps (default 8/255)." + " " + Budget.FORMS)
    Float pgdEps;

    @Option(
            names = "--pgd-alpha",
            paramLabel = "X",
            converter = Budget.class,
            description = "PGD step (default 1/255)." + " " + Budget.FORMS)
    Float pgdAlpha;

    @Option(names = "--pgd-steps", paramLabel = "N", description = "PGD steps (default 20).")
    Integer pgdSteps;

    @Option(
            names = "--pgd-random-start",
            paramLabel = "true|false",
            arity = "0..1",
            description = "PGD starts at x + U(-eps, eps) (default true).")
    Boolean pgdRandomStart;

    @Option(
            names = "--fgsm-eps",
            paramLabel = "X",
            converter = Budget.class,
            description = "FGSM eps (default 8/255)." + " " + Budget.FORMS)
    Float fgsmEps;

    @Option(
            names = "--cw-c",
            paramLabel = "X",
            converter = Fraction.class,
            description = "CW-L2 weight c of the margin term (default 1).")
    Float cwC;

    @Option(
            names = "--cw-kappa",
            paramLabel = "X",
            converter = Fraction.class,
            description = "CW-L2 confidence margin kappa (default 0).")
    Float cwKappa;

    @Option(names = "--cw-steps", paramLabel = "N", description = "CW-L2 Adam steps (default 50).")
    Integer cwSteps;

    @Option(
            names = "--cw-lr",
            paramLabel = "X",
            converter = Fraction.class,
            description = "CW-L2 Adam learning rate (default 0.01).")
    Float cwLr;

    @Option(
            names = "--bim-eps",
            paramLabel = "X",
            converter = Budget.class,
            description = "BIM eps (default 8/255)." + " " + Budget.FORMS)
    Float bimEps;

    @Option(
            names = "--bim-alpha",
            paramLabel = "X",
            converter = Budget.class,
            description = "BIM step (default 2/255)." + " " + Budget.FORMS)
    Float bimAlpha;

    @Option(names = "--bim-steps", paramLabel = "N", description = "BIM steps (default 10).")
    Integer bimSteps;

    @Option(
            names = "--spsa-eps",
            paramLabel = "X",
            converter = Budget.class,
            description = "SPSA eps (default 8/255)." + " " + Budget.FORMS)
    Float spsaEps;

    @Option(names = "--spsa-steps", paramLabel = "N", description = "SPSA Adamax steps (default 100).")
    Integer spsaSteps;

    @Option(
            names = "--spsa-samples",
            paramLabel = "S",
            description = "SPSA Rademacher directions per gradient estimate (default 2048).")
    Integer spsaSamples;

    @Option(
            names = "--spsa-lr",
            paramLabel = "X",
            converter = Fraction.class,
            description = "SPSA Adamax learning rate (default 0.01).")
    Float spsaLr;

    @Option(
            names = "--pgd-freeze-eps",
            paramLabel = "X",
            converter = Budget.class,
            description = "K-PGD with freezing: eps (default 8/255)." + " " + Budget.FORMS)
    Float pgdFreezeEps;

    @Option(
            names = "--pgd-freeze-alpha",
            paramLabel = "X",
            converter = Budget.class,
            description = "K-PGD with freezing: step (default 0.01)." + " " + Budget.FORMS)
    Float pgdFreezeAlpha;

    @Option(names = "--pgd-freeze-steps", paramLabel = "N", description = "K-PGD with freezing: steps K (default 20).")
    Integer pgdFreezeSteps;

    /** A condition named on the command line: "clean" or an attack's name. */
    static Condition condition(String name) {
        try {
            return Condition.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown attack '" + name.trim() + "'; known: " + Condition.keys());
        }
    }

    /** base with every option that was given put in. */
    AttackSettings apply(AttackSettings base) {
        Pgd.Settings pgd = base.pgd();
        if (pgdEps != null) pgd = pgd.withEps(pgdEps);
        if (pgdAlpha != null) pgd = pgd.withAlpha(pgdAlpha);
        if (pgdSteps != null) pgd = pgd.withSteps(pgdSteps);
        if (pgdRandomStart != null) pgd = pgd.withRandomStart(pgdRandomStart);
        Fgsm.Settings fgsm = fgsmEps != null ? new Fgsm.Settings(fgsmEps) : base.fgsm();
        CwL2.Settings cw = base.cw();
        if (cwC != null) cw = cw.withC(cwC);
        if (cwKappa != null) cw = cw.withKappa(cwKappa);
        if (cwSteps != null) cw = cw.withSteps(cwSteps);
        if (cwLr != null) cw = cw.withLr(cwLr);
        Bim.Settings bim = base.bim();
        if (bimEps != null) bim = bim.withEps(bimEps);
        if (bimAlpha != null) bim = bim.withAlpha(bimAlpha);
        if (bimSteps != null) bim = bim.withSteps(bimSteps);
        Spsa.Settings spsa = base.spsa();
        if (spsaEps != null) spsa = spsa.withEps(spsaEps);
        if (spsaSteps != null) spsa = spsa.withSteps(spsaSteps);
        if (spsaSamples != null) spsa = spsa.withSamples(spsaSamples);
        if (spsaLr != null) spsa = spsa.withLr(spsaLr);
        PgdFreeze.Settings freeze = base.pgdFreeze();
        if (pgdFreezeEps != null) freeze = freeze.withEps(pgdFreezeEps);
        if (pgdFreezeAlpha != null) freeze = freeze.withAlpha(pgdFreezeAlpha);
        if (pgdFreezeSteps != null) freeze = freeze.withSteps(pgdFreezeSteps);
        return new AttackSettings(pgd, fgsm, cw, bim, spsa, freeze);
    }

    /**
     * The older, attack-agnostic names of {@code attack} and {@code eval}, kept so that existing scripts
     * work: each sets that parameter of every attack that has it (--eps: all but CW; --alpha: PGD, BIM,
     * K-PGD; --steps: all but FGSM; --lr: CW and SPSA). A per-attack option (--pgd-eps) wins over them.
     * Not in {@code run}, whose --alpha, --lr and --seed mean other things.
     */
    static final class Generic {
        @Option(
                names = "--eps",
                paramLabel = "E",
                converter = Budget.class,
                description = "Shorthand: eps of every L-inf attack." + " " + Budget.FORMS)
        Float eps;

        @Option(
                names = "--alpha",
                paramLabel = "A",
                converter = Budget.class,
                description = "Shorthand: step of PGD, BIM and pgd-freeze." + " " + Budget.FORMS)
        Float alpha;

        @Option(names = "--steps", paramLabel = "K", description = "Shorthand: iterations of every iterative attack.")
        Integer steps;

        @Option(names = "--c", paramLabel = "C", converter = Fraction.class, description = "Same as --cw-c.")
        Float c;

        @Option(names = "--kappa", paramLabel = "K", converter = Fraction.class, description = "Same as --cw-kappa.")
        Float kappa;

        @Option(
                names = "--lr",
                paramLabel = "LR",
                converter = Fraction.class,
                description = "Shorthand: learning rate of CW and SPSA.")
        Float lr;

        @Option(names = "--samples", paramLabel = "S", description = "Same as --spsa-samples.")
        Integer samples;

        @Option(names = "--no-random-start", description = "Same as --pgd-random-start=false.")
        boolean noRandomStart;

        @Option(
                names = "--seed",
                paramLabel = "SEED",
                defaultValue = "0",
                description = "Seed of PGD's random start and SPSA (default: ${DEFAULT-VALUE}).")
        long seed;

        /** The published defaults with the shorthands that were given put in. */
        AttackSettings settings() {
            AttackSettings s = AttackSettings.paper();
            Pgd.Settings pgd = s.pgd();
            Fgsm.Settings fgsm = s.fgsm();
            CwL2.Settings cw = s.cw();
            Bim.Settings bim = s.bim();
            Spsa.Settings spsa = s.spsa();
            PgdFreeze.Settings freeze = s.pgdFreeze();
            if (eps != null) {
                pgd = pgd.withEps(eps);
                fgsm = new Fgsm.Settings(eps);
                bim = bim.withEps(eps);
                spsa = spsa.withEps(eps);
                freeze = freeze.withEps(eps);
            }
            if (alpha != null) {
                pgd = pgd.withAlpha(alpha);
                bim = bim.withAlpha(alpha);
                freeze = freeze.withAlpha(alpha);
            }
            if (steps != null) {
                pgd = pgd.withSteps(steps);
                cw = cw.withSteps(steps);
                bim = bim.withSteps(steps);
                spsa = spsa.withSteps(steps);
                freeze = freeze.withSteps(steps);
            }
            if (c != null) cw = cw.withC(c);
            if (kappa != null) cw = cw.withKappa(kappa);
            if (lr != null) {
                cw = cw.withLr(lr);
                spsa = spsa.withLr(lr);
            }
            if (samples != null) spsa = spsa.withSamples(samples);
            if (noRandomStart) pgd = pgd.withRandomStart(false);
            return new AttackSettings(pgd, fgsm, cw, bim, spsa, freeze);
        }
    }
}
