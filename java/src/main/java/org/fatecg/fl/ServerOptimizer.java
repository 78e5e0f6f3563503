package org.fatecg.fl;

import java.util.Collections;
import java.util.List;

/**
 * Adaptive server optimisers of Reddi et al. 2021, "Adaptive federated optimization": the FedAvg of the
 * round's weights gives the pseudo-gradient Delta = avg_i theta_i - x, and the server steps
 *
 * <pre>
 *   m = beta1 m + (1 - beta1) Delta
 *   FedAdagrad: v = v + Delta^2
 *   FedYogi:    v = v - (1 - beta2) Delta^2 sign(v - Delta^2)
 *   FedAdam:    v = beta2 v + (1 - beta2) Delta^2
 *   x = x + eta m / (sqrt(v) + tau)
 * </pre>
 * with v starting at tau^2 and m at 0 (their Algorithm 2, no bias correction). Unlike the other rules
 * this one keeps state (m, v) across rounds, in memory: one instance serves one federation, and a run
 * using it cannot be resumed from a checkpoint.
 */
public final class ServerOptimizer implements AggregationRule {
    public enum Kind {
        ADAGRAD,
        YOGI,
        ADAM
    }

    private final Kind kind;
    private final double eta, beta1, beta2, tau;
    private double[] m, v;

    public ServerOptimizer(Kind kind, double eta, double beta1, double beta2, double tau) {
        if (!(eta > 0) || !(tau > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1))
            throw new IllegalArgumentException("server optimiser needs eta > 0, tau > 0, betas in [0, 1); got eta "
                    + eta + ", tau " + tau + ", betas " + beta1 + ", " + beta2);
        this.kind = kind;
        this.eta = eta;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.tau = tau;
    }

    /** Reddi et al.'s defaults beta1 0.9, beta2 0.99, tau 1e-3, with server learning rate eta. */
    public static ServerOptimizer of(Kind kind, double eta) {
        return new ServerOptimizer(kind, eta, 0.9, 0.99, 1e-3);
    }

    public String key() {
        return "fed" + kind.name().toLowerCase();
    }

    public String title() {
        return switch (kind) {
                    case ADAGRAD -> "FedAdagrad";
                    case YOGI -> "FedYogi";
                    case ADAM -> "FedAdam";
                }
                + "(eta=" + eta + ")";
    }

    public Aggregate apply(float[] global, List<ClientUpdate> updates) {
        long[] counts = new long[updates.size()];
        for (int i = 0; i < counts.length; i++) counts[i] = updates.get(i).numExamples();
        float[] avg = Aggregation.fedAvg(DefenceRules.weights(updates), counts);
        int d = global.length;
        if (m == null) {
            m = new double[d];
            v = new double[d];
            java.util.Arrays.fill(v, tau * tau);
        }
        float[] out = new float[d];
        for (int j = 0; j < d; j++) {
            double delta = (double) avg[j] - global[j], d2 = delta * delta;
            m[j] = beta1 * m[j] + (1 - beta1) * delta;
            v[j] = switch (kind) {
                case ADAGRAD -> v[j] + d2;
                case YOGI -> v[j] - (1 - beta2) * d2 * Math.signum(v[j] - d2);
                case ADAM -> beta2 * v[j] + (1 - beta2) * d2;
            };
            out[j] = (float) (global[j] + eta * m[j] / (Math.sqrt(v[j]) + tau));
        }
        return new Aggregate(out, Collections.nCopies(updates.size(), Aggregate.Status.SELECTED));
    }
}
