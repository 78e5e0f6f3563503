package org.fatecg.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fatecg.nn.Layers;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Ma and Liang's evaluation attack as their code runs it, one step written out by hand: x_0 = clip01(x +
 * U(-eps, eps)) from the same stream; Adamax's first step is lr g / (|g| + 1e-8), i.e. 0.01 sign(grad) for a
 * sign gradient; then clip into the ball and [0, 1]; a sample misclassified at x_0 stays at x_0.
 */
class PgdFreezePublishedTest {
    @Test
    void oneStepIsRandomStartThenAnAdamaxSignStepAndFrozenSamplesStay() {
        Layers.Sequential model = SyntheticBeats.trainedModel(11);
        SyntheticBeats.Set data = SyntheticBeats.make(4, 5);
        Tensor x = data.inputs(), y = data.labels();
        float eps = 0.9f; // large, so that some samples are already wrong at the random start
        float[] got =
                PgdFreeze.published(eps, 1, new Rng(7)).perturb(model, x, y).toArray();

        float[] x0v = x.toArray(),
                noise = Tensor.uniform(new Rng(7), -eps, eps, x.shape()).toArray();
        float[] start = new float[x0v.length];
        for (int i = 0; i < start.length; i++) start[i] = Math.min(1f, Math.max(0f, x0v[i] + noise[i]));
        Tensor leaf = Tensor.of(start, x.shape()).requiresGrad(true);
        Tensor z = model.forward(leaf);
        float[] g = Autograd.grad(Functional.crossEntropy(z, y), leaf)[0].toArray();
        float[] logits = z.toArray(), lab = y.toArray();
        int n = x.dim(0), row = x0v.length / n, classes = z.dim(1), frozen = 0;
        for (int s = 0; s < n; s++) {
            int best = 0;
            for (int j = 1; j < classes; j++) if (logits[s * classes + j] > logits[s * classes + best]) best = j;
            boolean wrong = best != (int) lab[s];
            if (wrong) frozen++;
            for (int k = s * row; k < (s + 1) * row; k++) {
                float want = start[k];
                if (!wrong) {
                    float step = 0.01f * Math.signum(g[k]) / (1f + 1e-8f);
                    want = Math.min(Math.min(Math.max(start[k] + step, Math.max(x0v[k] - eps, 0f)), x0v[k] + eps), 1f);
                }
                assertEquals(want, got[k], 1e-6f, "sample " + s + " element " + k);
            }
        }
        assertTrue(frozen > 0 && frozen < n, "the check needs frozen and moving samples, got " + frozen + " of " + n);
    }
}
