package org.fatecg.fl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The aggregation rules of the threat experiments beyond those of {@link AggregationRule}: Bulyan,
 * update-norm clipping and FLTrust. Each is a small record choosing a function of
 * {@link RobustAggregation}, and says per update whether it was selected, rejected or clipped.
 */
public final class DefenceRules {
    private DefenceRules() {}

    /** El Mhamdi et al. 2018: repeated Krum picks n - 2f, then a coordinate-wise trimmed mean around the median; needs n >= 4f + 3. */
    public record Bulyan(int byzantine) implements AggregationRule {
        public Bulyan {
            if (byzantine < 0) throw new IllegalArgumentException("Byzantine clients must be >= 0, got " + byzantine);
        }

        public String key() {
            return "bulyan";
        }

        public String title() {
            return "Bulyan(f=" + byzantine + ")";
        }

        public int minUpdates() {
            return 4 * byzantine + 3;
        }

        public Aggregate apply(float[] global, List<ClientUpdate> updates) {
            List<float[]> u = weights(updates);
            List<Aggregate.Status> st = new ArrayList<>(Collections.nCopies(u.size(), Aggregate.Status.REJECTED));
            for (int i : RobustAggregation.bulyanSelection(u, byzantine)) st.set(i, Aggregate.Status.SELECTED);
            return new Aggregate(RobustAggregation.bulyan(u, byzantine), st);
        }
    }

    /**
     * Norm bounding: every update d_i = theta_i - g scaled to norm at most tau (0: the round's median
     * update norm), then averaged with FedAvg's sample weights. Clipped updates are marked CLIPPED.
     */
    public record NormClip(double tau) implements AggregationRule {
        public NormClip {
            if (!(tau >= 0) || Double.isInfinite(tau))
                throw new IllegalArgumentException("clipping norm must be >= 0 (0: median), got " + tau);
        }

        public String key() {
            return "norm-clip";
        }

        public String title() {
            return "NormClip(tau=" + (tau == 0 ? "median" : String.valueOf(tau)) + ")";
        }

        public Aggregate apply(float[] global, List<ClientUpdate> updates) {
            RobustAggregation.Clipped c = RobustAggregation.clip(global, weights(updates), tau);
            long[] counts = new long[updates.size()];
            List<Aggregate.Status> st = new ArrayList<>();
            for (int i = 0; i < counts.length; i++) {
                counts[i] = updates.get(i).numExamples();
                st.add(c.clipped()[i] ? Aggregate.Status.CLIPPED : Aggregate.Status.SELECTED);
            }
            return new Aggregate(Aggregation.fedAvg(c.weights(), counts), st);
        }
    }

    /** The server's own training on its root set: the weights it ends with, starting from global. */
    @FunctionalInterface
    public interface RootTrainer {
        float[] train(float[] global);
    }

    /**
     * Cao et al. 2021: trust = ReLU(cos(d_i, g0)) against the server's root-set update g0, updates
     * rescaled to ||g0||. Trust 0 is REJECTED; an update scaled down to ||g0|| is CLIPPED.
     */
    public record FlTrust(RootTrainer root, int rootBeats) implements AggregationRule {
        public String key() {
            return "fltrust";
        }

        public String title() {
            return "FLTrust(root=" + rootBeats + ")";
        }

        public Aggregate apply(float[] global, List<ClientUpdate> updates) {
            List<float[]> u = weights(updates);
            float[] r = root.train(global.clone());
            double[] ts = RobustAggregation.trustScores(global, u, r);
            double rootNorm = RobustAggregation.distance(r, global);
            List<Aggregate.Status> st = new ArrayList<>();
            for (int i = 0; i < ts.length; i++)
                st.add(
                        ts[i] == 0
                                ? Aggregate.Status.REJECTED
                                : RobustAggregation.distance(u.get(i), global) > rootNorm
                                        ? Aggregate.Status.CLIPPED
                                        : Aggregate.Status.SELECTED);
            return new Aggregate(RobustAggregation.flTrust(global, u, r), st);
        }
    }

    static List<float[]> weights(List<ClientUpdate> updates) {
        List<float[]> out = new ArrayList<>(updates.size());
        for (ClientUpdate u : updates) out.add(u.weights());
        return out;
    }
}
