package org.fatecg.fl;

import java.util.ArrayList;
import java.util.List;
import org.fatecg.tensor.Rng;

/**
 * DP-FedAvg (McMahan, Ramage, Talwar and Zhang 2018, "Learning differentially private recurrent language
 * models"): user-level differential privacy for a federation, as a decorator around an
 * {@link AggregationRule}. Each client's update Delta_i = theta_i - global is clipped to L2 norm S,
 *
 * <pre>
 *   clip(Delta_i) = Delta_i * min(1, S / ||Delta_i||_2)
 * </pre>
 * and Gaussian noise is added in one of two places:
 * <ul>
 *   <li><b>central</b> (a trusted server): theta = global + (1/k) (sum_i clip(Delta_i) + N(0, z^2 S^2 I)),
 *       the mean of the k clipped updates with equal weights (the sum's sensitivity to adding or removing
 *       one client is S, so the noise is z times that). Only the mean has this sensitivity, so central
 *       noise wraps FedAvg (plain or through secure aggregation) only; the n_i weights of plain FedAvg are dropped, as in the paper's
 *       fixed-weight estimator. The privacy of the released global models is accounted as the sampled
 *       Gaussian mechanism with q = k / n over the rounds ({@link RdpAccountant}).</li>
 *   <li><b>local</b> (no trusted server): every client sends global + clip(Delta_i) + N(0, z^2 S^2 I),
 *       and the wrapped rule, any of them, aggregates what it receives (post-processing keeps the
 *       guarantee). Each sent update is a Gaussian mechanism of sensitivity S seen by the server, so a
 *       client that takes part in every round is accounted with q = 1 over the rounds: a bound on what
 *       the server itself can learn about a client's data.</li>
 * </ul>
 * The noise of round r comes from Seeds.stream(seed, DP_NOISE, r) (central) or (seed, DP_NOISE, r, client)
 * (local), so the rule stays a pure function of its inputs and a resumed run draws the same noise; the
 * Non-FAT and FAT federations of a run get the same draws, as they get the same clients.
 */
public record DifferentialPrivacy(AggregationRule inner, Settings settings, long seed) implements AggregationRule {
    public enum Mode {
        CENTRAL,
        LOCAL
    }

    /**
     * @param mode  where the noise is added
     * @param clip  S, the L2 bound of each client's update theta_i - global
     * @param noise z, the noise multiplier: the noise's standard deviation is z S per coordinate
     * @param delta the delta at which epsilon is reported
     */
    public record Settings(Mode mode, double clip, double noise, double delta) {
        public Settings {
            if (mode == null) throw new IllegalArgumentException("DP mode must be central or local");
            if (!(clip > 0) || Double.isInfinite(clip))
                throw new IllegalArgumentException("DP clipping norm S must be a positive number, got " + clip);
            if (!(noise >= 0) || Double.isInfinite(noise))
                throw new IllegalArgumentException("DP noise multiplier z must be 0 or more, got " + noise);
            if (!(delta > 0 && delta < 1))
                throw new IllegalArgumentException("DP delta must be in (0, 1), got " + delta);
        }

        /** The sampling rate the accountant uses: k / n centrally, 1 locally. */
        public double samplingRate(int clientsPerRound, int clients) {
            return mode == Mode.LOCAL ? 1 : Math.min(1.0, (double) clientsPerRound / clients);
        }

        /** Epsilon at delta after {@code rounds} rounds; infinite without noise. */
        public double epsilon(int rounds, int clientsPerRound, int clients) {
            if (noise == 0) return rounds == 0 ? 0 : Double.POSITIVE_INFINITY;
            return RdpAccountant.epsilon(samplingRate(clientsPerRound, clients), noise, rounds, delta);
        }

        public String title() {
            return (mode == Mode.CENTRAL ? "central" : "local") + " DP, S=" + clip + ", z="
                    + String.format(java.util.Locale.ROOT, "%.4g", noise);
        }
    }

    public DifferentialPrivacy {
        if (settings.mode() == Mode.CENTRAL && !(inner instanceof FedAvg || inner instanceof SecureAggregation.Rule))
            throw new IllegalArgumentException(
                    "central DP noise is calibrated to the mean of the clipped updates (sensitivity S / k); "
                            + inner.title()
                            + " has another sensitivity: use --strategy fedavg, or local DP, which works under any rule");
    }

    @Override
    public String key() {
        return inner.key();
    }

    @Override
    public String title() {
        return (settings.mode() == Mode.CENTRAL ? "DP-FedAvg" : "Local-DP " + inner.title()) + "(S=" + settings.clip()
                + ", z=" + settings.noise() + ")";
    }

    @Override
    public int minUpdates() {
        return inner.minUpdates();
    }

    /** Without a round number the noise has no stream: the strategy always calls {@link #apply(int, float[], List)}. */
    @Override
    public Aggregate apply(float[] global, List<ClientUpdate> updates) {
        throw new IllegalStateException(
                "differential privacy draws its noise per round: call apply(round, global, updates)");
    }

    @Override
    public Aggregate apply(int round, float[] global, List<ClientUpdate> updates) {
        int k = updates.size(), d = global.length;
        double sigma = settings.noise() * settings.clip();
        List<ClientUpdate> sent = new ArrayList<>(k);
        boolean[] clipped = new boolean[k];
        for (int i = 0; i < k; i++) {
            ClientUpdate u = updates.get(i);
            if (u.weights().length != d)
                throw new IllegalArgumentException(
                        "update of client " + u.client() + " has " + u.weights().length + " values, the model " + d);
            double[] delta = new double[d];
            for (int j = 0; j < d; j++) delta[j] = (double) u.weights()[j] - global[j];
            clipped[i] = clipInPlace(delta, settings.clip());
            if (settings.mode() == Mode.LOCAL && sigma > 0)
                addNoise(delta, sigma, Seeds.stream(seed, Seeds.DP_NOISE, round, u.client()));
            float[] w = new float[d];
            for (int j = 0; j < d; j++) w[j] = (float) (global[j] + delta[j]);
            sent.add(new ClientUpdate(u.client(), w, settings.mode() == Mode.CENTRAL ? 1 : u.numExamples()));
        }
        Aggregate agg = inner.apply(round, global, sent);
        float[] out = agg.weights();
        if (settings.mode() == Mode.CENTRAL && sigma > 0) {
            Rng rng = Seeds.stream(seed, Seeds.DP_NOISE, round);
            out = out.clone();
            for (int j = 0; j < d; j++) out[j] = (float) (out[j] + sigma * rng.nextGaussian() / k);
        }
        List<Aggregate.Status> status = new ArrayList<>(agg.status());
        for (int i = 0; i < k; i++)
            if (clipped[i] && status.get(i) == Aggregate.Status.SELECTED) status.set(i, Aggregate.Status.CLIPPED);
        return new Aggregate(out, status);
    }

    /** Scales v to L2 norm at most s; returns whether it was longer. */
    public static boolean clipInPlace(double[] v, double s) {
        double norm = norm(v);
        if (norm <= s) return false;
        double f = s / norm;
        for (int j = 0; j < v.length; j++) v[j] *= f;
        return true;
    }

    public static double norm(double[] v) {
        double sq = 0;
        for (double x : v) sq += x * x;
        return Math.sqrt(sq);
    }

    /** v += N(0, sigma^2 I). */
    public static void addNoise(double[] v, double sigma, Rng rng) {
        for (int j = 0; j < v.length; j++) v[j] += sigma * rng.nextGaussian();
    }
}
