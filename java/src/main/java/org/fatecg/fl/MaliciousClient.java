package org.fatecg.fl;

import org.fatecg.data.BeatDataset;
import org.fatecg.tensor.Rng;

/**
 * A hospital that attacks the federation from round {@link Threat#from()} on (and trains honestly
 * before). It wraps the honest client it would have been and, for the data attacks, a twin of that
 * client (same kind, same training) over its poisoned beats ({@link Poisoning#poisoned}); the weight
 * attacks transform what it sends back. The Gaussian, constant and free-rider attackers do not train
 * (0 steps, loss 0) and claim their full sample count. Attackers that train may train for more epochs
 * than they were told ({@link Threat#epochs()}).
 */
public final class MaliciousClient extends Client {
    /** Makes a client of the federation's kind (plain or FAT) over a beat set. */
    @FunctionalInterface
    public interface Factory {
        Client make(int id, BeatDataset data, int[] indices);
    }

    private final Client honest, poisoned;
    private final Threat threat;

    public MaliciousClient(Client honest, Threat threat, Factory factory) {
        super(honest.id(), honest.data, honest.indices(), honest.trainer);
        if (!threat.malicious(honest.id()))
            throw new IllegalArgumentException("client " + honest.id() + " is not one of the threat's attackers");
        this.honest = honest;
        this.threat = threat;
        boolean dataAttack =
                threat.kind() == Threat.Kind.LABEL_FLIP || threat.kind().backdoor();
        if (dataAttack) {
            BeatDataset mine = Poisoning.poisoned(
                    honest.data, honest.indices(), threat, Seeds.stream(threat.seed(), Seeds.THREAT, honest.id()));
            int[] all = new int[mine.size()];
            for (int i = 0; i < all.length; i++) all[i] = i;
            this.poisoned = factory.make(honest.id(), mine, all);
        } else {
            this.poisoned = null;
        }
    }

    public Threat threat() {
        return threat;
    }

    @Override
    protected FitResult fit(LocalTrainer.Job job, int n, float[] global, FitConfig config, Rng rng) {
        if (job.round() < threat.from()) return honestFit(honest, job, global, config, rng);
        if (threat.epochs() > 0) config = config.withEpochs(threat.epochs());
        switch (threat.kind()) {
            case LABEL_FLIP:
            case BACKDOOR:
                return honestFit(poisoned, job, global, config, rng);
            case MODEL_REPLACEMENT: {
                FitResult r = honestFit(poisoned, job, global, config, rng);
                return with(r, Poisoning.scaleUpdate(global, r.weights(), threat.strength()));
            }
            case SIGN_FLIP: {
                FitResult r = honestFit(honest, job, global, config, rng);
                return with(r, Poisoning.scaleUpdate(global, r.weights(), -threat.strength()));
            }
            case GAUSSIAN:
                return untrained(n, Poisoning.gaussianUpdate(global, threat.strength(), rng.fork(9)));
            case CONSTANT:
                return untrained(n, Poisoning.constantUpdate(global, threat.strength()));
            case FREE_RIDER:
                return untrained(n, global.clone());
            default:
                return honestFit(honest, job, global, config, rng);
        }
    }

    private static FitResult honestFit(Client c, LocalTrainer.Job job, float[] global, FitConfig config, Rng rng) {
        return c.fitWith(job, global, config, rng);
    }

    private static FitResult with(FitResult r, float[] weights) {
        return new FitResult(r.client(), weights, r.numExamples(), r.meanLoss(), r.steps(), r.nanos());
    }

    private FitResult untrained(int n, float[] weights) {
        return new FitResult(id(), weights, n, 0, 0, 0);
    }

    @Override
    public String kind() {
        return honest.kind() + "+" + threat.kind().key;
    }
}
