package org.fatecg.fl;

import java.util.function.Function;
import org.fatecg.attack.Attack;
import org.fatecg.data.BeatDataset;
import org.fatecg.tensor.Rng;

/**
 * A client of the FAT federation (Algorithm 1 of Çelik and Güllü 2025): every minibatch is attacked against the
 * current local weights (PGD in the paper) and the step is taken on [x_adv ; x]. The attack is made
 * anew for every fit from the client's stream of that round, so its random starts depend only on
 * (seed, federation, round, client).
 */
public final class FatClient extends Client {
    private final Function<Rng, Attack> attackFactory;

    /** @param attackFactory makes the training attack from a random stream, e.g. rng -> new Pgd(eps, alpha, steps, rng) */
    public FatClient(
            int id, BeatDataset data, int[] indices, LocalTrainer trainer, Function<Rng, Attack> attackFactory) {
        super(id, data, indices, trainer);
        this.attackFactory = attackFactory;
    }

    @Override
    protected FitResult fit(LocalTrainer.Job job, int n, float[] global, FitConfig config, Rng rng) {
        Rng shuffle = rng.fork(1), attack = rng.fork(2);
        return trainer.train(job, rawIndices(), n, global, config, attackFactory.apply(attack), shuffle);
    }

    @Override
    public String kind() {
        return "fat";
    }
}
