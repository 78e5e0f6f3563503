package org.fatecg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.fatecg.fl.AggregationRule;
import org.fatecg.fl.DifferentialPrivacy;
import org.fatecg.fl.RunConfig;
import org.fatecg.io.Csv;

/**
 * The privacy spent by a DP run, round by round: after round r the released global models are
 * (epsilon_r, delta)-DP at the level of a client (a hospital's whole data), by the RDP accountant. Prints
 * one line per round and keeps {@code privacy.csv} (round, mode, S, z, q, delta, epsilon) up to date.
 * Runs without DP have no ledger.
 */
final class PrivacyLedger {
    private final DifferentialPrivacy.Settings settings;
    private final int clientsPerRound, clients;
    private final Csv csv = new Csv("round", "mode", "clip", "noise_multiplier", "sampling_rate", "delta", "epsilon");

    private PrivacyLedger(DifferentialPrivacy.Settings settings, int clientsPerRound, int clients) {
        this.settings = settings;
        this.clientsPerRound = clientsPerRound;
        this.clients = clients;
    }

    /** The ledger of a run whose rule is differentially private, else null. */
    static PrivacyLedger of(RunConfig cfg) {
        AggregationRule rule = cfg.federation().rule();
        if (!(rule instanceof DifferentialPrivacy dp)) return null;
        return new PrivacyLedger(
                dp.settings(), cfg.federation().clientsPerRound(), cfg.split().clients());
    }

    DifferentialPrivacy.Settings settings() {
        return settings;
    }

    double epsilon(int round) {
        return settings.epsilon(round, clientsPerRound, clients);
    }

    /** After round r: the line and the CSV (rounds before r are rewritten from the same formula). */
    void round(int r, Path dir, PrintWriter out) throws IOException {
        csv.row(
                r,
                settings.mode().name().toLowerCase(Locale.ROOT),
                settings.clip(),
                settings.noise(),
                settings.samplingRate(clientsPerRound, clients),
                settings.delta(),
                epsilon(r));
        if (r > 0)
            out.printf(
                    Locale.ROOT,
                    "          privacy: %s, epsilon %.3f at delta %s after %d round%s%n",
                    settings.title(),
                    epsilon(r),
                    settings.delta(),
                    r,
                    r == 1 ? "" : "s");
        out.flush();
        csv.write(dir.resolve("privacy.csv"));
    }
}
