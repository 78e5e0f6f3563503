package org.fatecg.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.fatecg.SharedFiles;
import org.fatecg.nn.Layers;
import org.fatecg.nn.Models;
import org.fatecg.nn.Safetensors;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * FGSM, PGD-20, BIM-10 and CW-50 on the PyTorch-trained paper CNN and 64 real beats, against what
 * torchattacks 3.5.1 produced (shared/golden). Sign attacks: at least 99% of elements bit-identical, the
 * rest off by a whole number of steps (a gradient within rounding of zero flipped its sign). CW: same
 * successes, same L2 distances within 1e-3, same number of steps run.
 */
class GoldenAttackTest {
    static Safetensors.Contents golden;
    static Layers.Sequential model;
    static Tensor x, y;

    /** Per test, not @BeforeAll, so that without ../shared every test is reported as skipped (SharedFiles). */
    @BeforeEach
    void load() throws Exception {
        Path file = SharedFiles.require("golden/cnn-golden.safetensors");
        if (golden != null) return;
        golden = Safetensors.read(file);
        model = Models.paperCnn(new Rng(1));
        model.loadStateDict(golden.floatsWithPrefix("model."));
        x = Tensor.of(golden.floats("input.x"), 64, 1, 180);
        long[] yl = golden.longs("input.y");
        float[] yf = new float[yl.length];
        for (int i = 0; i < yl.length; i++) yf[i] = yl[i];
        y = Tensor.of(yf, yl.length);
    }

    /**
     * Asserts >= 99% of elements equal and every other one off by k * alpha (k >= 1 whole, to float
     * rounding), unless the reference or ours sits on a bound of the box; returns how many differ.
     */
    static int compareSignAttack(String what, float[] expected, float[] actual, float alpha, float eps) {
        assertEquals(expected.length, actual.length);
        float[] x0 = x.toArray();
        int differ = 0;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] == actual[i]) continue;
            differ++;
            double d = Math.abs(expected[i] - actual[i]), k = Math.rint(d / alpha);
            boolean onBound = Math.abs(Math.abs(expected[i] - x0[i]) - eps) < 1e-6
                    || Math.abs(Math.abs(actual[i] - x0[i]) - eps) < 1e-6
                    || expected[i] == 0f
                    || actual[i] == 0f
                    || expected[i] == 1f
                    || actual[i] == 1f;
            assertTrue(
                    onBound || (k >= 1 && Math.abs(d - k * alpha) < 1e-5),
                    what + "[" + i + "]: expected " + expected[i] + " got " + actual[i] + ", not a multiple of alpha "
                            + alpha);
        }
        System.out.printf("%s: %d of %d elements differ from torchattacks%n", what, differ, expected.length);
        assertTrue(
                differ <= expected.length / 100,
                what + ": " + differ + " of " + expected.length + " elements differ (> 1%)");
        return differ;
    }

    @Test
    void fgsmMatchesTorchattacks() {
        float eps = 8f / 255f;
        compareSignAttack(
                "FGSM",
                golden.floats("attack.fgsm"),
                Fgsm.paper().perturb(model, x, y).toArray(),
                eps,
                eps);
    }

    @Test
    void pgd20WithoutRandomStartMatchesTorchattacks() {
        float eps = 8f / 255f, alpha = 1f / 255f;
        compareSignAttack(
                "PGD-20",
                golden.floats("attack.pgd20_norandom"),
                new Pgd(eps, alpha, 20).perturb(model, x, y).toArray(),
                alpha,
                eps);
    }

    @Test
    void bim10MatchesTorchattacks() {
        float eps = 8f / 255f, alpha = 2f / 255f;
        compareSignAttack(
                "BIM-10",
                golden.floats("attack.bim10"),
                Bim.paper().perturb(model, x, y).toArray(),
                alpha,
                eps);
    }

    @Test
    void cw50MatchesTorchattacks() {
        CwL2.Result r = CwL2.paper().attack(model, x, y, false);
        float[] expected = golden.floats("attack.cw50"),
                actual = r.adversarial().toArray(),
                x0 = x.toArray();
        assertEquals((int) golden.longs("attack.cw50_steps_run")[0], r.stepsRun(), "steps run");
        int n = 64, len = 180, successes = 0;
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double le = 0, la = 0;
            for (int j = i * len; j < (i + 1) * len; j++) {
                le += (expected[j] - x0[j]) * (double) (expected[j] - x0[j]);
                la += (actual[j] - x0[j]) * (double) (actual[j] - x0[j]);
            }
            boolean refSuccess = le > 0;
            assertEquals(refSuccess, r.success()[i], "success of sample " + i);
            assertEquals(la > 0, r.success()[i], "a failed sample is returned clean, a successful one moved: " + i);
            if (refSuccess) successes++;
            worst = Math.max(worst, Math.abs(Math.sqrt(le) - Math.sqrt(la)));
            assertEquals(Math.sqrt(le), Math.sqrt(la), 1e-3, "L2 distance of sample " + i);
            assertEquals(r.squaredL2()[i], la, 1e-4 * Math.max(1, la), "reported squared L2 of sample " + i);
        }
        System.out.printf(
                "CW-50: %d of %d succeed as in torchattacks, worst L2 difference %.2e, steps run %d%n",
                successes, n, worst, r.stepsRun());
        assertTrue(successes > 0, "the reference has successes to compare");
    }
}
