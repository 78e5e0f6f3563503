package org.fatecg.fl;

import java.util.List;

/** FedAvg's sampling with the coordinate-wise beta-trimmed mean (Flower's FedTrimmedAvg). */
public final class FedTrimmedAvg extends FedAvg {
    private final double beta;

    public FedTrimmedAvg(Config config, double beta) {
        super(config);
        if (!(beta >= 0 && beta < 0.5)) throw new IllegalArgumentException("trim fraction must be in [0, 0.5), got " + beta);
        this.beta = beta;
    }

    @Override
    public String name() {
        return "FedTrimmedAvg(beta=" + beta + ")";
    }

    @Override
    protected float[] aggregate(List<float[]> updates, long[] counts) {
        return Aggregation.trimmedMean(updates, beta);
    }
}
