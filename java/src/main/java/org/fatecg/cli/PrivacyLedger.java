package org.fatecg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import org.fatecg.eval.MembershipInference;
import org.fatecg.fl.AggregationRule;
import org.fatecg.fl.DifferentialPrivacy;
import org.fatecg.fl.Experiment;
import org.fatecg.fl.FitConfig;
import org.fatecg.fl.RunConfig;
import org.fatecg.fl.Seeds;
import org.fatecg.fl.Simulation;
import org.fatecg.io.AtomicFiles;
import org.fatecg.io.Csv;
import org.fatecg.nn.Module;
import org.fatecg.report.MarkdownTable;
import org.fatecg.tensor.Rng;

/**
 * The privacy of a run, round by round. With DP, after round r the released global models are
 * (epsilon_r, delta)-DP at the level of a client (a hospital's whole data), by the RDP accountant. With
 * --membership-beats N, the loss-threshold membership inference AUC of each federation's global model on
 * up to N seeded beats that clients train on against as many test beats of the same classes. One line per round, and privacy.csv and
 * privacy.md (round, federation, epsilon, AUC) kept up to date in the report folder. A run with neither
 * has no ledger.
 */
final class PrivacyLedger {
    private final DifferentialPrivacy.Settings settings; // null without DP
    private final int clientsPerRound, clients;
    private final Experiment exp;
    private final int[] members, nonMembers;
    private final Module model;
    private final Csv csv = new Csv(
            "round",
            "federation",
            "dp",
            "clip",
            "noise_multiplier",
            "sampling_rate",
            "delta",
            "epsilon",
            "membership_auc");
    private final MarkdownTable table =
            new MarkdownTable("round", "federation", "epsilon", "membership AUC").decimals(3);

    private PrivacyLedger(
            DifferentialPrivacy.Settings settings,
            RunConfig cfg,
            Experiment exp,
            int membershipBeats,
            Function<Rng, ? extends Module> architecture) {
        this.settings = settings;
        this.clientsPerRound = cfg.federation().clientsPerRound();
        this.clients = cfg.split().clients();
        this.exp = exp;
        if (membershipBeats > 0) {
            // Members: beats some client really trains on (with --train-beats-per-client only the first
            // n_i of its list, and oversampled lists repeat beats); non-members: test beats of the same
            // classes (MembershipInference.classMatched), so the AUC is not the difference of class mixes.
            FitConfig fit = cfg.federation().fit();
            int[] trained = Arrays.stream(exp.partition())
                    .flatMapToInt(c -> Arrays.stream(c, 0, fit.examplesOf(c.length)))
                    .sorted()
                    .toArray();
            MembershipInference.Sample s = MembershipInference.classMatched(
                    exp.data(),
                    trained,
                    exp.split().test(),
                    membershipBeats,
                    Seeds.stream(cfg.seed(), Seeds.SUBSET, 1));
            members = s.members();
            nonMembers = s.nonMembers();
            // The run's own network (--model), a copy of its own that each federation's global weights load into.
            model = architecture.apply(Seeds.stream(cfg.seed(), Seeds.INIT));
        } else {
            members = nonMembers = null;
            model = null;
        }
    }

    /** The ledger of a run with DP or membership inference, else null. */
    static PrivacyLedger of(
            RunConfig cfg, Experiment exp, PrivacyOptions o, Function<Rng, ? extends Module> architecture) {
        AggregationRule rule = cfg.federation().rule();
        DifferentialPrivacy.Settings s = rule instanceof DifferentialPrivacy dp ? dp.settings() : null;
        int n = o.membershipBeats == null ? 0 : o.membershipBeats;
        if (n < 0) throw new IllegalArgumentException("--membership-beats must be 0 or more, got " + n);
        if (s == null && n == 0) return null;
        return new PrivacyLedger(s, cfg, exp, n, architecture);
    }

    double epsilon(int round) {
        return settings == null ? Double.POSITIVE_INFINITY : settings.epsilon(round, clientsPerRound, clients);
    }

    /** After round r: the lines, the CSV and the table. */
    void round(int r, Iterable<Simulation> sims, Path dir, PrintWriter out) throws IOException {
        double eps = epsilon(r);
        for (Simulation sim : sims) {
            double auc = Double.NaN;
            if (model != null) {
                exp.layout().load(model, sim.global());
                auc = MembershipInference.auc(model, exp.data(), members, nonMembers, 64);
            }
            csv.row(
                    r,
                    sim.name(),
                    settings == null ? "off" : settings.mode().name().toLowerCase(Locale.ROOT),
                    settings == null ? "" : settings.clip(),
                    settings == null ? "" : settings.noise(),
                    settings == null ? "" : settings.samplingRate(clientsPerRound, clients),
                    settings == null ? "" : settings.delta(),
                    settings == null ? "" : eps,
                    model == null ? "" : auc);
            table.row(r, sim.name(), settings == null ? "no DP" : eps, model == null ? "-" : auc);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "          privacy %-8s", sim.name()));
            if (settings != null)
                line.append(String.format(
                        Locale.ROOT,
                        " %s, epsilon %.3f at delta %s after %d round%s;",
                        settings.title(),
                        eps,
                        settings.delta(),
                        r,
                        r == 1 ? "" : "s"));
            if (model != null)
                line.append(String.format(
                        Locale.ROOT,
                        " membership AUC %.3f (%d train vs %d test beats)",
                        auc,
                        members.length,
                        nonMembers.length));
            out.println(line);
        }
        out.flush();
        csv.write(dir.resolve("privacy.csv"));
        AtomicFiles.writeString(
                dir.resolve("privacy.md"),
                "# Privacy per round\n\n"
                        + (settings == null
                                ? "No differential privacy.\n\n"
                                : "Differential privacy: " + settings.title()
                                        + "; epsilon at delta " + settings.delta()
                                        + " by the RDP accountant of the sampled Gaussian mechanism "
                                        + "(Mironov, Talwar and Zhang 2019), sampling rate "
                                        + settings.samplingRate(clientsPerRound, clients)
                                        + ", client-level.\n\n")
                        + (model == null
                                ? ""
                                : "Membership AUC: loss-threshold attack (Yeom et al. 2018), " + members.length
                                        + " training beats against " + nonMembers.length
                                        + " test beats; 0.5 is a coin toss.\n\n")
                        + table + "\n");
    }

    /** report.md gets the privacy table as its last section (privacy.md is the same text on its own). */
    void appendToReport(Path dir) throws IOException {
        Path report = dir.resolve("report.md");
        String privacy =
                java.nio.file.Files.readString(dir.resolve("privacy.md"), java.nio.charset.StandardCharsets.UTF_8);
        String front = java.nio.file.Files.readString(report, java.nio.charset.StandardCharsets.UTF_8);
        AtomicFiles.writeString(report, front + "\n#" + privacy);
    }
}
