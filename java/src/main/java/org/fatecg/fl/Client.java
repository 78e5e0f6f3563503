package org.fatecg.fl;

import java.util.Arrays;
import org.fatecg.data.BeatDataset;
import org.fatecg.tensor.Rng;

/**
 * A federated client: a hospital holding some beats of the training set (indices into one
 * {@link BeatDataset}), which trains the global model locally when the strategy picks it. Subclasses
 * decide how: {@link PlainClient} on clean beats, {@link FatClient} with adversarial training.
 */
public abstract class Client {
    private final int id;
    protected final BeatDataset data;
    private final int[] indices;
    protected final LocalTrainer trainer;

    protected Client(int id, BeatDataset data, int[] indices, LocalTrainer trainer) {
        if (indices.length == 0) throw new IllegalArgumentException("client " + id + " holds no beats");
        this.id = id;
        this.data = data;
        this.indices = indices.clone();
        this.trainer = trainer;
    }

    public final int id() {
        return id;
    }

    /** All beats the client holds. */
    public final int size() {
        return indices.length;
    }

    /** n_i for a fit with this config: all beats, or the first config.maxExamples() of them. */
    public final int numExamples(FitConfig config) {
        return config.examplesOf(indices.length);
    }

    public final int[] indices() {
        return Arrays.copyOf(indices, indices.length);
    }

    /**
     * ClientUpdate: trains from the global weights and returns the local ones. {@code rng} is this
     * client's stream for this round (Seeds.stream(seed, FIT, federation, round, client)).
     */
    public final FitResult fit(
            String federation, int round, float[] global, FitConfig config, Rng rng, FederationListener listener) {
        LocalTrainer.Job job = new LocalTrainer.Job(federation, round, id, data, listener);
        return fit(job, numExamples(config), global, config, rng);
    }

    /**
     * The same fit for a known job: how a wrapping client ({@link MaliciousClient}) delegates. The job
     * is re-pointed at this client's own beats: the trainer gathers from {@code job.data()}, and a
     * wrapper's job holds the wrapper's set, not (say) the poisoned twin's.
     */
    final FitResult fitWith(LocalTrainer.Job job, float[] global, FitConfig config, Rng rng) {
        LocalTrainer.Job mine = new LocalTrainer.Job(job.federation(), job.round(), job.client(), data, job.listener());
        return fit(mine, numExamples(config), global, config, rng);
    }

    protected abstract FitResult fit(LocalTrainer.Job job, int n, float[] global, FitConfig config, Rng rng);

    protected final int[] rawIndices() {
        return indices;
    }

    /** "plain" or "fat", for reports. */
    public abstract String kind();
}
