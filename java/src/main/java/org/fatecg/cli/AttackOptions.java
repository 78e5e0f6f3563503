package org.fatecg.cli;

import java.util.List;
import org.fatecg.attack.Attack;
import org.fatecg.attack.AttackBase;
import org.fatecg.attack.Bim;
import org.fatecg.attack.CwL2;
import org.fatecg.attack.Fgsm;
import org.fatecg.attack.Pgd;
import org.fatecg.attack.PgdFreeze;
import org.fatecg.attack.Spsa;
import org.fatecg.eval.EpsilonSweep;
import org.fatecg.tensor.Rng;
import picocli.CommandLine.Option;

/**
 * The attack settings that {@code fatecg attack} and {@code fatecg eval} share, and the one place that
 * turns an attack name into an {@link Attack}. An option left out takes the paper's value for that
 * attack (PROTOCOL section 4), so {@code --attack bim} alone is the paper's BIM-10.
 */
final class AttackOptions {
    static final List<String> NAMES = List.of("fgsm", "pgd", "bim", "cw", "spsa", "pgd-freeze");

    @Option(names = "--eps", paramLabel = "E", description = "L-inf budget (default 8/255 = 0.0314).")
    Float eps;

    @Option(names = "--alpha", paramLabel = "A", description = "Step size (default: PGD 1/255, BIM 2/255, pgd-freeze 0.01).")
    Float alpha;

    @Option(names = "--steps", paramLabel = "K", description = "Iterations (default: PGD 20, BIM 10, CW 50, SPSA 100, pgd-freeze 20).")
    Integer steps;

    @Option(names = "--c", paramLabel = "C", description = "CW: weight of the margin term (default 1).")
    Float c;

    @Option(names = "--kappa", paramLabel = "K", description = "CW: confidence margin (default 0).")
    Float kappa;

    @Option(names = "--lr", paramLabel = "LR", description = "CW: Adam lr; SPSA: Adamax lr (default 0.01).")
    Float lr;

    @Option(names = "--samples", paramLabel = "S", description = "SPSA: Rademacher directions per estimate (default 2048).")
    Integer samples;

    @Option(names = "--no-random-start", description = "PGD: start at x instead of x + U(-eps, eps).")
    boolean noRandomStart;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "0", description = "Seed of PGD's random start and SPSA (default: ${DEFAULT-VALUE}).")
    long seed;

    /** The named attack with these settings; "clean" is not an attack (null). */
    Attack build(String name) {
        float e = eps != null ? eps : AttackBase.PAPER_EPS;
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "clean":
                return null;
            case "fgsm":
                return new Fgsm(e);
            case "pgd":
                return new Pgd(e, or(alpha, Pgd.PAPER_ALPHA), or(steps, Pgd.PAPER_STEPS), noRandomStart ? null : new Rng(seed));
            case "bim":
                return new Bim(e, or(alpha, Bim.PAPER_ALPHA), or(steps, Bim.PAPER_STEPS));
            case "cw":
                return new CwL2(or(c, CwL2.PAPER_C), or(kappa, CwL2.PAPER_KAPPA), or(steps, CwL2.PAPER_STEPS), or(lr, CwL2.PAPER_LR));
            case "spsa":
                return new Spsa(e, or(steps, Spsa.SEED001_STEPS), or(samples, Spsa.SEED001_SAMPLES), Spsa.SEED001_DELTA,
                        or(lr, Spsa.SEED001_LR), Spsa.DEFAULT_ROWS_PER_FORWARD, new Rng(seed));
            case "pgd-freeze":
                return new PgdFreeze(e, or(alpha, PgdFreeze.SEED001_ALPHA), or(steps, EpsilonSweep.SEED001_STEPS[0]));
            default:
                throw new IllegalArgumentException("unknown attack '" + name + "'; known: clean, " + String.join(", ", NAMES));
        }
    }

    private static float or(Float v, float dflt) {
        return v != null ? v : dflt;
    }

    private static int or(Integer v, int dflt) {
        return v != null ? v : dflt;
    }
}
