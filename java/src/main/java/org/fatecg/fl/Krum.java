package org.fatecg.fl;

import java.util.List;

/** FedAvg's sampling with Krum's selection, f clients assumed Byzantine (Blanchard et al. 2017). */
public final class Krum extends FedAvg {
    private final int byzantine;

    public Krum(Config config, int byzantine) {
        super(config);
        if (byzantine < 0) throw new IllegalArgumentException("Byzantine clients must be >= 0, got " + byzantine);
        if (config.clientsPerRound() < byzantine + 3)
            throw new IllegalArgumentException("Krum with f = " + byzantine + " needs at least " + (byzantine + 3) + " clients per round, got " + config.clientsPerRound());
        this.byzantine = byzantine;
    }

    @Override
    public String name() {
        return "Krum(f=" + byzantine + ")";
    }

    @Override
    protected float[] aggregate(List<float[]> updates, long[] counts) {
        return Aggregation.krum(updates, byzantine);
    }
}
