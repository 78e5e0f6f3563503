package org.fatecg.fl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fatecg.data.BeatDataset;
import org.fatecg.nn.Models;
import org.fatecg.nn.Module;
import org.fatecg.tensor.Rng;
import org.junit.jupiter.api.Test;

/**
 * A backdoor attacker really trains on its poisoned beats: a small model fitted by a
 * {@link MaliciousClient} (backdoor, 30% of its beats triggered and relabelled) puts most triggered
 * held-out beats of the other classes into the target class, while an honest client's model does not.
 * The attacker holds the second half of a set whose first half is clean, so training on the wrong
 * beats (the wrapper's set at the twin's indices 0..n-1) would show as a low success rate.
 */
class BackdoorLearningTest {
    static final int TARGET = 1; // S
    // TinyBeats bumps sit at samples 30..150; the spike at 5..8 overlaps none of them.
    static final Threat.Trigger SPIKE = new Threat.Trigger(5, 4, 0.6f);

    static Threat backdoor(int client) {
        return new Threat(
                Threat.Kind.BACKDOOR, new int[] {client}, 1, Threat.parseFlip("none"), SPIKE, 0.3, TARGET, 0, 0, 11);
    }

    /** Share of triggered test beats (true class != target) predicted as the target. */
    static double successRate(Module net, float[] weights, GridEval.Beats test) {
        new WeightLayout(net).load(net, weights);
        return new GridEval(64).attackSuccess(net, GridEval.triggeredOthers(test, SPIKE, TARGET), TARGET);
    }

    @Test
    void aModelTrainedOnTheAttackersPoisonedBeatsLearnsTheTrigger() {
        BeatDataset train = TinyBeats.make(400, 5);
        GridEval.Beats test = GridEval.Beats.of(TinyBeats.make(100, 6), TinyBeats.range(0, 100));
        Module net = Models.mlp(new Rng(2), Models.BEAT_LENGTH, true);
        LocalTrainer trainer = new LocalTrainer(net);
        float[] init = new WeightLayout(net).flatten(net);
        FitConfig config = FitConfig.paper().withEpochs(20).withShuffle(true);
        int[] mine = TinyBeats.range(200, 400);

        Client honest = new PlainClient(3, train, mine, trainer);
        FitResult clean = honest.fit("nonfat", 1, init, config, new Rng(4), FederationListener.NONE);
        double honestSuccess = successRate(net, clean.weights(), test);

        MaliciousClient attacker =
                new MaliciousClient(honest, backdoor(3), (id, d, idx) -> new PlainClient(id, d, idx, trainer));
        FitResult poisoned = attacker.fit("nonfat", 1, init, config, new Rng(4), FederationListener.NONE);
        double attackSuccess = successRate(net, poisoned.weights(), test);
        double cleanAccuracy = new GridEval(64).clean(net, test).accuracy();

        System.out.printf(
                "backdoor success: honest %.2f, attacker %.2f; attacker clean accuracy %.2f%n",
                honestSuccess, attackSuccess, cleanAccuracy);
        assertTrue(attackSuccess > 0.8, "the attacker's model should obey the trigger, success " + attackSuccess);
        assertTrue(honestSuccess < 0.5, "an honest model should mostly ignore the trigger, success " + honestSuccess);
        assertTrue(cleanAccuracy > 0.8, "the backdoored model should still classify clean beats, " + cleanAccuracy);
    }
}
