package org.fatecg.fl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.attack.AttackSettings;
import org.fatecg.attack.Condition;
import org.fatecg.attack.Pgd;
import org.fatecg.data.Aami;
import org.fatecg.data.BeatDataset;
import org.fatecg.data.ClientSplit;
import org.fatecg.data.SplitConfig;
import org.fatecg.eval.ConfusionMatrix;
import org.fatecg.nn.Models;
import org.fatecg.nn.Module;
import org.fatecg.tensor.Rng;

/**
 * The threat experiment: a grid of attack x defence (x partition) for Non-FAT and FAT federations.
 * For each partition and federation, the honest federation first trains {@code warmup} FedAvg rounds
 * (local training {@code warmupFit}, usually on more beats than the cells) from the seeded initial weights (a running consortium, as Bagdasaryan et al. 2020 attack a model
 * that has converged); every cell then continues from those weights for {@code rounds} rounds with its
 * malicious clients and aggregation rule. After each round the global model's clean accuracy is
 * measured; after the last, clean accuracy, V sensitivity, accuracy under PGD and the backdoor's
 * attack success rate. The cells' round-1 fits, all from the warm-up weights, are computed once per
 * federation and shared ({@link SharedFirstRound}). Results go to a {@link Listener}; this class writes
 * nothing.
 */
public final class ThreatGrid {
    /** What the grid varies and how every cell trains. */
    public record Settings(
            long seed,
            List<Threat.Kind> attacks,
            List<String> defences,
            List<SplitConfig.PartitionKind> partitions,
            List<String> federations,
            int clients,
            int clientsPerRound,
            int warmup,
            FitConfig warmupFit,
            int rounds,
            FitConfig fit,
            Pgd.Settings trainPgd,
            int testBeats,
            int pgdBeats,
            Pgd.Settings testPgd,
            int evalBatch,
            double dirichletAlpha,
            ThreatSpec threat,
            RuleSpec rules) {
        public Settings {
            attacks = List.copyOf(attacks);
            defences = List.copyOf(defences);
            partitions = List.copyOf(partitions);
            federations = List.copyOf(federations);
        }
    }

    /**
     * The malicious clients: {@code attackers} of them (ids 0..a-1; label flipping uses
     * {@code flipAttackers}), from round {@code from} of the attack phase, and each attack's parameters;
     * {@code boost} 0 means Bagdasaryan's gamma = clients per round / attackers.
     */
    public record ThreatSpec(
            int attackers,
            int flipAttackers,
            int from,
            String flip,
            Threat.Trigger trigger,
            double fraction,
            int target,
            double boost,
            double signScale,
            double sigma,
            double constant,
            int epochs) {
        public Threat build(Threat.Kind kind, long seed, int clientsPerRound) {
            if (kind == Threat.Kind.NONE) return Threat.none();
            int a = kind == Threat.Kind.LABEL_FLIP ? flipAttackers : attackers;
            int[] ids = new int[a];
            for (int i = 0; i < a; i++) ids[i] = i;
            double strength = switch (kind) {
                case MODEL_REPLACEMENT -> boost > 0 ? boost : (double) clientsPerRound / Math.max(1, a);
                case SIGN_FLIP -> signScale;
                case GAUSSIAN -> sigma;
                case CONSTANT -> constant;
                default -> 0;
            };
            return new Threat(
                    kind, ids, from, Threat.parseFlip(flip), trigger, fraction, target, strength, epochs, seed);
        }
    }

    /** The defences' parameters: f of Krum and Multi-Krum, f of Bulyan, the trim fraction, the clipping norm (0: median), FLTrust's root beats. */
    public record RuleSpec(int byzantine, int bulyanByzantine, double trimFraction, double clipNorm, int rootBeats) {}

    /** One round of one cell: the global model's clean accuracy and what the rule did with each update. */
    public record RoundLine(int round, double clean, List<UpdateStats> updates) {}

    /** The outcome of one cell. */
    public record Cell(
            String partition,
            String federation,
            Threat threat,
            String defence,
            double clean,
            double vSensitivity,
            double pgd,
            double attackSuccess,
            List<RoundLine> rounds,
            double seconds) {}

    /** Where the grid reports; called from the one thread that runs it. */
    public interface Listener {
        default void started(int cells) {}

        default void cellStarted(int index, String partition, String federation, Threat.Kind attack, String defence) {}

        default void round(int index, RoundLine line) {}

        default void cellEnded(int index, Cell cell) {}
    }

    public static final List<String> DEFENCES =
            List.of("fedavg", "median", "trimmed-mean", "krum", "multi-krum", "bulyan", "norm-clip", "fltrust");

    private final Settings s;
    private final BeatDataset data;

    public ThreatGrid(Settings settings, BeatDataset data) {
        this.s = settings;
        this.data = data;
        for (String d : settings.defences())
            if (!DEFENCES.contains(d))
                throw new IllegalArgumentException("unknown defence '" + d + "': expected one of " + DEFENCES);
        for (String f : settings.federations())
            if (!f.equals("nonfat") && !f.equals("fat"))
                throw new IllegalArgumentException("unknown federation '" + f + "': expected nonfat or fat");
    }

    /** Runs every cell, in order partition, federation, attack, defence. */
    public List<Cell> run(Listener out) {
        List<Cell> cells = new ArrayList<>();
        out.started(s.partitions().size()
                * s.federations().size()
                * s.attacks().size()
                * s.defences().size());
        int index = 0;
        for (SplitConfig.PartitionKind part : s.partitions()) {
            Federation fed = new Federation(data, s, part);
            for (String f : s.federations()) {
                boolean fat = f.equals("fat");
                float[] warm = fed.warmStart(fat);
                Map<String, FitResult> firstRound = new HashMap<>();
                for (Threat.Kind attack : s.attacks())
                    for (String defence : s.defences()) {
                        out.cellStarted(index, part.name().toLowerCase(), f, attack, defence);
                        Cell c = fed.cell(
                                index,
                                fat,
                                warm,
                                s.threat().build(attack, s.seed(), s.clientsPerRound()),
                                defence,
                                firstRound,
                                out);
                        cells.add(c);
                        out.cellEnded(index++, c);
                    }
            }
        }
        return cells;
    }

    /** One partition's clients, test beats and root set, and how to run a federation over them. */
    static final class Federation {
        final BeatDataset data;
        final Settings s;
        final String partition;
        final int[][] clients;
        final int[] rootIdx;
        final GridEval.Beats test, pgdTest, triggered;
        final Module model;
        final GridEval eval;
        final RunConfig.Attacks attacks;

        Federation(BeatDataset data, Settings s, SplitConfig.PartitionKind part) {
            this.data = data;
            this.s = s;
            this.partition = part.name().toLowerCase();
            ClientSplit cs = ClientSplit.of(
                    data,
                    SplitConfig.paper(s.seed())
                            .withPartition(part, s.dirichletAlpha())
                            .withClients(s.clients()));
            this.clients = cs.clients();
            int[] testIdx = Experiment.testSubset(cs.split().test(), s.testBeats(), s.seed());
            this.test = GridEval.Beats.of(data, testIdx);
            this.pgdTest = test.head(s.pgdBeats());
            this.triggered = GridEval.triggeredOthers(
                    test, s.threat().trigger(), s.threat().target());
            int[] train = cs.split().train();
            int[] perm = Seeds.stream(s.seed(), Seeds.THREAT, -1).permutation(train.length);
            this.rootIdx = new int[Math.min(s.rules().rootBeats(), train.length)];
            for (int i = 0; i < rootIdx.length; i++) rootIdx[i] = train[perm[i]];
            this.model = Models.paperCnn(Seeds.stream(s.seed(), Seeds.INIT));
            this.eval = new GridEval(s.evalBatch());
            this.attacks = new RunConfig.Attacks(s.trainPgd(), AttackSettings.paper());
        }

        Client honest(int id, BeatDataset d, int[] idx, boolean fat, LocalTrainer t) {
            return fat ? new FatClient(id, d, idx, t, attacks::trainingAttack) : new PlainClient(id, d, idx, t);
        }

        List<Client> clients(boolean fat, Threat threat, LocalTrainer t) {
            List<Client> out = new ArrayList<>();
            for (int c = 0; c < clients.length; c++) {
                Client h = honest(c, data, clients[c], fat, t);
                out.add(
                        threat.malicious(c)
                                ? new MaliciousClient(h, threat, (id, d, idx) -> honest(id, d, idx, fat, t))
                                : h);
            }
            return out;
        }

        /** The cells' clients, their round-1 fits shared through {@code shared} (see {@link SharedFirstRound}). */
        List<Client> cellClients(
                boolean fat, Threat threat, LocalTrainer t, float[] warm, Map<String, FitResult> shared) {
            List<Client> out = new ArrayList<>();
            for (Client c : clients(fat, threat, t)) {
                String what = threat.malicious(c.id()) ? threat.kind().key : "honest";
                out.add(new SharedFirstRound(c, c.id() + " " + what, warm, shared));
            }
            return out;
        }

        /** The weights after the honest FedAvg warm-up (the initial weights when warmup is 0). */
        float[] warmStart(boolean fat) {
            float[] init = new WeightLayout(model).flatten(Models.paperCnn(Seeds.stream(s.seed(), Seeds.INIT)));
            if (s.warmup() == 0) return init;
            LocalTrainer t = new LocalTrainer(model);
            Simulation sim = simulation(
                    fat,
                    "warm-up",
                    clients(fat, Threat.none(), t),
                    new AggregationRule.FedAvg(),
                    s.warmup(),
                    s.warmupFit(),
                    FederationListener.NONE);
            sim.start(init);
            while (!sim.finished()) sim.runRound();
            return sim.global();
        }

        Simulation simulation(
                boolean fat,
                String name,
                List<Client> cl,
                AggregationRule rule,
                int rounds,
                FitConfig fit,
                FederationListener listener) {
            FedStrategy.Config sc =
                    new FedStrategy.Config(s.seed(), s.clientsPerRound(), fit, rounds, 1, List.of(Condition.CLEAN));
            return new Simulation(
                    new Simulation.Config(name, fat ? 1 : 0, s.seed(), rounds),
                    new FedStrategy(sc, rule),
                    cl,
                    model,
                    null,
                    listener);
        }

        AggregationRule rule(String key, boolean fat, LocalTrainer t) {
            RuleSpec r = s.rules();
            switch (key) {
                case "bulyan":
                    return new DefenceRules.Bulyan(r.bulyanByzantine());
                case "norm-clip":
                    return new DefenceRules.NormClip(r.clipNorm());
                case "fltrust": {
                    Client root = honest(-1, data, rootIdx, fat, t);
                    return new DefenceRules.FlTrust(
                            global -> root.fit(
                                            "root",
                                            0,
                                            global,
                                            s.fit(),
                                            Seeds.stream(s.seed(), Seeds.THREAT, -1, 1),
                                            FederationListener.NONE)
                                    .weights(),
                            rootIdx.length);
                }
                default:
                    return AggregationRule.parse(key, r.trimFraction(), r.byzantine(), 0);
            }
        }

        Cell cell(
                int index,
                boolean fat,
                float[] warm,
                Threat threat,
                String defence,
                Map<String, FitResult> firstRound,
                Listener out) {
            long t0 = System.nanoTime();
            LocalTrainer t = new LocalTrainer(model);
            WeightLayout layout = new WeightLayout(model);
            Map<Integer, List<UpdateStats>> stats = new LinkedHashMap<>();
            FederationListener collect = new FederationListener() {
                @Override
                public void aggregated(
                        String federation, int round, float[] global, List<FitResult> results, Aggregate aggregate) {
                    stats.put(round, UpdateStats.of(global, results, aggregate));
                }
            };
            Simulation sim = simulation(
                    fat,
                    fat ? Experiment.FAT : Experiment.NON_FAT,
                    cellClients(fat, threat, t, warm, firstRound),
                    rule(defence, fat, t),
                    s.rounds(),
                    s.fit(),
                    collect);
            sim.start(warm);
            List<RoundLine> lines = new ArrayList<>();
            ConfusionMatrix cm = null;
            while (!sim.finished()) {
                sim.runRound();
                layout.load(model, sim.global());
                cm = eval.clean(model, test);
                RoundLine line = new RoundLine(sim.round(), cm.accuracy(), stats.get(sim.round()));
                lines.add(line);
                out.round(index, line);
            }
            int v = Aami.V.ordinal();
            double vSens = cm.support(v) == 0 ? Double.NaN : (double) cm.truePositives(v) / cm.support(v);
            double pgd = eval.pgdAccuracy(
                    model,
                    pgdTest,
                    s.testPgd(),
                    Seeds.stream(s.seed(), Seeds.EVAL, s.rounds(), Condition.PGD.ordinal()));
            double asr = eval.attackSuccess(model, triggered, s.threat().target());
            return new Cell(
                    partition,
                    fat ? Experiment.FAT : Experiment.NON_FAT,
                    threat,
                    defence,
                    cm.accuracy(),
                    vSens,
                    pgd,
                    asr,
                    lines,
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * A cell's client whose round-1 fit is shared with the other cells of its federation. Every cell
     * starts from the same warm-up weights, and a fit is a function of the client, the round, the
     * global weights, the local training and the round's seed stream only, so in round 1 a client
     * computes the same update in every column (the rule only changes what the server does with it) and,
     * when honest, in every row: it is computed once, under the key "id honest" or "id attack", and each
     * cell gets its own copy. Later rounds start from each rule's own global model and are fitted anew;
     * so is any round-1 fit from other weights.
     */
    static final class SharedFirstRound extends Client {
        private final Client inner;
        private final String key;
        private final float[] warm;
        private final Map<String, FitResult> shared;

        SharedFirstRound(Client inner, String key, float[] warm, Map<String, FitResult> shared) {
            super(inner.id(), inner.data, inner.indices(), inner.trainer);
            this.inner = inner;
            this.key = key;
            this.warm = warm;
            this.shared = shared;
        }

        @Override
        protected FitResult fit(LocalTrainer.Job job, int n, float[] global, FitConfig config, Rng rng) {
            if (job.round() != 1 || !Arrays.equals(global, warm)) return inner.fitWith(job, global, config, rng);
            FitResult r = shared.computeIfAbsent(key, k -> inner.fitWith(job, global, config, rng));
            return new FitResult(r.client(), r.weights().clone(), r.numExamples(), r.meanLoss(), r.steps(), r.nanos());
        }

        @Override
        public String kind() {
            return inner.kind();
        }
    }
}
