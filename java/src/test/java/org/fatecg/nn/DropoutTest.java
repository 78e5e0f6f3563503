package org.fatecg.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Dropout: identity in evaluation mode, a seeded mask scaled by 1/(1-p) in training mode. */
class DropoutTest {
    static Tensor ramp(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = 1f + i;
        return Tensor.of(v, 2, 1, n / 2);
    }

    @Test
    void evaluationModeIsTheIdentity() {
        Dropout d = new Dropout(0.5f, new Rng(1));
        Tensor x = ramp(400);
        assertFalse(TrainingMode.active());
        assertSame(x, d.forward(x));
        try (TrainingMode t = TrainingMode.on();
                TrainingMode e = TrainingMode.off()) {
            assertSame(x, d.forward(x), "an evaluation scope inside a training scope");
        }
    }

    @Test
    void trainingModeRepeatsForASeedAndScalesTheKeptUnits() {
        Tensor x = ramp(400);
        float[] a, b, c;
        try (TrainingMode t = TrainingMode.on()) {
            a = new Dropout(0.5f, new Rng(7)).forward(x).toArray();
            b = new Dropout(0.5f, new Rng(7)).forward(x).toArray();
            c = new Dropout(0.5f, new Rng(8)).forward(x).toArray();
        }
        assertFalse(TrainingMode.active(), "the scope restores evaluation mode");
        assertArrayEquals(a, b, "same seed, same mask");
        assertFalse(java.util.Arrays.equals(a, c), "another seed, another mask");
        float[] xs = x.toArray();
        int kept = 0;
        for (int i = 0; i < a.length; i++) {
            assertTrue(
                    a[i] == 0f || a[i] == 2f * xs[i], "element " + i + " is " + a[i] + ", neither 0 nor 2 x " + xs[i]);
            if (a[i] != 0f) kept++;
        }
        // Binomial(400, 0.5): mean 200, sd 10; 5 sd either side
        assertTrue(kept > 150 && kept < 250, kept + " of 400 kept");
    }

    @Test
    void theGradientIsTheMaskScaled() {
        Tensor x = ramp(40).requiresGrad(true);
        float[] y, g;
        try (TrainingMode t = TrainingMode.on()) {
            Tensor out = new Dropout(0.25f, new Rng(3)).forward(x);
            y = out.toArray();
            g = Autograd.grad(Functional.sum(out), x)[0].toArray();
        }
        float[] xs = x.toArray();
        for (int i = 0; i < xs.length; i++) assertEquals(y[i] / xs[i], g[i], 1e-6f, "d y_i / d x_i = m_i / (1 - p)");
    }

    @Test
    void rejectsAProbabilityOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1f, new Rng(1)));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1f, new Rng(1)));
    }
}
