package org.fatecg.fl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A server-side aggregation rule as a pure function: the round's client updates (in the order the
 * strategy received them) and the global weights they started from in, the new global weights and each
 * update's fate out. The math lives in {@link Aggregation}; these records only choose it and its
 * parameters. {@link FedStrategy} takes one, so a new rule (Bulyan, norm clipping, FLTrust, a server
 * optimiser) is a new implementation of this interface, nothing else. The global weights are an input
 * because rules on the updates theta_i - global (clipping, FLTrust, FedAdam) need them; the rules here
 * ignore them.
 */
public interface AggregationRule {
    /** The rule's name as {@code --strategy} takes it: fedavg, median, trimmed-mean, krum, multi-krum. */
    String key();

    /** For reports, with the parameters: "FedAvg", "FedMedian", "FedTrimmedAvg(beta=0.1)", "Krum(f=1)". */
    String title();

    /** The fewest updates the rule is defined for. */
    default int minUpdates() {
        return 1;
    }

    Aggregate apply(float[] global, List<ClientUpdate> updates);

    /**
     * The rule in round r; what the strategy calls. Rules that draw randomness (differential privacy's
     * noise, {@link DifferentialPrivacy}) derive it from the round, so that they stay pure functions of
     * their inputs; the others ignore it.
     */
    default Aggregate apply(int round, float[] global, List<ClientUpdate> updates) {
        return apply(global, updates);
    }

    /** The names {@link #parse} knows. */
    List<String> KEYS = List.of("fedavg", "median", "trimmed-mean", "krum", "multi-krum");

    /**
     * The rule named key; beta is trimmed-mean's trim fraction, f the Byzantine clients Krum and
     * Multi-Krum assume, keep the updates Multi-Krum averages (0: n - f).
     */
    static AggregationRule parse(String key, double beta, int f, int keep) {
        switch (key) {
            case "fedavg":
                return new FedAvg();
            case "median":
                return new Median();
            case "trimmed-mean":
                return new TrimmedMean(beta);
            case "krum":
                return new Krum(f);
            case "multi-krum":
                return new MultiKrum(f, keep);
            default:
                throw new IllegalArgumentException(
                        "unknown aggregation rule '" + key + "': expected one of " + String.join(", ", KEYS));
        }
    }

    /** McMahan et al. 2017: theta = sum_i (n_i / m) theta_i, m = sum_i n_i. */
    record FedAvg() implements AggregationRule {
        public String key() {
            return "fedavg";
        }

        public String title() {
            return "FedAvg";
        }

        public Aggregate apply(float[] global, List<ClientUpdate> updates) {
            long[] counts = new long[updates.size()];
            for (int i = 0; i < counts.length; i++) counts[i] = updates.get(i).numExamples();
            return Aggregate.allSelected(Aggregation.fedAvg(vectors(updates), counts), updates.size());
        }
    }

    /** Yin et al. 2018: the coordinate-wise median (Flower's FedMedian); sample counts are ignored. */
    record Median() implements AggregationRule {
        public String key() {
            return "median";
        }

        public String title() {
            return "FedMedian";
        }

        public Aggregate apply(float[] global, List<ClientUpdate> updates) {
            return Aggregate.allSelected(Aggregation.median(vectors(updates)), updates.size());
        }
    }

    /** Yin et al. 2018: the coordinate-wise mean after dropping floor(beta n) values at each end, 0 <= beta < 0.5. */
    record TrimmedMean(double beta) implements AggregationRule {
        public TrimmedMean {
            if (!(beta >= 0 && beta < 0.5))
                throw new IllegalArgumentException("trim fraction must be in [0, 0.5), got " + beta);
        }

        public String key() {
            return "trimmed-mean";
        }

        public String title() {
            return "FedTrimmedAvg(beta=" + beta + ")";
        }

        public Aggregate apply(float[] global, List<ClientUpdate> updates) {
            return Aggregate.allSelected(Aggregation.trimmedMean(vectors(updates), beta), updates.size());
        }
    }

    /** Blanchard et al. 2017: the one update closest to its n - f - 2 nearest others; needs n >= 2f + 3. */
    record Krum(int byzantine) implements AggregationRule {
        public Krum {
            if (byzantine < 0) throw new IllegalArgumentException("Byzantine clients must be >= 0, got " + byzantine);
        }

        public String key() {
            return "krum";
        }

        public String title() {
            return "Krum(f=" + byzantine + ")";
        }

        public int minUpdates() {
            return 2 * byzantine + 3;
        }

        public Aggregate apply(float[] global, List<ClientUpdate> updates) {
            List<float[]> u = vectors(updates);
            int best = Aggregation.krumIndex(u, byzantine);
            return new Aggregate(u.get(best).clone(), fates(updates.size(), new int[] {best}));
        }
    }

    /**
     * Blanchard et al. 2017: the mean of the {@code keep} updates with the best Krum scores; keep 0 means
     * n - f, all but as many as may be Byzantine. Needs n >= 2f + 3.
     */
    record MultiKrum(int byzantine, int keep) implements AggregationRule {
        public MultiKrum {
            if (byzantine < 0) throw new IllegalArgumentException("Byzantine clients must be >= 0, got " + byzantine);
            if (keep < 0) throw new IllegalArgumentException("Multi-Krum keeps m >= 1 updates (0: n - f), got " + keep);
        }

        public String key() {
            return "multi-krum";
        }

        public String title() {
            return "MultiKrum(f=" + byzantine + ", m=" + (keep == 0 ? "n-f" : String.valueOf(keep)) + ")";
        }

        public int minUpdates() {
            return Math.max(2 * byzantine + 3, keep + byzantine);
        }

        public Aggregate apply(float[] global, List<ClientUpdate> updates) {
            List<float[]> u = vectors(updates);
            int m = keep == 0 ? u.size() - byzantine : keep;
            return new Aggregate(
                    Aggregation.multiKrum(u, byzantine, m),
                    fates(u.size(), Aggregation.multiKrumIndices(u, byzantine, m)));
        }
    }

    private static List<float[]> vectors(List<ClientUpdate> updates) {
        List<float[]> out = new ArrayList<>(updates.size());
        for (ClientUpdate u : updates) out.add(u.weights());
        return out;
    }

    /** SELECTED for the chosen indices, REJECTED for the rest. */
    private static List<Aggregate.Status> fates(int n, int[] chosen) {
        List<Aggregate.Status> out = new ArrayList<>(Collections.nCopies(n, Aggregate.Status.REJECTED));
        for (int i : chosen) out.set(i, Aggregate.Status.SELECTED);
        return out;
    }
}
