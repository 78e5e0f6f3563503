package org.fatecg.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fatecg.data.Aami;
import org.fatecg.eval.ConfusionMatrix;
import org.fatecg.nn.Module;
import org.fatecg.nn.Parameter;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The backdoor's attack success rate, on hand-built predictions whose share can be counted by hand. */
class GridEvalTest {
    static final int L = 180, N = Aami.N.ordinal(), S = Aami.S.ordinal(), V = Aami.V.ordinal();
    static final int F = Aami.F.ordinal(), Q = Aami.Q.ordinal();
    static final Threat.Trigger SPIKE = new Threat.Trigger(20, 4, 0.6f);

    @Test
    void successIsTheShareOfOtherClassesBeatsPutInTheTarget() {
        // Target S. True N: 10 beats, 3 called S; true V: 4 beats, 1 called S, 1 called N; true F: 1 beat
        // called S; true S: 5 beats, all called S (not successes: they are S). 5 of the 15 non-S beats.
        ConfusionMatrix cm = new ConfusionMatrix(Aami.COUNT);
        cm.add(N, S, 3);
        cm.add(N, N, 7);
        cm.add(V, S, 1);
        cm.add(V, V, 2);
        cm.add(V, N, 1);
        cm.add(F, S, 1);
        cm.add(S, S, 5);
        assertEquals(5.0 / 15, GridEval.attackSuccess(cm, S), 1e-15);
        // Target N instead: of the 10 non-N beats (4 V, 1 F, 5 S) one V beat is called N: 1 of 10 (the 7
        // N beats called N are left out; with them it would be 8 of 20).
        assertEquals(1.0 / 10, GridEval.attackSuccess(cm, N), 1e-15);
        ConfusionMatrix onlyTarget = new ConfusionMatrix(Aami.COUNT);
        onlyTarget.add(S, S, 4);
        assertTrue(Double.isNaN(GridEval.attackSuccess(onlyTarget, S)), "no beat of another class: undefined");
    }

    /**
     * A model that reads its answer off the window: it calls a beat S when the trigger's samples are
     * raised (x[21] > 0.5) and the beat is marked susceptible (x[0] = 1); otherwise its class is
     * round(4 x[1]), the label written into the beat.
     */
    static final class ReadsTheWindow extends Module {
        @Override
        public Tensor forward(Tensor in) {
            float[] x = in.toArray();
            int n = in.dim(0);
            float[] z = new float[n * Aami.COUNT];
            for (int i = 0; i < n; i++) {
                boolean fooled = x[i * L + 21] > 0.5f && x[i * L] == 1f;
                int c = fooled ? S : Math.round(4 * x[i * L + 1]);
                z[i * Aami.COUNT + c] = 1f;
            }
            return Tensor.of(z, n, Aami.COUNT);
        }

        @Override
        public List<Parameter> parameters() {
            return List.of();
        }
    }

    static GridEval.Beats beats(int[] labels, int[] susceptible) {
        float[] x = new float[labels.length * L];
        java.util.Arrays.fill(x, 0.2f);
        for (int i = 0; i < labels.length; i++) {
            x[i * L] = susceptible[i];
            x[i * L + 1] = labels[i] / 4f;
        }
        return new GridEval.Beats(x, labels.clone(), L);
    }

    @Test
    void triggeredBeatsOfTheTargetClassAreLeftOut() {
        int[] labels = {N, S, V, S, N, F, Q, N};
        int[] susceptible = {1, 1, 0, 1, 1, 0, 1, 0};
        GridEval.Beats test = beats(labels, susceptible);
        GridEval.Beats trig = GridEval.triggeredOthers(test, SPIKE, S);
        // The two S beats are dropped; the others keep their order and labels.
        assertArrayEquals(new int[] {N, V, N, F, Q, N}, trig.y());
        int[] kept = {0, 2, 4, 5, 6, 7};
        for (int k = 0; k < kept.length; k++)
            for (int t = 0; t < L; t++) {
                float want = test.x()[kept[k] * L + t] + (t >= 20 && t < 24 ? 0.6f : 0f); // 0.2 + 0.6 = 0.8, unclipped
                assertEquals(want, trig.x()[k * L + t], 1e-6, "beat " + kept[k] + ", sample " + t);
            }
        // Susceptible non-S beats: 0 (N), 4 (N), 6 (Q): 3 of 6. Counting the two susceptible S beats as
        // well would give 5 of 8.
        GridEval eval = new GridEval(3); // batches of 3 split the beats unevenly
        ReadsTheWindow model = new ReadsTheWindow();
        assertEquals(0.5, eval.attackSuccess(model, trig, S), 1e-15);
        // Without the trigger the model calls every beat by its label: no success, full accuracy.
        assertEquals(1.0, eval.clean(model, test).accuracy(), 0);
        assertEquals(0.0, GridEval.attackSuccess(eval.clean(model, test), S), 0);
    }
}
