package org.fatecg.fl;

import java.util.List;

/**
 * What an {@link AggregationRule} returns: the new global weights, and for each update (in input order)
 * what became of it, so that a report can count rejections.
 */
public record Aggregate(float[] weights, List<Status> status) {
    /** The fate of one client's update. */
    public enum Status {
        /**
         * Entered the aggregate: averaged in (FedAvg, the chosen of Multi-Krum), chosen (Krum), or one of
         * the values of a coordinate-wise rule (median, trimmed mean), which may drop any single coordinate.
         */
        SELECTED,
        /** Left out entirely (Krum and Multi-Krum: not among the best scores). */
        REJECTED,
        /** Entered scaled down (reserved for norm-clipping rules). */
        CLIPPED
    }

    public Aggregate {
        status = List.copyOf(status);
    }

    /** Every update selected. */
    public static Aggregate allSelected(float[] weights, int updates) {
        return new Aggregate(weights, java.util.Collections.nCopies(updates, Status.SELECTED));
    }
}
