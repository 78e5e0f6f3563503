package org.fatecg.fl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.data.BeatDataset;
import org.fatecg.data.ClientSplit;
import org.fatecg.data.Split;
import org.fatecg.io.OrderedMap;
import org.fatecg.io.ProgressMeter;
import org.fatecg.nn.Models;
import org.fatecg.nn.Module;
import org.fatecg.train.Objectives;

/**
 * The experiment of Çelik and Güllü (2025) on a loaded beat set: split, partition into clients, train the Non-FAT and
 * FAT federations side by side (and any federation named by a training objective of org.fatecg.train,
 * e.g. loss2: {@link ObjectiveClient}; round r of each, then a checkpoint), evaluate them, and hand the history
 * to whoever writes the report. It writes only the checkpoint folder; the CLI writes the report.
 *
 * <p>Both federations start from the same initial weights and see the same clients in the same order
 * every round (unless participant lists say otherwise: a replay of real Flower runs, which draw apart),
 * so they differ only in how their clients train; round 0 is therefore evaluated once and shared (the
 * evaluation streams do not depend on the federation, so this is exact, not an approximation).
 */
public final class Experiment {
    /** Federation names and their fixed numbers in the seed streams. */
    public static final String NON_FAT = "Non-FAT", FAT = "FAT";

    private final RunConfig config;
    private final BeatDataset data;
    private final Split split;
    private final int[][] partition;
    private final int[] testBeats;
    private final Module model;
    private final WeightLayout layout;
    private final List<Simulation> sims = new ArrayList<>();

    /** @param progress opens the evaluation's progress meter (a bar on a terminal), or null */
    public Experiment(RunConfig config, BeatDataset data, FederationListener listener, ProgressMeter.Opener progress) {
        this(config, data, Models::paperCnn, listener, progress);
    }

    /** The same experiment on another network, built by architecture from the run's initialisation stream. */
    public Experiment(
            RunConfig config,
            BeatDataset data,
            java.util.function.Function<org.fatecg.tensor.Rng, ? extends Module> architecture,
            FederationListener listener,
            ProgressMeter.Opener progress) {
        this.config = config;
        this.data = data;
        long seed = config.seed();
        ClientSplit cs = ClientSplit.of(data, config.split());
        this.split = cs.split();
        this.partition = cs.clients();
        this.testBeats = testSubset(split.test(), config.eval().testBeats(), seed);
        this.model = architecture.apply(Seeds.stream(seed, Seeds.INIT));
        this.layout = new WeightLayout(model);
        LocalTrainer trainer = new LocalTrainer(model); // one worker network for every client and evaluation
        RunConfig.Federation f = config.federation();
        FedStrategy.Config sc = new FedStrategy.Config(
                seed,
                f.clientsPerRound(),
                f.fit(),
                f.rounds(),
                config.eval().every(),
                config.eval().conditions());
        AttackEvaluator evaluator = new AttackEvaluator(
                data, testBeats, config.attacks(), config.eval().batchSize(), seed, progress);
        boolean mlp = "mlp".equals(Models.nameOf(model.stateDict().keySet()));
        int objectiveRuns = 0;
        for (String run : f.runs()) {
            boolean fat = run.equals("fat"), plain = run.equals("nonfat");
            if (!fat && !plain) checkObjectiveRun(run);
            List<Client> clients = new ArrayList<>();
            for (int c = 0; c < partition.length; c++)
                clients.add(
                        fat
                                ? new FatClient(c, data, partition[c], trainer, config.attacks()::trainingAttack)
                                : plain
                                        ? new PlainClient(c, data, partition[c], trainer)
                                        : new ObjectiveClient(
                                                c, data, partition[c], trainer, run, mlp ? "mlp" : "cnn"));
            // seed-stream numbers: Non-FAT 0, FAT 1, then the objective federations 2, 3, ... in the order given
            int number = fat ? 1 : plain ? 0 : 2 + objectiveRuns++;
            Simulation.Config simc = new Simulation.Config(fat ? FAT : plain ? NON_FAT : run, number, seed, f.rounds());
            FedStrategy strategy =
                    new FedStrategy(sc, f.rule(), f.participants().get(run));
            sims.add(new Simulation(simc, strategy, clients, model, evaluator, listener));
        }
        if (sims.isEmpty()) throw new IllegalArgumentException("no federation to train: give nonfat, fat or both");
        for (String run : f.participants().keySet())
            if (!f.runs().contains(run))
                throw new IllegalArgumentException(
                        "a participant list for '" + run + "', which this run does not train");
        for (Map.Entry<String, List<int[]>> e : f.participants().entrySet())
            for (int r = 0; r < e.getValue().size(); r++)
                for (int c : e.getValue().get(r))
                    if (c < 0 || c >= partition.length)
                        throw new IllegalArgumentException(e.getKey() + ": the participant list's round " + (r + 1)
                                + " names client " + c + ", not one of the " + partition.length);
    }

    /**
     * A federation named by a training objective of Ma and Liang (2020): any of org.fatecg.train's except
     * ce (that is nonfat), fat (the FAT federation's own step) and loss1 (it needs a bias-free network).
     */
    public static void checkObjectiveRun(String run) {
        if (run.equals("ce") || run.equals("loss1"))
            throw new IllegalArgumentException("federation '" + run + "': "
                    + (run.equals("ce") ? "ce is the nonfat federation" : "loss1 needs a bias-free network")
                    + "; expected nonfat, fat or an objective such as loss2, jacobian, mse-margin, adv0.1");
        try {
            Objectives.check(run);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown federation '" + run
                    + "': expected nonfat, fat or a training objective (" + Objectives.NAMES + ", not ce or loss1)");
        }
    }

    /** A seeded subset of n test beats, kept in test order (all of them when n is 0 or too large). */
    public static int[] testSubset(int[] test, int n, long seed) {
        if (test.length == 0) throw new IllegalArgumentException("the split left no test beats");
        if (n <= 0 || n >= test.length) return test;
        int[] pos = Seeds.stream(seed, Seeds.SUBSET, 0).permutation(test.length);
        int[] chosen = Arrays.copyOf(pos, n);
        Arrays.sort(chosen);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = test[chosen[i]];
        return out;
    }

    public List<Simulation> simulations() {
        return sims;
    }

    public WeightLayout layout() {
        return layout;
    }

    public Split split() {
        return split;
    }

    public int[][] partition() {
        return partition;
    }

    public int[] testBeats() {
        return testBeats.clone();
    }

    public BeatDataset data() {
        return data;
    }

    /**
     * Runs (or, with a checkpoint in {@code checkpointDir}, continues) every federation to the last round,
     * writing a checkpoint after every round (0 included) before calling {@code after}; returns the round
     * it started from (-1 for a fresh run).
     */
    public int run(Path checkpointDir, boolean resume, Map<String, Object> extra, RoundEnd after) throws IOException {
        int from = -1;
        if (resume) {
            Checkpoint.State st = Checkpoint.read(checkpointDir, layout);
            if (st.seed() != config.seed())
                throw new IOException(checkpointDir.resolve(Checkpoint.STATE) + ": seed " + st.seed()
                        + " differs from the configuration's " + config.seed());
            if (st.federations().size() != sims.size())
                throw new IOException(checkpointDir.resolve(Checkpoint.STATE) + ": holds "
                        + st.federations().size() + " federations, the configuration " + sims.size());
            for (int i = 0; i < sims.size(); i++) {
                Checkpoint.Federation f = st.federations().get(i);
                if (!f.name().equals(sims.get(i).name()))
                    throw new IOException(checkpointDir.resolve(Checkpoint.STATE) + ": federation " + i + " is "
                            + f.name() + ", expected " + sims.get(i).name());
                sims.get(i).restore(f.round(), f.weights(), f.history());
            }
            from = st.round();
        } else {
            float[] init = layout.flatten(model);
            RoundRecord round0 = null;
            for (Simulation s : sims) round0 = round0 == null ? s.start(init) : s.start(init, round0);
            Checkpoint.write(checkpointDir, config.seed(), sims, layout, extra);
            after.after(0, sims);
        }
        Simulation.run(sims, (r, done) -> {
            Checkpoint.write(checkpointDir, config.seed(), done, layout, extra);
            after.after(r, done);
        });
        return from;
    }

    /** The beats per class of the train and test sets and per client, for the report. */
    public Map<String, Object> dataSummary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("windows", data.size());
        m.put("train", split.train().length);
        m.put("train_per_class", data.classCounts(split.train()));
        m.put("test", split.test().length);
        m.put("test_evaluated", testBeats.length);
        m.put("test_evaluated_per_class", data.classCounts(testBeats));
        List<Object> clients = new ArrayList<>();
        for (int[] p : partition) clients.add(OrderedMap.of("beats", p.length, "per_class", data.classCounts(p)));
        m.put("clients", clients);
        return m;
    }
}
