package org.fatecg.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fatecg.attack.AttackSettings;
import org.fatecg.attack.Attacks;
import org.fatecg.attack.Condition;
import org.fatecg.attack.Pgd;
import org.fatecg.data.SplitConfig;
import org.fatecg.fl.AggregationRule;
import org.fatecg.fl.FitConfig;
import org.fatecg.fl.RunConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The knobs of {@code fatecg run}, one option each. None has a default of its own: a value comes from
 * the command line, else from the --config file, else from the preset (see {@link RunDefaults}), so
 * every field is set once parsing is done. The option names are the config file's keys.
 */
final class RunOptions {
    @Option(
            names = "--preset",
            paramLabel = "NAME",
            description =
                    "quick (default: minutes, still shows the effect) or paper (the protocol of Çelik and Güllü 2025 exactly).")
    String preset;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "Seed of every random stream: split, clients, sampling, init, PGD starts (preset: 0).")
    Long seed;

    @Option(names = "--device", paramLabel = "NAME", description = "auto, cpu or cuda[:N] (preset: auto).")
    String device;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all cores, or FATECG_THREADS).")
    Integer threads;

    // ---- data ----
    @Option(
            names = "--records",
            split = ",",
            paramLabel = "REC",
            description = "Only these MIT-BIH records (default: all 48).")
    List<String> records;

    @Option(
            names = "--split",
            paramLabel = "KIND",
            description = "paper (random 80/20 over beats), interpatient (DS1/DS2) or stratified.")
    SplitConfig.SplitKind split;

    @Option(
            names = "--train-fraction",
            paramLabel = "X",
            description = "Train share of the paper and stratified splits (preset: 0.8).")
    Double trainFraction;

    @Option(
            names = "--partition",
            paramLabel = "KIND",
            description = "iid (contiguous shards, the paper), patient (whole records) or dirichlet (label skew).")
    SplitConfig.PartitionKind partition;

    @Option(names = "--clients", paramLabel = "N", description = "Clients the training set is cut into (preset: 10).")
    Integer clients;

    @Option(
            names = "--alpha",
            paramLabel = "X",
            description = "Dirichlet concentration for --partition dirichlet (preset: 0.5).")
    Double alpha;

    @Option(
            names = "--oversample",
            paramLabel = "true|false",
            arity = "0..1",
            description = "Class-balanced oversampling of each client's beats (preset: false).")
    Boolean oversample;

    // ---- the network ----
    @Option(
            names = "--model",
            paramLabel = "NAME",
            description =
                    "Network every federation trains: paper-cnn (the paper's), attention-cnn (soft attention on its trunk), gap-cnn, resnet, mlp (preset: paper-cnn).")
    String model;

    /** The network of --model, built from a random stream (the run's initialisation stream). */
    java.util.function.Function<org.fatecg.tensor.Rng, org.fatecg.nn.Module> architecture() {
        String m = model == null ? "paper-cnn" : model.trim();
        if (org.fatecg.nn.Models.NAMES.contains(m))
            return rng -> org.fatecg.nn.Models.byName(m, rng, org.fatecg.nn.Models.BEAT_LENGTH, true);
        if (!m.equals(org.fatecg.nn.AttentionCnn.PAPER_CNN) && org.fatecg.nn.AttentionCnn.NAMES.contains(m))
            return rng -> org.fatecg.nn.AttentionCnn.build(m, rng);
        throw new IllegalArgumentException("--model: unknown network '" + model + "'; expected paper-cnn, "
                + "attention-cnn, gap-cnn, resnet or mlp");
    }

    // ---- federation ----
    @Option(
            names = "--federations",
            split = ",",
            paramLabel = "F",
            description =
                    "Which federations to train: nonfat, fat, and any training objective of robust-train but ce and loss1 (e.g. loss2, jacobian, adv0.1: clients step on that loss) (preset: nonfat,fat).")
    List<String> federations;

    @Option(names = "--rounds", paramLabel = "N", description = "Rounds (preset: 10).")
    Integer rounds;

    @Option(
            names = "--clients-per-round",
            paramLabel = "N",
            description = "Clients sampled per round, uniformly without replacement (quick: 2, paper: 5).")
    Integer clientsPerRound;

    @Option(
            names = "--participants",
            split = ",",
            paramLabel = "FILE",
            description =
                    "Train in each round the clients a real Flower run trained, instead of the seeded draw: that run's "
                            + "flower-run.json (or its out-dir), one per federation (a Flower Non-FAT and FAT run draw apart); "
                            + "the node with --partition-id i is client i (default: none, the seeded draw).")
    List<Path> participants;

    @Option(names = "--epochs", paramLabel = "N", description = "Local epochs per round (quick: 2, paper: 5).")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Local minibatch (preset: 32).")
    Integer batchSize;

    @Option(
            names = "--shuffle",
            paramLabel = "true|false",
            arity = "0..1",
            description = "Shuffle each client's beats every epoch (the paper did not; preset: false).")
    Boolean shuffle;

    @Option(
            names = "--lr",
            paramLabel = "X",
            description = "Adam learning rate (preset: 0.001; betas 0.9, 0.999, eps 1e-8).")
    Float lr;

    @Option(
            names = "--train-beats-per-client",
            paramLabel = "N",
            description = "Train on the first N beats of each client, 0 for all (preset: 0).")
    Integer trainBeatsPerClient;

    @Option(
            names = "--strategy",
            paramLabel = "NAME",
            description = "Aggregation rule: fedavg (the paper), median, trimmed-mean, krum or multi-krum.")
    String strategy;

    @Option(names = "--trim-fraction", paramLabel = "X", description = "Beta of --strategy trimmed-mean (preset: 0.1).")
    Double trimFraction;

    @Option(
            names = "--byzantine",
            paramLabel = "N",
            description = "f of --strategy krum and multi-krum, which need 2f + 3 clients per round (preset: 1).")
    Integer byzantine;

    @Option(
            names = "--multi-krum-keep",
            paramLabel = "M",
            description = "m of --strategy multi-krum: the best-scored updates averaged, 0 for n - f (preset: 0).")
    Integer multiKrumKeep;

    // ---- FAT's training attack ----
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
            description = "PGD step of FAT clients (quick: 3/255, paper: 1/255)." + " " + Budget.FORMS)
    Float trainPgdAlpha;

    @Option(
            names = "--train-pgd-steps",
            paramLabel = "N",
            description = "PGD steps of FAT clients (quick: 3, paper: 20).")
    Integer trainPgdSteps;

    // ---- evaluation ----
    @Option(
            names = "--attacks",
            paramLabel = "LIST",
            description =
                    "Test conditions: clean,pgd,fgsm,cw,bim (preset: these five, the paper's), also spsa, pgd-freeze.")
    String attacks;

    @Option(
            names = "--eval-every",
            paramLabel = "K",
            description = "Evaluate after rounds 0, K, 2K, ... and the last (preset: 1).")
    Integer evalEvery;

    @Option(
            names = "--test-beats",
            paramLabel = "N",
            description = "Evaluate on a seeded subset of N test beats, 0 for all (quick: 1000, paper: 0).")
    Integer testBeats;

    @Option(names = "--eval-batch-size", paramLabel = "N", description = "Evaluation batch (preset: 32, the paper's).")
    Integer evalBatchSize;

    // ---- the test attacks: the same options as fatecg attack and eval ----
    @Mixin
    AttackOptions tests;

    // ---- privacy: differential privacy and secure aggregation ----
    @Mixin
    PrivacyOptions privacy;

    /** The experiment's configuration; every knob must be set (the presets set them all). */
    RunConfig toRunConfig(Path dataDir, String lead) {
        List<String> runs = new ArrayList<>();
        for (String f : federations) {
            String k = f.trim().toLowerCase().replace("-", "");
            if (!k.equals("nonfat") && !k.equals("fat")) {
                k = f.trim().toLowerCase(); // a training objective keeps its hyphens (mse-margin)
                try {
                    org.fatecg.fl.Experiment.checkObjectiveRun(k);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--federations: " + e.getMessage());
                }
            }
            if (runs.contains(k)) throw new IllegalArgumentException("--federations: '" + k + "' listed twice");
            runs.add(k);
        }
        runs.sort(
                (a, b) -> a.equals("nonfat") ? -1 : b.equals("nonfat") ? 1 : 0); // Non-FAT first, as the paper's tables
        positive("--rounds", rounds);
        positive("--clients-per-round", clientsPerRound);
        positive("--eval-every", evalEvery);
        positive("--eval-batch-size", evalBatchSize);
        nonNegative("--test-beats", testBeats);
        nonNegative("--train-beats-per-client", trainBeatsPerClient);
        if (clientsPerRound > clients)
            throw new IllegalArgumentException(
                    "--clients-per-round " + clientsPerRound + " is more than --clients " + clients);
        if (!AggregationRule.KEYS.contains(strategy))
            throw new IllegalArgumentException(
                    "--strategy: unknown '" + strategy + "', expected one of " + AggregationRule.KEYS);
        AggregationRule rule = AggregationRule.parse(strategy, trimFraction, byzantine, multiKrumKeep);
        if (clientsPerRound < rule.minUpdates())
            throw new IllegalArgumentException("--clients-per-round " + clientsPerRound + " is too few for "
                    + rule.title() + ", which needs at least " + rule.minUpdates());
        Map<String, List<int[]>> draws = Map.of();
        if (participants != null && !participants.isEmpty()) {
            if (!"off".equalsIgnoreCase(privacy.dp.trim()))
                throw new IllegalArgumentException("--participants replays the draws of Flower runs, but --dp "
                        + privacy.dp + " accounts for privacy amplification by the seeded uniform draw: use --dp off");
            draws = FlowerDraws.read(participants, runs, clients, rounds);
            for (Map.Entry<String, List<int[]>> e : draws.entrySet())
                for (int r = 0; r < rounds; r++)
                    if (e.getValue().get(r).length < rule.minUpdates())
                        throw new IllegalArgumentException("--participants: the " + e.getKey() + " Flower run trained "
                                + e.getValue().get(r).length + " nodes in round " + (r + 1) + ", too few for "
                                + rule.title() + ", which needs at least " + rule.minUpdates());
        }
        rule = privacy.wrap(rule, seed, rounds, clientsPerRound, clients);
        FitConfig fit = FitConfig.paper()
                .withEpochs(epochs)
                .withBatchSize(batchSize)
                .withShuffle(shuffle)
                .withLr(lr)
                .withMaxExamples(trainBeatsPerClient);
        RunConfig.Attacks a = new RunConfig.Attacks(
                new Pgd.Settings(trainPgdEps, trainPgdAlpha, trainPgdSteps, true), tests.apply(AttackSettings.paper()));
        try {
            a.trainingAttack(null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--train-pgd-eps/alpha/steps: " + e.getMessage(), e);
        }
        Attacks.check(a.tests());
        List<Condition> conditions;
        try {
            conditions = Condition.parseList(attacks);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--attacks: " + e.getMessage());
        }
        List<String> recs = records == null
                ? List.of()
                : records.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new RunConfig(
                preset,
                seed,
                new RunConfig.Data(dataDir, lead, recs),
                SplitConfig.paper(seed)
                        .withSplit(split, trainFraction)
                        .withPartition(partition, alpha)
                        .withClients(clients)
                        .withOversample(oversample),
                new RunConfig.Federation(runs, clientsPerRound, rounds, fit, rule, draws),
                a,
                new RunConfig.Eval(conditions, evalEvery, testBeats, evalBatchSize));
    }

    private static void positive(String name, int v) {
        if (v < 1) throw new IllegalArgumentException(name + " must be at least 1, got " + v);
    }

    private static void nonNegative(String name, int v) {
        if (v < 0) throw new IllegalArgumentException(name + " must be 0 or more, got " + v);
    }
}
