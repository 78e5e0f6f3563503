package org.fatecg.fl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fatecg.attack.Condition;
import org.fatecg.data.Aami;
import org.fatecg.data.BeatDataset;
import org.fatecg.data.ClientSplit;
import org.fatecg.data.SplitConfig;
import org.fatecg.nn.Models;
import org.fatecg.nn.Module;
import org.fatecg.tensor.Rng;

/**
 * Heterogeneous sites (Long et al.'s statistical heterogeneity): on a non-IID partition (by patient,
 * or Dirichlet label skew), an honest FedAvg warm-up ({@code warmupRounds} rounds of {@code warmupFit}
 * from the seeded initial weights, shared by every algorithm of the partition) and then each algorithm's
 * own {@code rounds} rounds of a Non-FAT federation; each is scored globally (the global model on the
 * test beats) and per site (each hospital's model on that hospital's test beats), the spread across
 * hospitals being what a consortium asks about.
 *
 * <p>Why the warm-up: from the initial weights the paper's CNN first learns to call every beat N (the
 * majority class, about 82% of the beats) and stays there for thousands of client steps; a study that
 * stops on that plateau scores every algorithm alike, whatever it does to the weights. The warm-up
 * buys the training that leaves the plateau once, so the algorithms differ where they act.
 *
 * <p>A site's test beats: with the patient partition, the test beats of its own records; otherwise
 * test beats drawn per class in the proportions of the site's training beats. Algorithms: fedavg;
 * fedprox (Li et al. 2020, local proximal term mu); fedadam, fedyogi, fedadagrad (Reddi et al. 2021,
 * server learning rate); fedper (Arivazhagan et al. 2019: the personal layers stay local, so it has
 * no global model to score); finetune (FedAvg, then every site trains the final model on its own beats
 * for a few epochs).
 */
public final class SiteStudy {
    public static final List<String> ALGORITHMS =
            List.of("fedavg", "fedprox", "fedadam", "fedyogi", "fedadagrad", "fedper", "finetune");

    public record Settings(
            long seed,
            List<SplitConfig.PartitionKind> partitions,
            List<String> algorithms,
            int clients,
            int clientsPerRound,
            int warmupRounds,
            FitConfig warmupFit,
            int rounds,
            FitConfig fit,
            float mu,
            double serverLr,
            List<String> personalLayers,
            int fineTuneEpochs,
            int siteTestBeats,
            int testBeats,
            int evalBatch,
            double dirichletAlpha) {
        public Settings {
            partitions = List.copyOf(partitions);
            algorithms = List.copyOf(algorithms);
            personalLayers = List.copyOf(personalLayers);
            if (warmupRounds < 0)
                throw new IllegalArgumentException("site warm-up rounds must be >= 0, got " + warmupRounds);
            for (String a : algorithms)
                if (!ALGORITHMS.contains(a))
                    throw new IllegalArgumentException("unknown algorithm '" + a + "': expected one of " + ALGORITHMS);
        }
    }

    /** One algorithm on one partition: global clean accuracy (NaN for FedPer) and each site's. */
    public record Result(String partition, String algorithm, double global, double[] sites, double seconds) {
        public double mean() {
            double s = 0;
            for (double v : sites) s += v;
            return s / sites.length;
        }

        public double min() {
            double m = Double.POSITIVE_INFINITY;
            for (double v : sites) m = Math.min(m, v);
            return m;
        }

        public double max() {
            double m = Double.NEGATIVE_INFINITY;
            for (double v : sites) m = Math.max(m, v);
            return m;
        }

        /** Population standard deviation of the site accuracies. */
        public double std() {
            double mu = mean(), s = 0;
            for (double v : sites) s += (v - mu) * (v - mu);
            return Math.sqrt(s / sites.length);
        }
    }

    @FunctionalInterface
    public interface Listener {
        void ended(Result r);
    }

    private final Settings s;
    private final BeatDataset data;

    public SiteStudy(Settings settings, BeatDataset data) {
        this.s = settings;
        this.data = data;
    }

    public List<Result> run(Listener out) {
        List<Result> all = new ArrayList<>();
        for (SplitConfig.PartitionKind part : s.partitions()) {
            ClientSplit cs = ClientSplit.of(
                    data,
                    SplitConfig.paper(s.seed())
                            .withPartition(part, s.dirichletAlpha())
                            .withClients(s.clients()));
            int[][] clients = cs.clients();
            int[] test = cs.split().test();
            GridEval.Beats global = GridEval.Beats.of(data, Experiment.testSubset(test, s.testBeats(), s.seed()));
            List<GridEval.Beats> sites = new ArrayList<>();
            for (int c = 0; c < clients.length; c++)
                sites.add(GridEval.Beats.of(
                        data,
                        siteTest(
                                data,
                                clients[c],
                                test,
                                part,
                                s.siteTestBeats(),
                                Seeds.stream(s.seed(), Seeds.THREAT, -2, c))));
            float[] warm = warmStart(clients);
            for (String a : s.algorithms()) {
                Result r = run(part.name().toLowerCase(), a, clients, warm, global, sites);
                all.add(r);
                out.ended(r);
            }
        }
        return all;
    }

    /** A site's test beats: its records' test beats (patient partition) or a class-proportional draw. */
    static int[] siteTest(BeatDataset data, int[] train, int[] test, SplitConfig.PartitionKind part, int n, Rng rng) {
        List<Integer> out = new ArrayList<>();
        int[] order = test.clone();
        rng.shuffle(order);
        if (part == SplitConfig.PartitionKind.PATIENT) {
            Set<Integer> recs = new HashSet<>();
            for (int i : train) recs.add(data.record(i));
            for (int i : order) if (recs.contains(data.record(i)) && out.size() < n) out.add(i);
        } else {
            int[] counts = data.classCounts(train), want = new int[Aami.COUNT];
            for (int c = 0; c < Aami.COUNT; c++) want[c] = (int) Math.round((double) n * counts[c] / train.length);
            for (int i : order) if (want[data.label(i)]-- > 0) out.add(i);
        }
        if (out.isEmpty()) throw new IllegalStateException("a site has no test beats");
        int[] r = out.stream().mapToInt(Integer::intValue).sorted().toArray();
        return r;
    }

    /** The honest FedAvg warm-up of a partition's clients from the seeded initial weights. */
    private float[] warmStart(int[][] idx) {
        Module model = Models.paperCnn(Seeds.stream(s.seed(), Seeds.INIT));
        float[] init = new WeightLayout(model).flatten(model);
        if (s.warmupRounds() == 0) return init;
        Simulation sim = simulation(
                "warm-up", model, clients("fedavg", idx, model), rule("fedavg", s), s.warmupRounds(), s.warmupFit());
        sim.start(init);
        while (!sim.finished()) sim.runRound();
        return sim.global();
    }

    /** The algorithm's clients: plain local training (FedProx's proximal term for fedprox), FedPer's wrapper for fedper. */
    List<Client> clients(String algorithm, int[][] idx, Module model) {
        LocalTrainer t = new LocalTrainer(model, algorithm.equals("fedprox") ? s.mu() : 0f);
        WeightLayout layout = new WeightLayout(model);
        List<Client> out = new ArrayList<>();
        for (int c = 0; c < idx.length; c++) {
            Client plain = new PlainClient(c, data, idx[c], t);
            out.add(algorithm.equals("fedper") ? new PersonalClient(plain, layout, s.personalLayers()) : plain);
        }
        return out;
    }

    /** The algorithm's server rule: Reddi et al.'s optimisers for fedadam, fedyogi, fedadagrad; FedAvg otherwise. */
    static AggregationRule rule(String algorithm, Settings s) {
        return switch (algorithm) {
            case "fedadam" -> ServerOptimizer.of(ServerOptimizer.Kind.ADAM, s.serverLr());
            case "fedyogi" -> ServerOptimizer.of(ServerOptimizer.Kind.YOGI, s.serverLr());
            case "fedadagrad" -> ServerOptimizer.of(ServerOptimizer.Kind.ADAGRAD, s.serverLr());
            default -> new AggregationRule.FedAvg();
        };
    }

    private Simulation simulation(
            String name, Module model, List<Client> clients, AggregationRule rule, int rounds, FitConfig fit) {
        FedStrategy.Config sc =
                new FedStrategy.Config(s.seed(), s.clientsPerRound(), fit, rounds, 1, List.of(Condition.CLEAN));
        return new Simulation(
                new Simulation.Config(name, 0, s.seed(), rounds),
                new FedStrategy(sc, rule),
                clients,
                model,
                null,
                null);
    }

    /** One algorithm's federation from the warm-up weights; its global weights after its rounds. */
    float[] train(String algorithm, List<Client> clients, Module model, float[] warm) {
        Simulation sim = simulation(algorithm, model, clients, rule(algorithm, s), s.rounds(), s.fit());
        sim.start(warm);
        while (!sim.finished()) sim.runRound();
        return sim.global();
    }

    /**
     * Local fine-tuning after FedAvg: the site trains the final global weights on its own beats for
     * {@code fineTuneEpochs} epochs (the rounds' local training otherwise: batch, learning rate, beats),
     * with a fresh Adam, and keeps the result as its model.
     */
    float[] fineTune(Client site, float[] global) {
        return site.fit(
                        "finetune",
                        s.rounds() + 1,
                        global,
                        s.fit().withEpochs(s.fineTuneEpochs()),
                        Seeds.stream(s.seed(), Seeds.THREAT, -3, site.id()),
                        FederationListener.NONE)
                .weights();
    }

    private Result run(
            String partition,
            String algorithm,
            int[][] idx,
            float[] warm,
            GridEval.Beats global,
            List<GridEval.Beats> sites) {
        long t0 = System.nanoTime();
        Module model = Models.paperCnn(Seeds.stream(s.seed(), Seeds.INIT));
        WeightLayout layout = new WeightLayout(model);
        GridEval eval = new GridEval(s.evalBatch());
        List<Client> clients = clients(algorithm, idx, model);
        float[] g = train(algorithm, clients, model, warm);
        layout.load(model, g);
        double globalAcc = algorithm.equals("fedper")
                ? Double.NaN
                : eval.clean(model, global).accuracy();
        double[] acc = new double[idx.length];
        for (int c = 0; c < idx.length; c++) {
            float[] w = g;
            if (algorithm.equals("fedper")) w = ((PersonalClient) clients.get(c)).personalise(g);
            if (algorithm.equals("finetune")) w = fineTune(clients.get(c), g);
            layout.load(model, w);
            acc[c] = eval.clean(model, sites.get(c)).accuracy();
        }
        return new Result(partition, algorithm, globalAcc, acc, (System.nanoTime() - t0) / 1e9);
    }
}
