package org.fatecg.fl;

import java.util.List;

/** FedAvg's sampling with the coordinate-wise median as the aggregation rule (Flower's FedMedian). */
public final class FedMedian extends FedAvg {
    public FedMedian(Config config) {
        super(config);
    }

    @Override
    public String name() {
        return "FedMedian";
    }

    @Override
    protected float[] aggregate(List<float[]> updates, long[] counts) {
        return Aggregation.median(updates);
    }
}
