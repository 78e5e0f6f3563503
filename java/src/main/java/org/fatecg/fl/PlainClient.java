package org.fatecg.fl;

import org.fatecg.data.BeatDataset;
import org.fatecg.tensor.Rng;

/** A client of the Non-FAT federation: local training on its clean beats only. */
public final class PlainClient extends Client {
    public PlainClient(int id, BeatDataset data, int[] indices, LocalTrainer trainer) {
        super(id, data, indices, trainer);
    }

    @Override
    protected FitResult fit(LocalTrainer.Job job, int n, float[] global, FitConfig config, Rng rng) {
        return trainer.train(job, rawIndices(), n, global, config, null, rng.fork(1));
    }

    @Override
    public String kind() {
        return "plain";
    }
}
