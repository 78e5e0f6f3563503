package org.fatecg.attack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fatecg.nn.Layers;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The attacks do what they are for, on a small model trained here on separable synthetic beats. */
class AttackEffectivenessTest {
    static Layers.Sequential model;
    static SyntheticBeats.Set test;
    static Tensor x, y;
    static double clean;

    @BeforeAll
    static void train() {
        model = SyntheticBeats.trainedModel(7);
        test = SyntheticBeats.make(20, 99);
        x = test.inputs();
        y = test.labels();
        clean = SyntheticBeats.accuracy(model, x, test.y());
        assertTrue(clean >= 0.95, "the test model learned the synthetic task: clean accuracy " + clean);
    }

    static double acc(Tensor xAdv) {
        return SyntheticBeats.accuracy(model, xAdv, test.y());
    }

    @Test
    void pgdAccuracyIsFarBelowCleanAndBelowFgsm() {
        double pgd = acc(new Pgd(0.1f, 0.01f, 20, new Rng(3)).perturb(model, x, y));
        double fgsm = acc(new Fgsm(0.1f).perturb(model, x, y));
        assertTrue(pgd <= 0.5 * clean, "PGD accuracy " + pgd + " vs clean " + clean);
        assertTrue(pgd < fgsm, "PGD-20 (" + pgd + ") is stronger than FGSM (" + fgsm + ")");
    }

    @Test
    void cwSuccessesAreCloserInL2ThanFgsms() {
        float[] x0 = test.x();
        CwL2.Result cw = CwL2.paper().attack(model, x, y, false);
        double[] dCw = SyntheticBeats.l2(cw.adversarial().toArray(), x0);
        Tensor fgsmAdv = new Fgsm(0.1f).perturb(model, x, y);
        double[] dFgsm = SyntheticBeats.l2(fgsmAdv.toArray(), x0);
        int[] predFgsm = Functional.argmax(model.forward(fgsmAdv));
        double sumCw = 0, sumFgsm = 0;
        int nCw = 0, nFgsm = 0;
        for (int i = 0; i < test.size(); i++) {
            if (cw.success()[i]) {
                sumCw += dCw[i];
                nCw++;
            }
            if (predFgsm[i] != test.y()[i]) {
                sumFgsm += dFgsm[i];
                nFgsm++;
            }
        }
        assertTrue(nCw >= test.size() / 2 && nFgsm > 0, "both succeed somewhere: CW " + nCw + ", FGSM " + nFgsm);
        double meanCw = sumCw / nCw, meanFgsm = sumFgsm / nFgsm;
        assertTrue(meanCw < 0.9 * meanFgsm, "mean L2 of successes: CW " + meanCw + ", FGSM " + meanFgsm);
    }

    @Test
    void targetedAttacksReachTheirTargets() {
        int n = test.size();
        int[] target = new int[n];
        for (int i = 0; i < n; i++) target[i] = (test.y()[i] + 1) % SyntheticBeats.CLASSES;
        Tensor t = Functional.labels(target);
        for (Attack a : new Attack[] {new Pgd(0.2f, 0.02f, 30), CwL2.paper()}) {
            int[] pred = Functional.argmax(model.forward(a.perturbTargeted(model, x, t)));
            int hit = 0;
            for (int i = 0; i < n; i++) if (pred[i] == target[i]) hit++;
            assertTrue(hit >= 0.8 * n, a.name() + " reached the target for " + hit + " of " + n);
        }
    }

    @Test
    void freezeVariantKeepsEverySuccessOfTheSameTrajectory() {
        // Until a sample freezes, PGD-freeze and BIM (same clip form, same step) follow the same iterates,
        // so every sample whose final BIM iterate is misclassified was fooled on the way and stays fooled.
        float eps = 0.08f, alpha = 0.01f;
        int[] bim = Functional.argmax(model.forward(new Bim(eps, alpha, 20).perturb(model, x, y)));
        int[] frozen =
                Functional.argmax(model.forward(PgdFreeze.seed001(eps, 20).perturb(model, x, y)));
        int fooledBim = 0, fooledFreeze = 0;
        for (int i = 0; i < test.size(); i++) {
            boolean b = bim[i] != test.y()[i], f = frozen[i] != test.y()[i];
            if (b) assertTrue(f, "sample " + i + " fooled by BIM but not by the freeze variant");
            fooledBim += b ? 1 : 0;
            fooledFreeze += f ? 1 : 0;
        }
        assertTrue(fooledBim > 0 && fooledFreeze >= fooledBim, "fooled: BIM " + fooledBim + ", freeze " + fooledFreeze);
    }

    @Test
    void spsaLowersAccuracyWithoutGradients() {
        SyntheticBeats.Set few = SyntheticBeats.make(4, 123);
        Tensor xs = few.inputs();
        double before = SyntheticBeats.accuracy(model, xs, few.y());
        Spsa spsa = new Spsa(0.15f, 30, 64, 0.01f, 0.01f, 128, new Rng(5));
        double after = SyntheticBeats.accuracy(model, spsa.perturb(model, xs, few.labels()), few.y());
        assertTrue(before >= 0.9 && after <= before - 0.4, "SPSA accuracy " + after + " vs clean " + before);
    }
}
