package org.fatecg.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fatecg.data.BeatDataset;
import org.fatecg.nn.Models;
import org.fatecg.nn.Module;
import org.fatecg.tensor.Rng;
import org.junit.jupiter.api.Test;

/** Every malicious client's arithmetic against hand-computed numbers, and the wrapper's behaviour. */
class PoisoningTest {
    static final BeatDataset DATA = TinyBeats.make(20, 3);

    static Threat threat(Threat.Kind kind, String flip, double strength, int from) {
        return new Threat(
                kind,
                new int[] {1},
                from,
                Threat.parseFlip(flip),
                new Threat.Trigger(10, 3, 0.5f),
                0.5,
                0,
                strength,
                0,
                7);
    }

    @Test
    void weightAttacksByHand() {
        float[] g = {1, 2}, x = {2, 0};
        // model replacement gamma 5: g + 5 (x - g) = (1 + 5, 2 - 10) = (6, -8)
        assertArrayEquals(new float[] {6, -8}, Poisoning.scaleUpdate(g, x, 5));
        // sign flip s 2: g - 2 (x - g) = (1 - 2, 2 + 4) = (-1, 6)
        assertArrayEquals(new float[] {-1, 6}, Poisoning.scaleUpdate(g, x, -2));
        // constant 0.25: (1.25, 2.25)
        assertArrayEquals(new float[] {1.25f, 2.25f}, Poisoning.constantUpdate(g, 0.25));
        // Gaussian sigma 3: g + 3 z with z the stream's first two normal draws
        Rng r = new Rng(11);
        double z0 = r.nextGaussian(), z1 = r.nextGaussian();
        float[] n = Poisoning.gaussianUpdate(g, 3, new Rng(11));
        assertEquals(1 + 3 * z0, n[0], 1e-6);
        assertEquals(2 + 3 * z1, n[1], 1e-6);
    }

    @Test
    void triggerAddsTheSpikeAndClipsToTheRange() {
        float[] w = {0.1f, 0.7f, 0.2f, 0.9f, 0.3f, 0.4f, 0.6f, 0.2f};
        float[] t = Poisoning.triggered(w, 4, new Threat.Trigger(1, 2, 0.5f));
        // window 0: samples 1, 2 -> 0.7 + 0.5 = 1.2 clipped to 1, 0.2 + 0.5 = 0.7; window 1: 0.4 -> 0.9, 0.6 -> 1
        assertArrayEquals(new float[] {0.1f, 1f, 0.7f, 0.9f, 0.3f, 0.9f, 1f, 0.2f}, t, 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> Poisoning.triggered(w, 4, new Threat.Trigger(3, 2, 0.5f)));
    }

    @Test
    void labelMaps() {
        assertArrayEquals(new int[] {0, 0, 0, 3, 4}, Threat.parseFlip("V:N,S:N"));
        assertArrayEquals(new int[] {1, 2, 3, 4, 0}, Threat.parseFlip("all"));
        assertEquals("S:N,V:N", Threat.flipText(Threat.parseFlip("V:N,S:N")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Threat.parseFlip("V:X"));
        assertTrue(e.getMessage().contains("unknown class 'X'"), e.getMessage());
    }

    @Test
    void poisonedBeatsFlipOrCarryTheTrigger() {
        int[] idx = TinyBeats.range(0, 10); // labels 0 1 2 3 4 0 1 2 3 4
        BeatDataset flipped = Poisoning.poisoned(DATA, idx, threat(Threat.Kind.LABEL_FLIP, "V:N", 0, 1), new Rng(1));
        assertArrayEquals(new int[] {0, 1, 0, 3, 4, 0, 1, 0, 3, 4}, flipped.labels());
        assertArrayEquals(DATA.subset(idx).windows(), flipped.windows());

        BeatDataset bd = Poisoning.poisoned(DATA, idx, threat(Threat.Kind.BACKDOOR, "none", 0, 1), new Rng(1));
        int changed = 0;
        for (int i = 0; i < 10; i++) {
            float[] clean = DATA.window(i), now = bd.window(i);
            boolean triggered = now[10] != clean[10] || now[11] != clean[11] || now[12] != clean[12];
            if (triggered) {
                changed++;
                assertEquals(0, bd.label(i), "triggered beats carry the target label");
                assertEquals(Math.min(1f, clean[11] + 0.5f), now[11], 1e-6f);
            } else {
                assertEquals(DATA.label(i), bd.label(i));
            }
            assertEquals(clean[0], now[0]); // outside the trigger nothing moves
        }
        assertEquals(5, changed, "fraction 0.5 of 10 beats");
    }

    /** A client that returns global + 1 everywhere, to see what the wrapper does to it. */
    static final class PlusOne extends Client {
        PlusOne(int id, BeatDataset data, int[] idx, LocalTrainer t) {
            super(id, data, idx, t);
        }

        @Override
        protected FitResult fit(LocalTrainer.Job job, int n, float[] global, FitConfig config, Rng rng) {
            float[] w = global.clone();
            for (int j = 0; j < w.length; j++) w[j] += 1;
            // label sum of the beats it trains on, so a test sees whether they were poisoned
            int s = 0;
            for (int i : rawIndices()) s += data.label(i);
            return new FitResult(id(), w, n, s, 1, 0);
        }

        @Override
        public String kind() {
            return "plus-one";
        }
    }

    @Test
    void maliciousClientAttacksFromItsRoundOn() {
        Module net = Models.paperCnn(new Rng(1));
        LocalTrainer t = new LocalTrainer(net);
        float[] g = new float[new WeightLayout(net).size()];
        FitConfig fc = FitConfig.paper().withEpochs(1);
        MaliciousClient.Factory f = (id, d, idx) -> new PlusOne(id, d, idx, t);
        Client honest = new PlusOne(1, DATA, TinyBeats.range(0, 10), t);

        MaliciousClient mr = new MaliciousClient(honest, threat(Threat.Kind.MODEL_REPLACEMENT, "none", 4, 3), f);
        assertEquals(1f, mr.fit("x", 2, g, fc, new Rng(0), null).weights()[5], "round 2 < from 3: honest");
        FitResult r3 = mr.fit("x", 3, g, fc, new Rng(0), null);
        assertEquals(4f, r3.weights()[5], "boosted by gamma 4");
        assertNotEquals(
                20.0,
                r3.meanLoss(),
                "trained on the backdoored beats, whose labels differ"); // honest sum 2 * (0+1+2+3+4) = 20

        MaliciousClient flip = new MaliciousClient(honest, threat(Threat.Kind.LABEL_FLIP, "V:N", 0, 1), f);
        assertEquals(
                16.0, flip.fit("x", 1, g, fc, new Rng(0), null).meanLoss(), "the two V beats (2) now N (0): 20 - 4");

        assertEquals(
                -2f,
                new MaliciousClient(honest, threat(Threat.Kind.SIGN_FLIP, "none", 2, 1), f)
                        .fit("x", 1, g, fc, new Rng(0), null)
                        .weights()[0]);
        assertEquals(
                0.5f,
                new MaliciousClient(honest, threat(Threat.Kind.CONSTANT, "none", 0.5, 1), f)
                        .fit("x", 1, g, fc, new Rng(0), null)
                        .weights()[7]);
        FitResult free = new MaliciousClient(honest, threat(Threat.Kind.FREE_RIDER, "none", 0, 1), f)
                .fit("x", 1, g, fc, new Rng(0), null);
        assertArrayEquals(g, free.weights());
        assertEquals(10, free.numExamples(), "a free-rider claims its whole sample count");
        assertEquals(0, free.steps());
        assertThrows(
                IllegalArgumentException.class,
                () -> new MaliciousClient(
                        new PlusOne(2, DATA, TinyBeats.range(0, 10), t),
                        threat(Threat.Kind.BACKDOOR, "none", 0, 1),
                        f));
    }
}
