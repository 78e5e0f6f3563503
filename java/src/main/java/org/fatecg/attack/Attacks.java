package org.fatecg.attack;

import org.fatecg.tensor.Rng;

/**
 * The one attack factory: a test condition and the attacks' settings in, an {@link Attack} out. Every
 * command that attacks (run, attack, eval) goes through here, so a name means the same attack with the
 * same defaults everywhere. A new attack adds a {@link Condition} constant, a settings record in its
 * class, a component of {@link AttackSettings}, and a case in each switch below.
 */
public final class Attacks {
    private Attacks() {}

    /**
     * The attack of condition c (null for CLEAN, which perturbs nothing). rng feeds the attacks that draw
     * random numbers (PGD's random start, SPSA's start and directions); the others ignore it.
     */
    public static Attack build(Condition c, AttackSettings s, Rng rng) {
        switch (c) {
            case CLEAN:
                return null;
            case PGD:
                return new Pgd(s.pgd(), rng);
            case FGSM:
                return new Fgsm(s.fgsm().eps());
            case CW:
                return new CwL2(s.cw().c(), s.cw().kappa(), s.cw().steps(), s.cw().lr());
            case BIM:
                return new Bim(s.bim().eps(), s.bim().alpha(), s.bim().steps());
            case SPSA: {
                Spsa.Settings p = s.spsa();
                return new Spsa(p.eps(), p.steps(), p.samples(), p.delta(), p.lr(), p.rowsPerForward(), rng);
            }
            case PGD_FREEZE:
                return new PgdFreeze(
                        s.pgdFreeze().eps(),
                        s.pgdFreeze().alpha(),
                        s.pgdFreeze().steps());
            case APGD_CE:
                return new Apgd(s.apgd(), Apgd.Loss.CE, rng);
            case APGD_DLR:
                return new Apgd(s.apgd(), Apgd.Loss.DLR, rng);
            case SQUARE:
                return new Square(s.square(), rng);
            case AUTOATTACK:
                return new AutoAttack(java.util.List.of(
                        new Apgd(s.apgd(), Apgd.Loss.CE, rng),
                        new Apgd(s.apgd(), Apgd.Loss.DLR, rng),
                        new Square(s.square(), rng)));
            default:
                throw new IllegalArgumentException("no attack for " + c);
        }
    }

    /** As {@link #build(Condition, AttackSettings, Rng)} from a name such as "pgd" or "cw". */
    public static Attack build(String name, AttackSettings s, Rng rng) {
        return build(Condition.parse(name), s, rng);
    }

    /**
     * Builds every attack once, so that a bad setting is reported when a command starts rather than at
     * its first evaluation; the message names the attack.
     */
    public static void check(AttackSettings s) {
        for (Condition c : Condition.values()) {
            try {
                build(c, s, new Rng(0));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(c.title() + " settings: " + e.getMessage(), e);
            }
        }
    }
}
