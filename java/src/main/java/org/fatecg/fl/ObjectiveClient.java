package org.fatecg.fl;

import org.fatecg.data.BeatDataset;
import org.fatecg.tensor.Rng;
import org.fatecg.train.Objective;
import org.fatecg.train.Objectives;
import org.fatecg.train.TrainStep;

/**
 * A client of a federation that trains on one of Ma and Liang's (2020) objectives (e.g. loss2, jacobian,
 * adv0.1) instead of plain or FAT cross-entropy: every minibatch is one step of the client's optimiser
 * on the objective's loss ({@link TrainStep}), so a federated noise-to-signal-ratio model trains beside
 * the Non-FAT and FAT federations of the same run, on the same clients in the same order. The objective
 * is made anew for every fit from the client's stream of that round (the random starts of adv&lt;eps&gt;).
 */
public final class ObjectiveClient extends Client {
    private final String objective, modelName;

    /** @param modelName the network's name ("mlp" selects the MLP's regulariser weights, else the CNN's) */
    public ObjectiveClient(
            int id, BeatDataset data, int[] indices, LocalTrainer trainer, String objective, String modelName) {
        super(id, data, indices, trainer);
        Objectives.check(objective);
        this.objective = objective;
        this.modelName = modelName;
    }

    @Override
    protected FitResult fit(LocalTrainer.Job job, int n, float[] global, FitConfig config, Rng rng) {
        Objective o = Objectives.of(objective, modelName, rng.fork(2));
        return trainer.trainWith(
                job,
                rawIndices(),
                n,
                global,
                config,
                (opt, x, y) -> TrainStep.step(trainer.model(), opt, o, x, y),
                rng.fork(1));
    }

    @Override
    public String kind() {
        return objective;
    }
}
