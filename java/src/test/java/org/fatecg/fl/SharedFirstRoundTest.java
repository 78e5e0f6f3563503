package org.fatecg.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.HashMap;
import java.util.Map;
import org.fatecg.data.BeatDataset;
import org.fatecg.nn.Models;
import org.fatecg.tensor.Rng;
import org.junit.jupiter.api.Test;

/** The threat grid's shared round-1 fits: computed once, handed out as copies equal to a direct fit. */
class SharedFirstRoundTest {
    static final BeatDataset DATA = TinyBeats.make(20, 4);

    /** A plain client that counts its fits. */
    static final class Counting extends Client {
        final Client plain;
        int fits;

        Counting(LocalTrainer t) {
            super(3, DATA, TinyBeats.range(0, 20), t);
            plain = new PlainClient(3, DATA, TinyBeats.range(0, 20), t);
        }

        @Override
        protected FitResult fit(LocalTrainer.Job job, int n, float[] global, FitConfig config, Rng rng) {
            fits++;
            return plain.fitWith(job, global, config, rng);
        }

        @Override
        public String kind() {
            return "plain";
        }
    }

    @Test
    void roundOneFromTheWarmWeightsIsFittedOnceAndLaterRoundsAnew() {
        LocalTrainer t = new LocalTrainer(Models.paperCnn(new Rng(1)));
        float[] warm = t.layout().flatten(t.model());
        FitConfig fit = FitConfig.paper().withEpochs(1).withBatchSize(10);
        float[] direct = new PlainClient(3, DATA, TinyBeats.range(0, 20), t)
                .fit("FAT", 1, warm, fit, new Rng(7), FederationListener.NONE)
                .weights();

        Map<String, FitResult> shared = new HashMap<>();
        Counting inner = new Counting(t);
        Client a = new ThreatGrid.SharedFirstRound(inner, "3 honest", warm, shared);
        Client b = new ThreatGrid.SharedFirstRound(inner, "3 honest", warm, shared);
        float[] first = a.fit("FAT", 1, warm.clone(), fit, new Rng(7), FederationListener.NONE)
                .weights();
        float[] second = b.fit("FAT", 1, warm.clone(), fit, new Rng(7), FederationListener.NONE)
                .weights();
        assertEquals(1, inner.fits, "the second cell's round 1 is the first's");
        assertArrayEquals(direct, first);
        assertArrayEquals(direct, second);
        assertNotSame(first, second, "each cell gets its own copy");

        // Round 2, or round 1 from other weights: fitted anew.
        b.fit("FAT", 2, first, fit, new Rng(8), FederationListener.NONE);
        assertEquals(2, inner.fits);
        float[] other = warm.clone();
        other[0] += 0.5f;
        b.fit("FAT", 1, other, fit, new Rng(7), FederationListener.NONE);
        assertEquals(3, inner.fits);
        // Another key (an attacker, say) is its own entry.
        new ThreatGrid.SharedFirstRound(inner, "3 backdoor", warm, shared)
                .fit("FAT", 1, warm, fit, new Rng(7), FederationListener.NONE);
        assertEquals(4, inner.fits);
    }
}
