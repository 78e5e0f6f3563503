package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fatecg.fl.AggregationRule;
import org.fatecg.fl.DifferentialPrivacy;
import org.fatecg.fl.RunConfig;
import org.fatecg.fl.SecureAggregation;
import org.junit.jupiter.api.Test;

/** fatecg run's privacy flags: which rule they build, the noise --target-epsilon picks, clear errors. */
class PrivacyOptionsTest {
    private static RunConfig config(String... args) {
        return RunOptionsTest.config(args);
    }

    @Test
    void offByDefaultCentralWrapsFedAvgSecureAggregationReplacesIt() {
        assertInstanceOf(AggregationRule.FedAvg.class, config().federation().rule());
        DifferentialPrivacy dp = assertInstanceOf(
                DifferentialPrivacy.class,
                config("--dp", "central", "--dp-clip", "0.5", "--dp-noise", "1.3")
                        .federation()
                        .rule());
        assertEquals(new DifferentialPrivacy.Settings(DifferentialPrivacy.Mode.CENTRAL, 0.5, 1.3, 1e-5), dp.settings());
        assertInstanceOf(
                SecureAggregation.Rule.class,
                config("--secure-aggregation").federation().rule());
        DifferentialPrivacy both = assertInstanceOf(
                DifferentialPrivacy.class,
                config("--secure-aggregation", "--dp", "central").federation().rule());
        assertInstanceOf(SecureAggregation.Rule.class, both.inner());
    }

    @Test
    void targetEpsilonSetsTheNoiseForThePlannedRounds() {
        // quick preset: 10 rounds, 2 of 10 clients per round, so q = 0.2
        DifferentialPrivacy dp =
                (DifferentialPrivacy) config("--dp", "central", "--target-epsilon", "3", "--dp-noise", "0.1")
                        .federation()
                        .rule();
        double eps = dp.settings().epsilon(10, 2, 10);
        assertTrue(eps <= 3 && eps > 2.9, "epsilon after the planned 10 rounds " + eps);
        assertTrue(dp.settings().epsilon(11, 2, 10) > 3, "an 11th round spends more");
        // local: q = 1, so more noise for the same target
        DifferentialPrivacy local = (DifferentialPrivacy)
                config("--dp", "local", "--target-epsilon", "3").federation().rule();
        assertTrue(local.settings().noise() > dp.settings().noise());
    }

    @Test
    void badValuesAreSentencesNamingTheFlag() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config("--dp", "global"))
                .getMessage()
                .startsWith("--dp: unknown mode 'global'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config("--dp", "central", "--dp-clip", "0"))
                .getMessage()
                .startsWith("--dp-clip"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config("--dp", "central", "--dp-delta", "1"))
                .getMessage()
                .startsWith("--dp-delta"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> config("--secure-aggregation", "--strategy", "median"))
                .getMessage()
                .startsWith("--secure-aggregation"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> config("--dp", "central", "--strategy", "median"))
                .getMessage()
                .contains("central DP"));
    }
}
