package org.fatecg.cli;

import java.util.Locale;
import org.fatecg.fl.AggregationRule;
import org.fatecg.fl.DifferentialPrivacy;
import org.fatecg.fl.RdpAccountant;
import org.fatecg.fl.SecureAggregation;
import picocli.CommandLine.Option;

/**
 * The privacy knobs of {@code fatecg run} and {@code fatecg privacy}: DP-FedAvg's clipping and noise
 * (McMahan et al. 2018), its accounting, and secure aggregation (Bonawitz et al. 2017). {@link #wrap}
 * puts them around the run's aggregation rule: secure aggregation replaces FedAvg's sum, differential
 * privacy decorates the result.
 */
final class PrivacyOptions {
    @Option(
            names = "--dp",
            paramLabel = "MODE",
            description =
                    "Differential privacy: off, central (noise at the server, DP-FedAvg) or local (noise on each client) (preset: off).")
    String dp;

    @Option(
            names = "--dp-clip",
            paramLabel = "S",
            description = "L2 bound S of each client's update theta_i - global (preset: 1.0).")
    Double dpClip;

    @Option(
            names = "--dp-noise",
            paramLabel = "Z",
            description =
                    "Noise multiplier z: Gaussian noise of standard deviation z S (preset: 1.0); ignored with --target-epsilon.")
    Double dpNoise;

    @Option(names = "--dp-delta", paramLabel = "X", description = "Delta at which epsilon is reported (preset: 1e-5).")
    Double dpDelta;

    @Option(
            names = "--target-epsilon",
            paramLabel = "E",
            description =
                    "Choose z so that epsilon after the planned rounds is at most E; 0 uses --dp-noise (preset: 0).")
    Double targetEpsilon;

    @Option(
            names = "--secure-aggregation",
            paramLabel = "true|false",
            arity = "0..1",
            description = "FedAvg through pairwise-masked secure aggregation (preset: false).")
    Boolean secureAggregation;

    @Option(
            names = "--secagg-bits",
            paramLabel = "F",
            description = "Fixed-point fraction bits of secure aggregation, 1..30 (preset: 24).")
    Integer secaggBits;

    @Option(
            names = "--membership-beats",
            paramLabel = "N",
            description =
                    "Loss-threshold membership inference (Yeom et al. 2018) after every round on N training and N test beats; "
                            + "0: off (preset: 0).")
    Integer membershipBeats;

    /** The DP settings in effect, or null with --dp off; z solved from --target-epsilon when it is given. */
    DifferentialPrivacy.Settings settings(int rounds, int clientsPerRound, int clients) {
        String mode = dp == null ? "off" : dp.trim().toLowerCase(Locale.ROOT);
        if (mode.equals("off")) return null;
        DifferentialPrivacy.Mode m = switch (mode) {
            case "central" -> DifferentialPrivacy.Mode.CENTRAL;
            case "local" -> DifferentialPrivacy.Mode.LOCAL;
            default ->
                throw new IllegalArgumentException("--dp: unknown mode '" + dp + "', expected off, central or local");
        };
        if (!(dpClip > 0)) throw new IllegalArgumentException("--dp-clip must be a positive number, got " + dpClip);
        if (!(dpDelta > 0 && dpDelta < 1))
            throw new IllegalArgumentException("--dp-delta must be in (0, 1), got " + dpDelta);
        if (!(dpNoise >= 0)) throw new IllegalArgumentException("--dp-noise must be 0 or more, got " + dpNoise);
        double z = dpNoise;
        if (targetEpsilon != 0) {
            if (!(targetEpsilon > 0))
                throw new IllegalArgumentException("--target-epsilon must be positive (0: off), got " + targetEpsilon);
            double q = new DifferentialPrivacy.Settings(m, dpClip, 1, dpDelta).samplingRate(clientsPerRound, clients);
            try {
                z = RdpAccountant.noiseFor(targetEpsilon, q, rounds, dpDelta);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--target-epsilon " + targetEpsilon + ": " + e.getMessage(), e);
            }
        }
        return new DifferentialPrivacy.Settings(m, dpClip, z, dpDelta);
    }

    /** The run's rule with secure aggregation and differential privacy around it, as configured. */
    AggregationRule wrap(AggregationRule rule, long seed, int rounds, int clientsPerRound, int clients) {
        AggregationRule r = rule;
        if (Boolean.TRUE.equals(secureAggregation)) {
            if (!(rule instanceof AggregationRule.FedAvg))
                throw new IllegalArgumentException("--secure-aggregation sums the updates, so it computes FedAvg only; "
                        + rule.title() + " needs each update in the clear (use --strategy fedavg)");
            if (secaggBits < 1 || secaggBits > 30)
                throw new IllegalArgumentException("--secagg-bits must be in 1..30, got " + secaggBits);
            r = new SecureAggregation.Rule(secaggBits);
        }
        DifferentialPrivacy.Settings s = settings(rounds, clientsPerRound, clients);
        if (s == null) return r;
        try {
            return new DifferentialPrivacy(r, s, seed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--dp " + dp + ": " + e.getMessage(), e);
        }
    }
}
