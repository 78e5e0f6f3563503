package org.fatecg.flower;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.attack.AttackSettings;
import org.fatecg.attack.Bim;
import org.fatecg.attack.Condition;
import org.fatecg.attack.CwL2;
import org.fatecg.attack.Fgsm;
import org.fatecg.attack.Pgd;
import org.fatecg.data.Aami;
import org.fatecg.data.BeatDataset;
import org.fatecg.eval.ConditionResult;
import org.fatecg.fl.AttackEvaluator;
import org.fatecg.fl.Client;
import org.fatecg.fl.EvaluateInstruction;
import org.fatecg.fl.EvaluateResult;
import org.fatecg.fl.FatClient;
import org.fatecg.fl.FederationListener;
import org.fatecg.fl.FitConfig;
import org.fatecg.fl.FitResult;
import org.fatecg.fl.LocalTrainer;
import org.fatecg.fl.PlainClient;
import org.fatecg.fl.RunConfig;
import org.fatecg.fl.Seeds;
import org.fatecg.fl.WeightLayout;
import org.fatecg.nn.Models;
import org.fatecg.nn.Module;

/**
 * What a fatecg SuperNode does with Flower's messages, on this site's beats: {@code train} is one
 * client's local training of the paper CNN from the received arrays (plain, or FAT against PGD when the
 * config says {@code fat = true}), exactly a simulated client's step for the same round and partition;
 * {@code evaluate} runs the received model on this site's test beats under the conditions asked for.
 * Settings the server's config does not give come from the node's own run settings.
 *
 * <p>Replies: train {@code {"arrays": same names, "metrics": {"num-examples", "train-loss"}}};
 * evaluate {@code {"metrics": {"num-examples", "accuracy-<cond>", "confusion-<cond>", "published-<cond>"}}}
 * where the confusion is the 5 x 5 counts (truth-major), so the server can sum exact dataset-level
 * metrics, and published is {sum of per-batch macro P, R, F1, batches}, which sums over nodes too.
 * Train metrics also carry {@code partition-id}, so the server's record says who trained.
 * No code from the Flower app is ever run here.
 */
public final class FatApp implements MessageHandler {
    private final BeatDataset data;
    private final int[] train, test;
    private final int client;
    private final long seed;
    private final FitConfig fitDefaults;
    private final RunConfig.Attacks attackDefaults;
    private final List<Condition> conditionDefaults;
    private final int evalBatch;
    private final Module model;
    private final WeightLayout layout;
    private final LocalTrainer trainer;

    /**
     * @param train  this site's training beats (indices into data)
     * @param test   this site's test beats
     * @param client the site's partition number, which names its random streams as in simulation
     */
    public FatApp(
            BeatDataset data,
            int[] train,
            int[] test,
            int client,
            long seed,
            FitConfig fit,
            RunConfig.Attacks attacks,
            List<Condition> conditions,
            int evalBatch) {
        this.data = data;
        this.train = train.clone();
        this.test = test.clone();
        this.client = client;
        this.seed = seed;
        this.fitDefaults = fit;
        this.attackDefaults = attacks;
        this.conditionDefaults = List.copyOf(conditions);
        this.evalBatch = evalBatch;
        this.model = Models.paperCnn(Seeds.stream(seed, Seeds.INIT));
        this.layout = new WeightLayout(model);
        this.trainer = new LocalTrainer(model);
    }

    public WeightLayout layout() {
        return layout;
    }

    /** The initial global model for this seed, as `fatecg run` draws it. */
    public static Map<String, Npy.Array> initialArrays(long seed) {
        Module m = Models.paperCnn(Seeds.stream(seed, Seeds.INIT));
        WeightLayout l = new WeightLayout(m);
        return toArrays(l, l.flatten(m));
    }

    @Override
    public Records handle(String messageType, Records content) throws Refusal {
        String kind = messageType.contains(".") ? messageType.substring(0, messageType.indexOf('.')) : messageType;
        ConfigValues cfg = new ConfigValues(content.get("config", Records.ConfigRecord.class));
        switch (kind) {
            case "train":
                return train(content, cfg);
            case "evaluate":
                return evaluate(content, cfg);
            default:
                throw new Refusal("this fatecg node answers train and evaluate messages, not '" + messageType + "'");
        }
    }

    private Records train(Records content, ConfigValues cfg) throws Refusal {
        if (train.length == 0) throw new Refusal("this node holds no training beats");
        float[] global = arrays(content);
        FitConfig fit = new FitConfig(
                cfg.integer("local-epochs", fitDefaults.epochs()),
                cfg.integer("batch-size", fitDefaults.batchSize()),
                cfg.bool("shuffle", fitDefaults.shuffle()),
                (float) cfg.real("lr", fitDefaults.lr()),
                fitDefaults.beta1(),
                fitDefaults.beta2(),
                fitDefaults.eps(),
                cfg.integer("max-examples", fitDefaults.maxExamples()));
        boolean fat = cfg.bool("fat", false);
        RunConfig.Attacks a = attacks(cfg);
        int round = cfg.integer("server-round", 1);
        Client c = fat
                ? new FatClient(client, data, train, trainer, a::trainingAttack)
                : new PlainClient(client, data, train, trainer);
        int federation = fat ? 1 : 0;
        FitResult r = c.fit(
                fat ? "FAT" : "Non-FAT",
                round,
                global,
                fit,
                Seeds.stream(seed, Seeds.FIT, federation, round, client),
                FederationListener.NONE);
        Map<String, Records.Record> out = new LinkedHashMap<>();
        out.put("arrays", new Records.ArrayRecord(toArrays(layout, r.weights())));
        out.put(
                "metrics",
                new Records.MetricRecord(Map.of(
                        "num-examples", (long) r.numExamples(), "train-loss", r.meanLoss(), "partition-id", (long)
                                client)));
        return new Records(orderedMetrics(out, "num-examples", "train-loss", "partition-id"));
    }

    private Records evaluate(Records content, ConfigValues cfg) throws Refusal {
        if (test.length == 0) throw new Refusal("this node holds no test beats");
        float[] global = arrays(content);
        List<Condition> conds;
        try {
            conds = cfg.has("attacks") ? Condition.parseList(cfg.string("attacks", "")) : conditionDefaults;
        } catch (IllegalArgumentException e) {
            throw new Refusal("config 'attacks': " + e.getMessage());
        }
        int round = cfg.integer("server-round", 0);
        AttackEvaluator ev =
                new AttackEvaluator(data, test, attacks(cfg), cfg.integer("eval-batch-size", evalBatch), seed, null);
        layout.load(model, global);
        EvaluateResult res =
                ev.evaluate(model, new EvaluateInstruction(conds), "Flower", round, FederationListener.NONE);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("num-examples", (long) res.numExamples());
        for (Map.Entry<Condition, ConditionResult> e : res.results().entrySet()) {
            ConditionResult cr = e.getValue();
            m.put("accuracy-" + e.getKey().key(), cr.confusion().accuracy());
            long[] counts = new long[Aami.COUNT * Aami.COUNT];
            long[][] cm = cr.confusion().toArray();
            for (int t = 0; t < Aami.COUNT; t++) System.arraycopy(cm[t], 0, counts, t * Aami.COUNT, Aami.COUNT);
            m.put("confusion-" + e.getKey().key(), counts);
            // the as-published batch means are additive as sums: the server sums these over nodes
            var p = cr.asPublished();
            long b = p.batches();
            m.put("published-" + e.getKey().key(), new double[] {p.precision() * b, p.recall() * b, p.f1() * b, b});
        }
        return new Records(Map.of("metrics", new Records.MetricRecord(m)));
    }

    /** The node's attack settings with the server config's overrides (keys as in the Flower app's run config). */
    private RunConfig.Attacks attacks(ConfigValues c) throws Refusal {
        Pgd.Settings tp = attackDefaults.training();
        AttackSettings d = attackDefaults.tests();
        try {
            return attacks(c, tp, d);
        } catch (IllegalArgumentException e) {
            throw new Refusal("config attack settings: " + e.getMessage());
        }
    }

    private static RunConfig.Attacks attacks(ConfigValues c, Pgd.Settings tp, AttackSettings d) throws Refusal {
        Pgd.Settings training = new Pgd.Settings(
                (float) c.real("train-pgd-eps", tp.eps()),
                (float) c.real("train-pgd-alpha", tp.alpha()),
                c.integer("train-pgd-steps", tp.steps()),
                tp.randomStart());
        AttackSettings tests = d.withPgd(new Pgd.Settings(
                        (float) c.real("pgd-eps", d.pgd().eps()),
                        (float) c.real("pgd-alpha", d.pgd().alpha()),
                        c.integer("pgd-steps", d.pgd().steps()),
                        d.pgd().randomStart()))
                .withFgsm(new Fgsm.Settings((float) c.real("fgsm-eps", d.fgsm().eps())))
                .withCw(new CwL2.Settings(
                        (float) c.real("cw-c", d.cw().c()),
                        (float) c.real("cw-kappa", d.cw().kappa()),
                        c.integer("cw-steps", d.cw().steps()),
                        (float) c.real("cw-lr", d.cw().lr())))
                .withBim(new Bim.Settings(
                        (float) c.real("bim-eps", d.bim().eps()),
                        (float) c.real("bim-alpha", d.bim().alpha()),
                        c.integer("bim-steps", d.bim().steps())));
        return new RunConfig.Attacks(training, tests);
    }

    /** The model in the message: one ArrayRecord whose arrays are the paper CNN's, float32, finite. */
    float[] arrays(Records content) throws Refusal {
        Records.ArrayRecord rec = content.get("arrays", Records.ArrayRecord.class);
        if (rec == null)
            for (Records.Record r : content.items().values()) if (r instanceof Records.ArrayRecord a) rec = a;
        if (rec == null) throw new Refusal("the message holds no ArrayRecord (the model)");
        if (!rec.arrays().keySet().equals(new java.util.HashSet<>(layout.names())))
            throw new Refusal("the arrays " + rec.arrays().keySet() + " are not the paper CNN's " + layout.names());
        float[] flat = new float[layout.size()];
        int off = 0;
        for (int i = 0; i < layout.count(); i++) {
            String name = layout.name(i);
            Npy.Array a = rec.arrays().get(name);
            if (!a.dtype().equals("float32"))
                throw new Refusal("array '" + name + "' is " + a.dtype() + ", the model is float32");
            if (!java.util.Arrays.equals(a.shape(), layout.shape(i)))
                throw new Refusal("array '" + name + "' has shape " + java.util.Arrays.toString(a.shape())
                        + ", the model's is " + java.util.Arrays.toString(layout.shape(i)));
            float[] v = a.floats();
            System.arraycopy(v, 0, flat, off, v.length);
            off += v.length;
        }
        String bad = layout.firstNonFinite(flat);
        if (bad != null) throw new Refusal("the received model is unusable: " + bad);
        return flat;
    }

    public static Map<String, Npy.Array> toArrays(WeightLayout layout, float[] flat) {
        Map<String, Npy.Array> out = new LinkedHashMap<>();
        int off = 0;
        for (int i = 0; i < layout.count(); i++) {
            int[] shape = layout.shape(i);
            int n = 1;
            for (int d : shape) n *= d;
            out.put(layout.name(i), Npy.Array.ofFloats(shape, java.util.Arrays.copyOfRange(flat, off, off + n)));
            off += n;
        }
        return out;
    }

    /** Map.of has no order; the train metrics are written num-examples first, as Flower's own apps do. */
    private static Map<String, Records.Record> orderedMetrics(Map<String, Records.Record> out, String... keys) {
        Records.MetricRecord m = (Records.MetricRecord) out.get("metrics");
        Map<String, Object> v = new LinkedHashMap<>();
        for (String k : keys) v.put(k, m.values().get(k));
        out.put("metrics", new Records.MetricRecord(v));
        return out;
    }
}
