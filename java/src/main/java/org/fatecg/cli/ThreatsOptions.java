package org.fatecg.cli;

import java.util.ArrayList;
import java.util.List;
import org.fatecg.attack.Pgd;
import org.fatecg.data.SplitConfig;
import org.fatecg.fl.FitConfig;
import org.fatecg.fl.SiteStudy;
import org.fatecg.fl.Threat;
import org.fatecg.fl.ThreatGrid;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The knobs of {@code fatecg threats}; none has a default of its own: a value comes from the command line,
 * else from the preset (resources org/fatecg/cli/presets/threats-NAME.properties, keys = long option
 * names), read by {@link Defaults}.
 */
final class ThreatsOptions {
    @Option(
            names = "--preset",
            paramLabel = "NAME",
            description =
                    "quick (default; 50 cells and a small site study, timed in README) or paper (the full grid, hours).")
    String preset;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of every random stream (preset: 0).")
    Long seed;

    @Option(names = "--device", paramLabel = "NAME", description = "auto, cpu or cuda[:N] (preset: auto).")
    String device;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all cores, or FATECG_THREADS).")
    Integer threads;

    // ---- the grid ----
    @Option(
            names = "--client-attacks",
            split = ",",
            paramLabel = "A",
            description =
                    "Rows: none, label-flip, backdoor, model-replacement, sign-flip, gaussian, constant, free-rider.")
    List<String> attacks;

    @Option(
            names = "--defences",
            split = ",",
            paramLabel = "D",
            description = "Columns: fedavg, median, trimmed-mean, krum, multi-krum, bulyan, norm-clip, fltrust.")
    List<String> defences;

    @Option(
            names = "--partitions",
            split = ",",
            paramLabel = "P",
            description = "Client partitions of the grid: iid, patient, dirichlet.")
    List<SplitConfig.PartitionKind> partitions;

    @Option(names = "--federations", split = ",", paramLabel = "F", description = "nonfat and/or fat.")
    List<String> federations;

    @Option(names = "--clients", paramLabel = "N", description = "Hospitals (preset: 10).")
    Integer clients;

    @Option(names = "--clients-per-round", paramLabel = "N", description = "Clients sampled per round (quick: all 10).")
    Integer clientsPerRound;

    @Option(
            names = "--warmup-rounds",
            paramLabel = "N",
            description =
                    "Honest FedAvg rounds before the attack phase, shared by every cell (and before the site study's algorithms).")
    Integer warmup;

    @Option(
            names = "--warmup-beats-per-client",
            paramLabel = "N",
            description = "Beats each client trains on in the warm-up rounds, 0 for all.")
    Integer warmupBeats;

    @Option(names = "--rounds", paramLabel = "N", description = "Rounds of each cell after the warm-up.")
    Integer rounds;

    @Option(names = "--epochs", paramLabel = "N", description = "Local epochs per round.")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Local minibatch (preset: 32).")
    Integer batchSize;

    @Option(names = "--lr", paramLabel = "X", description = "Adam learning rate of the clients (preset: 0.001).")
    Float lr;

    @Option(
            names = "--train-beats-per-client",
            paramLabel = "N",
            description = "Each client trains on its first N beats, 0 for all.")
    Integer trainBeats;

    @Option(
            names = "--train-pgd-eps",
            paramLabel = "X",
            converter = Budget.class,
            description = "PGD eps of FAT clients (preset: 8/255)." + " " + Budget.FORMS)
    Float trainPgdEps;

    @Option(
            names = "--train-pgd-alpha",
            paramLabel = "X",
            converter = Budget.class,
            description = "PGD step of FAT clients." + " " + Budget.FORMS)
    Float trainPgdAlpha;

    @Option(names = "--train-pgd-steps", paramLabel = "N", description = "PGD steps of FAT clients.")
    Integer trainPgdSteps;

    @Option(
            names = "--test-beats",
            paramLabel = "N",
            description = "Seeded test beats for clean accuracy, V sensitivity and backdoor success, 0 for all.")
    Integer testBeats;

    @Option(names = "--pgd-beats", paramLabel = "N", description = "The first N of those attacked with PGD.")
    Integer pgdBeats;

    @Option(
            names = "--pgd-eps",
            paramLabel = "X",
            converter = Budget.class,
            description = "Test PGD eps (preset: 8/255)." + " " + Budget.FORMS)
    Float pgdEps;

    @Option(
            names = "--pgd-alpha",
            paramLabel = "X",
            converter = Budget.class,
            description = "Test PGD step (preset: 1/255)." + " " + Budget.FORMS)
    Float pgdAlpha;

    @Option(names = "--pgd-steps", paramLabel = "N", description = "Test PGD steps (preset: 20).")
    Integer pgdSteps;

    @Option(names = "--eval-batch-size", paramLabel = "N", description = "Evaluation batch (preset: 32).")
    Integer evalBatch;

    @Option(
            names = "--alpha",
            paramLabel = "X",
            description = "Dirichlet concentration of --partitions dirichlet (preset: 0.5).")
    Double alpha;

    // ---- the malicious clients ----
    @Option(
            names = "--attackers",
            paramLabel = "N",
            description = "Malicious clients (ids 0..N-1) of every attack but label flipping (preset: 2).")
    Integer attackers;

    @Option(
            names = "--flip-attackers",
            paramLabel = "N",
            description = "Malicious clients of label flipping (preset: 3).")
    Integer flipAttackers;

    @Option(
            names = "--attack-from",
            paramLabel = "R",
            description = "First round of the attack phase in which they attack (preset: 1).")
    Integer attackFrom;

    @Option(
            names = "--attacker-epochs",
            paramLabel = "N",
            description = "Local epochs of attackers that train, 0 for the honest clients' (preset: 5).")
    Integer attackerEpochs;

    @Option(
            names = "--flip",
            paramLabel = "MAP",
            description = "Label flipping: FROM:TO pairs such as V:N, or all (preset: V:N).")
    String flip;

    @Option(
            names = "--trigger-offset",
            paramLabel = "T",
            description = "Backdoor spike's first sample in the 180-sample window.")
    Integer triggerOffset;

    @Option(names = "--trigger-width", paramLabel = "N", description = "Backdoor spike's width in samples.")
    Integer triggerWidth;

    @Option(
            names = "--trigger-amplitude",
            paramLabel = "X",
            description = "Backdoor spike's amplitude (windows are in [0, 1]).")
    Float triggerAmplitude;

    @Option(
            names = "--poison-fraction",
            paramLabel = "X",
            description = "Share of a backdoor client's beats that get the trigger.")
    Double poisonFraction;

    @Option(names = "--target", paramLabel = "CLASS", description = "Backdoor target class: N, S, V, F or Q.")
    String target;

    @Option(
            names = "--boost",
            paramLabel = "X",
            description = "Model replacement's gamma; 0: clients per round / attackers (Bagdasaryan et al. 2020).")
    Double boost;

    @Option(names = "--sign-scale", paramLabel = "X", description = "Sign flip: send g - s (theta - g).")
    Double signScale;

    @Option(names = "--noise-sigma", paramLabel = "X", description = "Gaussian attackers send g + N(0, sigma^2).")
    Double sigma;

    @Option(names = "--constant", paramLabel = "X", description = "Constant attackers send g + c on every coordinate.")
    Double constant;

    // ---- the defences ----
    @Option(names = "--byzantine", paramLabel = "F", description = "f of Krum and Multi-Krum (n >= 2f + 3).")
    Integer byzantine;

    @Option(names = "--bulyan-byzantine", paramLabel = "F", description = "f of Bulyan (n >= 4f + 3).")
    Integer bulyanByzantine;

    @Option(names = "--trim-fraction", paramLabel = "X", description = "Beta of the trimmed mean.")
    Double trimFraction;

    @Option(
            names = "--clip-norm",
            paramLabel = "X",
            description = "Update-norm bound of norm-clip, 0 for the round's median update norm.")
    Double clipNorm;

    @Option(
            names = "--root-beats",
            paramLabel = "N",
            description = "FLTrust's server root set: N seeded training beats.")
    Integer rootBeats;

    // ---- heterogeneous sites ----
    @Option(
            names = "--site-partitions",
            split = ",",
            paramLabel = "P",
            description = "Partitions of the site study: patient, dirichlet (iid too).")
    List<SplitConfig.PartitionKind> sitePartitions;

    @Option(
            names = "--site-algorithms",
            split = ",",
            paramLabel = "A",
            description = "fedavg, fedprox, fedadam, fedyogi, fedadagrad, fedper, finetune, or none.")
    List<String> siteAlgorithms;

    @Option(
            names = "--site-rounds",
            paramLabel = "N",
            description = "Rounds of each algorithm of the site study, after the same FedAvg warm-up as the grid's.")
    Integer siteRounds;

    @Option(names = "--mu", paramLabel = "X", description = "FedProx's proximal weight mu.")
    Float mu;

    @Option(
            names = "--server-lr",
            paramLabel = "X",
            description = "Server learning rate eta of FedAdam, FedYogi, FedAdagrad.")
    Double serverLr;

    @Option(
            names = "--personal-layers",
            split = ",",
            paramLabel = "PREFIX",
            description = "FedPer: parameters named with these prefixes stay local (preset: fc3.).")
    List<String> personalLayers;

    @Option(names = "--finetune-epochs", paramLabel = "N", description = "Local epochs of fine-tuning after FedAvg.")
    Integer finetuneEpochs;

    @Option(names = "--site-test-beats", paramLabel = "N", description = "Test beats per site.")
    Integer siteTestBeats;

    FitConfig fit() {
        return FitConfig.paper()
                .withEpochs(epochs)
                .withBatchSize(batchSize)
                .withLr(lr)
                .withMaxExamples(trainBeats);
    }

    ThreatGrid.Settings grid() {
        List<Threat.Kind> kinds = new ArrayList<>();
        for (String a : attacks) kinds.add(Threat.Kind.parse(a));
        List<String> feds = new ArrayList<>();
        for (String f : federations) feds.add(f.trim().toLowerCase().replace("-", ""));
        if (clientsPerRound > clients)
            throw new IllegalArgumentException(
                    "--clients-per-round " + clientsPerRound + " is more than --clients " + clients);
        if (Math.max(attackers, flipAttackers) > clients)
            throw new IllegalArgumentException("--attackers/--flip-attackers exceed --clients " + clients);
        ThreatGrid.ThreatSpec ts = new ThreatGrid.ThreatSpec(
                attackers,
                flipAttackers,
                attackFrom,
                flip,
                new Threat.Trigger(triggerOffset, triggerWidth, triggerAmplitude),
                poisonFraction,
                Threat.classIndex(target, "--target " + target),
                boost,
                signScale,
                sigma,
                constant,
                attackerEpochs);
        Threat.parseFlip(flip);
        ThreatGrid.RuleSpec rs = new ThreatGrid.RuleSpec(byzantine, bulyanByzantine, trimFraction, clipNorm, rootBeats);
        return new ThreatGrid.Settings(
                seed,
                kinds,
                defences,
                partitions,
                feds,
                clients,
                clientsPerRound,
                warmup,
                fit().withMaxExamples(warmupBeats),
                rounds,
                fit(),
                new Pgd.Settings(trainPgdEps, trainPgdAlpha, trainPgdSteps, true),
                testBeats,
                pgdBeats,
                new Pgd.Settings(pgdEps, pgdAlpha, pgdSteps, true),
                evalBatch,
                alpha,
                ts,
                rs);
    }

    SiteStudy.Settings sites() {
        List<String> algs =
                siteAlgorithms.size() == 1 && siteAlgorithms.get(0).equals("none") ? List.of() : siteAlgorithms;
        return new SiteStudy.Settings(
                seed,
                sitePartitions,
                algs,
                clients,
                clients,
                warmup,
                fit().withMaxExamples(warmupBeats),
                siteRounds,
                fit(),
                mu,
                serverLr,
                personalLayers,
                finetuneEpochs,
                siteTestBeats,
                testBeats,
                evalBatch,
                alpha);
    }

    /** Values of options not given on the command line: the preset's. */
    static final class Defaults implements CommandLine.IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            if (!(arg instanceof OptionSpec) || !(arg.command().userObject() instanceof ThreatsCommand cmd))
                return null;
            String key = ((OptionSpec) arg).longestName().replaceFirst("^--", "");
            if (key.equals("preset")) return "quick";
            String name = cmd.o.preset == null ? "quick" : cmd.o.preset;
            if (!RunDefaults.PRESETS.contains(name))
                throw new CommandLine.ParameterException(
                        arg.command().commandLine(),
                        "--preset: unknown preset '" + name + "': expected one of " + RunDefaults.PRESETS);
            return RunDefaults.presetFile("threats-" + name).getProperty(key);
        }
    }
}
