package org.fatecg.fl;

import org.fatecg.attack.Attack;
import org.fatecg.attack.Bim;
import org.fatecg.attack.CwL2;
import org.fatecg.attack.Fgsm;
import org.fatecg.attack.Pgd;
import org.fatecg.tensor.Rng;

/**
 * The attacks of a run (PROTOCOL section 4): the PGD that FAT clients train against, and the four test
 * attacks. Paper: PGD eps 8/255 alpha 1/255 20 steps (random start) for training and testing; FGSM eps
 * 8/255; CW c 1 kappa 0 50 steps lr 0.01; BIM eps 8/255 alpha 2/255 10 steps.
 */
public record AttackSettings(
        float trainEps, float trainAlpha, int trainSteps,
        float pgdEps, float pgdAlpha, int pgdSteps,
        float fgsmEps,
        float cwC, float cwKappa, int cwSteps, float cwLr,
        float bimEps, float bimAlpha, int bimSteps) {

    public static AttackSettings paper() {
        float e = 8f / 255f;
        return new AttackSettings(e, 1f / 255f, 20, e, 1f / 255f, 20, e, 1f, 0f, 50, 0.01f, e, 2f / 255f, 10);
    }

    /** The PGD a FAT client trains against, with its random start from rng. */
    public Attack trainingAttack(Rng rng) {
        return new Pgd(trainEps, trainAlpha, trainSteps, rng);
    }

    /** The attack of a test condition (null for Clean); rng feeds PGD's random start. */
    public Attack testAttack(Condition c, Rng rng) {
        switch (c) {
            case CLEAN: return null;
            case PGD: return new Pgd(pgdEps, pgdAlpha, pgdSteps, rng);
            case FGSM: return new Fgsm(fgsmEps);
            case CW: return new CwL2(cwC, cwKappa, cwSteps, cwLr);
            case BIM: return new Bim(bimEps, bimAlpha, bimSteps);
            default: throw new IllegalArgumentException("no attack for " + c);
        }
    }

    /** Model gradient evaluations per beat for a condition: a rough cost, for time estimates. */
    public int gradientSteps(Condition c) {
        switch (c) {
            case CLEAN: return 0;
            case PGD: return pgdSteps;
            case FGSM: return 1;
            case CW: return cwSteps;
            case BIM: return bimSteps;
            default: return 0;
        }
    }
}
