package org.fatecg.fl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.fatecg.attack.AttackSettings;
import org.fatecg.attack.Bim;
import org.fatecg.attack.Condition;
import org.fatecg.attack.CwL2;
import org.fatecg.attack.Fgsm;
import org.fatecg.attack.Pgd;
import org.fatecg.data.Aami;
import org.fatecg.data.BeatDataset;
import org.fatecg.data.SplitConfig;
import org.fatecg.eval.ConditionResult;
import org.fatecg.eval.RobustEvaluator;
import org.fatecg.nn.AttentionCnn;
import org.fatecg.nn.ClassWeights;
import org.fatecg.nn.Layers;
import org.fatecg.nn.Module;
import org.fatecg.nn.TrainingMode;
import org.fatecg.optim.Adam;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;

/**
 * Does an architecture make an ECG beat classifier more robust? Wasserman (2022) asks it of soft
 * attention on images; this runs the same comparison on MIT-BIH beats: for every seed and model, the
 * same split and initial trunk, trained three ways (centrally; and in the federation of the FAT paper
 * without and with adversarial training, through {@link Experiment}), then evaluated on the same test
 * beats clean and under FGSM, PGD, BIM (at each L-inf budget) and CW-L2 (at each c). It computes; the
 * CLI writes the report.
 *
 * <p>Central training: Adam on mean cross-entropy (inverse-frequency class weights optionally, as the
 * paper), over a seeded subset of the split's training side, in batches, dropout in training mode.
 * PGD and BIM use alpha = eps / 4 (the paper CNN's PGD-20 at 8/255 uses 1/255; BIM-10 2/255 = eps / 4).
 */
public final class ArchitectureComparison {
    /** Training settings: central, the two federations, and evaluation. */
    public record Settings(
            String preset,
            Path dataDir,
            List<String> models,
            List<Long> seeds,
            int centralBeats,
            int centralEpochs,
            boolean classWeights,
            int clients,
            int rounds,
            int clientsPerRound,
            int localEpochs,
            int beatsPerClient,
            float trainEps,
            float trainAlpha,
            int trainSteps,
            int testBeats,
            float[] eps,
            int pgdSteps,
            int bimSteps,
            float[] cwC,
            int cwSteps,
            float lr,
            int batch) {
        public Settings {
            models = List.copyOf(models);
            seeds = List.copyOf(seeds);
            for (String m : models)
                if (!AttentionCnn.NAMES.contains(m))
                    throw new IllegalArgumentException("unknown model '" + m + "': expected " + AttentionCnn.NAMES);
            if (seeds.isEmpty()) throw new IllegalArgumentException("no seeds");
        }
    }

    /** Where a model was trained. */
    public static final List<String> SETTINGS = List.of("central", Experiment.NON_FAT, Experiment.FAT);

    /**
     * One trained model's accuracies, by condition name in {@link #conditionNames} order; singleClass when
     * it predicts one class for every clean test beat (an untrained majority vote, whose "robust"
     * accuracy is only that class's share).
     */
    public record Result(
            long seed,
            String model,
            String setting,
            int parameters,
            double[] accuracy,
            double trainSeconds,
            boolean singleClass) {}

    /** Progress lines for the console. */
    @FunctionalInterface
    public interface Log {
        void line(String s);
    }

    private final Settings s;
    private final BeatDataset data;

    public ArchitectureComparison(Settings settings, BeatDataset data) {
        this.s = settings;
        this.data = data;
    }

    /** clean, then per budget fgsm, pgd, bim, then per c cw. */
    public List<String> conditionNames() {
        List<String> n = new ArrayList<>();
        n.add("clean");
        for (String a : new String[] {"fgsm", "pgd", "bim"}) for (float e : s.eps()) n.add(a + "@" + budget(e));
        for (float c : s.cwC()) n.add("cw@c=" + trim(c));
        return n;
    }

    /** "8/255" for a multiple of 1/255, else the number. */
    public static String budget(float eps) {
        float k = eps * 255f;
        return Math.abs(k - Math.round(k)) < 1e-3 ? Math.round(k) + "/255" : trim(eps);
    }

    static String trim(float v) {
        return v == Math.rint(v) ? Integer.toString((int) v) : Float.toString(v);
    }

    List<RobustEvaluator.Labelled> conditions(long seed) {
        List<RobustEvaluator.Labelled> c = new ArrayList<>();
        List<String> names = conditionNames();
        int i = 0;
        c.add(new RobustEvaluator.Labelled(names.get(i++), null));
        for (float e : s.eps()) c.add(new RobustEvaluator.Labelled(names.get(i++), new Fgsm(e)));
        for (float e : s.eps())
            c.add(new RobustEvaluator.Labelled(
                    names.get(i++), new Pgd(e, e / 4, s.pgdSteps(), Seeds.stream(seed, Seeds.EVAL, 100 + i))));
        for (float e : s.eps()) c.add(new RobustEvaluator.Labelled(names.get(i++), new Bim(e, e / 4, s.bimSteps())));
        for (float cc : s.cwC())
            c.add(new RobustEvaluator.Labelled(names.get(i++), new CwL2(cc, 0f, s.cwSteps(), 0.01f)));
        return c;
    }

    RunConfig runConfig(long seed) {
        FitConfig fit = FitConfig.paper()
                .withEpochs(s.localEpochs())
                .withBatchSize(s.batch())
                .withLr(s.lr())
                .withMaxExamples(s.beatsPerClient());
        Pgd.Settings training = Pgd.Settings.paper()
                .withEps(s.trainEps())
                .withAlpha(s.trainAlpha())
                .withSteps(s.trainSteps());
        // Class balance in the federation: each client's beats oversampled per class (then shuffled; the
        // first beatsPerClient are a balanced draw), for both models. Without it the attention model, whose
        // logits start nearly constant (global average pooling, one linear layer), stays on the majority
        // class (N, 83% of the beats) for more Adam steps than a quick federation gives it (measured: all-N
        // after 600 unweighted steps of batch 32; a class-balanced loss leaves it after 200-300).
        SplitConfig split = SplitConfig.paper(seed).withClients(s.clients()).withOversample(true);
        return new RunConfig(
                s.preset(),
                seed,
                new RunConfig.Data(s.dataDir(), "1", List.of()),
                split,
                new RunConfig.Federation(
                        List.of("nonfat", "fat"), s.clientsPerRound(), s.rounds(), fit, new AggregationRule.FedAvg()),
                new RunConfig.Attacks(training, AttackSettings.paper()),
                new RunConfig.Eval(
                        List.of(Condition.CLEAN), s.rounds(), s.testBeats(), RobustEvaluator.PUBLISHED_BATCH));
    }

    /**
     * Runs every seed and model; results in order seed, model, setting. Saves each trained model's
     * weights through save (name like "attention-cnn-seed0-fat").
     */
    public List<Result> run(Path work, Log log, ModelSink save) throws IOException {
        List<Result> out = new ArrayList<>();
        RobustEvaluator evaluator = new RobustEvaluator(RobustEvaluator.PUBLISHED_BATCH, Aami.COUNT, null);
        for (long seed : s.seeds()) {
            for (String model : s.models()) {
                Function<Rng, Layers.Sequential> arch = rng -> AttentionCnn.build(model, rng);
                Experiment exp = new Experiment(runConfig(seed), data, arch, FederationListener.NONE, null);
                int[] test = exp.testBeats();
                float[] tx = new float[test.length * data.windowLength()];
                int[] ty = new int[test.length];
                data.gather(test, 0, test.length, tx, ty);

                long t0 = System.nanoTime();
                Layers.Sequential central = arch.apply(Seeds.stream(seed, Seeds.INIT));
                trainCentral(central, exp.split().train(), seed);
                out.add(evaluate(
                        evaluator, seed, model, "central", central, tx, ty, (System.nanoTime() - t0) / 1e9, log, save));

                long t1 = System.nanoTime();
                exp.run(work.resolve(model + "-seed" + seed), false, Map.of(), (r, sims) -> {});
                double fedSeconds = (System.nanoTime() - t1) / 1e9;
                for (Simulation sim : exp.simulations()) {
                    Layers.Sequential net = arch.apply(new Rng(0));
                    exp.layout().load(net, sim.global());
                    out.add(evaluate(evaluator, seed, model, sim.name(), net, tx, ty, fedSeconds, log, save));
                }
            }
        }
        return out;
    }

    /** Receives each trained model. */
    @FunctionalInterface
    public interface ModelSink {
        void accept(String name, Module model) throws IOException;
    }

    private Result evaluate(
            RobustEvaluator ev,
            long seed,
            String model,
            String setting,
            Layers.Sequential net,
            float[] x,
            int[] y,
            double trainSeconds,
            Log log,
            ModelSink save)
            throws IOException {
        List<ConditionResult> o = ev.evaluate(net, x, y, data.windowLength(), conditions(seed));
        double[] acc = new double[o.size()];
        for (int i = 0; i < acc.length; i++) acc[i] = o.get(i).confusion().accuracy();
        save.accept(model + "-seed" + seed + "-" + setting.toLowerCase().replace("-", ""), net);
        boolean single = false;
        for (int c = 0; c < Aami.COUNT; c++)
            single |= o.get(0).confusion().predicted(c) == o.get(0).confusion().total();
        Result r = new Result(seed, model, setting, net.parameterCount(), acc, trainSeconds, single);
        StringBuilder b = new StringBuilder(String.format("seed %d %-13s %-8s", seed, model, setting));
        List<String> names = conditionNames();
        for (int i = 0; i < acc.length; i++) b.append(String.format(" %s %.3f", names.get(i), acc[i]));
        if (single) b.append(" (predicts one class)");
        log.line(b.toString());
        return r;
    }

    /** Adam on (weighted) cross-entropy over a seeded subset of the training side, dropout on. */
    void trainCentral(Module net, int[] train, long seed) {
        Rng rng = Seeds.stream(seed, Seeds.FIT, 1000);
        int[] order = rng.permutation(train.length);
        int n = s.centralBeats() <= 0 ? train.length : Math.min(s.centralBeats(), train.length);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = train[order[i]];
        float[] w = s.classWeights() ? ClassWeights.inverseFrequency(data.classCounts(idx)) : null;
        Adam opt = new Adam(net.parameters(), s.lr(), 0.9f, 0.999f, 1e-8f);
        int len = data.windowLength(), b = s.batch();
        for (int epoch = 0; epoch < s.centralEpochs(); epoch++) {
            rng.shuffle(idx);
            for (int from = 0; from < n; from += b) {
                int m = Math.min(b, n - from);
                float[] xs = new float[m * len];
                int[] ys = new int[m];
                data.gather(idx, from, from + m, xs, ys);
                try (Arena a = Arena.open();
                        TrainingMode t = TrainingMode.on()) {
                    Tensor loss =
                            ClassWeights.crossEntropy(net.forward(Tensor.of(xs, m, 1, len)), Functional.labels(ys), w);
                    opt.step(Autograd.grad(loss, opt.parameters()));
                    if (!Float.isFinite(loss.item()))
                        throw new FederationException(
                                "central training loss became " + loss.item() + " at epoch " + (epoch + 1));
                }
            }
        }
    }

    public Settings settings() {
        return s;
    }
}
