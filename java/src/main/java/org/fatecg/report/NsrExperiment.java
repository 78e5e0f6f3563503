package org.fatecg.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import org.fatecg.attack.Attack;
import org.fatecg.attack.PgdFreeze;
import org.fatecg.attack.Spsa;
import org.fatecg.data.BalancedSample;
import org.fatecg.data.BeatDataset;
import org.fatecg.data.Split;
import org.fatecg.data.WindowSettings;
import org.fatecg.eval.EpsilonSweep;
import org.fatecg.eval.Metrics;
import org.fatecg.eval.RobustEvaluator;
import org.fatecg.io.ProgressMeter;
import org.fatecg.nn.Models;
import org.fatecg.nn.Module;
import org.fatecg.tensor.Rng;
import org.fatecg.train.Objectives;
import org.fatecg.train.RobustTrainer;

/**
 * Ma and Liang's comparison (2020, section 3 and appendices B-D): every method trained on every model
 * ({@link RobustTrainer}), then evaluated on a class-balanced test stream under K-PGD with samples frozen
 * once misclassified (K = 20 and 100, step 0.01, random start and Adamax steps as the authors' code:
 * {@link PgdFreeze#published}) and under SPSA on a smaller balanced stream (the paper:
 * the first 162 beats per class), at each noise level; accuracy and macro precision per point, plus the
 * clean accuracy on the natural (unbalanced) test stream. Models and checkpoints go to outDir/models, so
 * an interrupted experiment resumes where it stopped. It lives in report, above both train and eval,
 * because it joins the two (peers that do not know each other).
 */
public final class NsrExperiment {
    /**
     * @param trainPerClass beats per class of the oversampled training stream (0: every class tiled to the largest)
     * @param testPerClass  beats per class of the balanced PGD test stream (0: tiled to the largest class)
     * @param naturalLimit  beats of the natural test stream for clean accuracy (0: all)
     * @param beats         how the beats were cut (recorded in every checkpoint, said in the report)
     */
    public record Settings(
            List<String> models,
            List<String> methods,
            int epochs,
            int batch,
            float lr,
            long seed,
            int trainPerClass,
            int testPerClass,
            int naturalLimit,
            int[] pgdSteps,
            float[] eps,
            int spsaPerClass,
            int spsaSteps,
            int spsaSamples,
            WindowSettings beats) {}

    /** Accuracy and macro precision against noise for one (model, method, attack). */
    public record Curve(
            String model, String method, String attack, float[] eps, double[] accuracy, double[] precision) {}

    /** One trained (model, method): its curves, training history and natural-stream clean metrics. */
    public record Trained(
            String model,
            String method,
            RobustTrainer.History history,
            double naturalAccuracy,
            double naturalPrecision,
            List<Curve> curves,
            double evalSeconds) {}

    private NsrExperiment() {}

    public static List<Trained> run(Settings s, BeatDataset ds, Split split, Path outDir, ProgressMeter.Opener progress)
            throws IOException {
        int[] train = BalancedSample.perClass(
                ds,
                split.train(),
                s.trainPerClass() > 0 ? s.trainPerClass() : BalancedSample.largestClass(ds, split.train()));
        int[] test = split.test();
        int[] balanced = BalancedSample.perClass(
                ds, test, s.testPerClass() > 0 ? s.testPerClass() : BalancedSample.largestClass(ds, test));
        int[] spsa = s.spsaPerClass() > 0 ? BalancedSample.perClass(ds, test, s.spsaPerClass()) : new int[0];
        int[] natural = s.naturalLimit() > 0 && s.naturalLimit() < test.length
                ? java.util.Arrays.copyOf(test, s.naturalLimit())
                : test;
        List<Trained> out = new ArrayList<>();
        for (String model : s.models())
            for (String method : s.methods()) {
                Module net = Models.byName(
                        model, new Rng(s.seed()).fork(7), ds.windowLength(), !Objectives.needsBiasFree(method));
                RobustTrainer.Settings ts = new RobustTrainer.Settings(
                        model, method, s.epochs(), s.batch(), s.lr(), s.seed(), null, s.beats());
                String slug = model + "-" + method;
                RobustTrainer.History h = RobustTrainer.train(
                        net,
                        ts,
                        ds,
                        train,
                        outDir.resolve("models").resolve(slug + ".checkpoint.safetensors"),
                        progress);
                RobustTrainer.writeModel(outDir.resolve("models").resolve(slug + ".safetensors"), net, ts);
                out.add(evaluate(net, model, method, h, s, ds, balanced, spsa, natural, progress));
            }
        return out;
    }

    static Trained evaluate(
            Module net,
            String model,
            String method,
            RobustTrainer.History h,
            Settings s,
            BeatDataset ds,
            int[] balanced,
            int[] spsa,
            int[] natural,
            ProgressMeter.Opener progress) {
        long start = System.nanoTime();
        RobustEvaluator ev = new RobustEvaluator(s.batch(), Models.CLASSES, progress);
        int len = ds.windowLength();
        BeatDataset bal = ds.subset(balanced), nat = ds.subset(natural);
        Metrics clean = ev.evaluate(net, nat.windows(), nat.labels(), len, List.of(RobustEvaluator.Labelled.clean()))
                .get(0)
                .metrics();
        List<Curve> curves = new ArrayList<>();
        Rng starts = new Rng(s.seed()).fork(98);
        for (int steps : s.pgdSteps())
            curves.add(curve(
                    model,
                    method,
                    steps + "-PGD",
                    ev,
                    net,
                    bal,
                    s.eps(),
                    e -> PgdFreeze.published((float) e, steps, starts.fork(steps * 100_000L + (long) (e * 1e4)))));
        if (spsa.length > 0) {
            BeatDataset sp = ds.subset(spsa);
            Rng rng = new Rng(s.seed()).fork(99);
            curves.add(curve(
                    model,
                    method,
                    "SPSA",
                    ev,
                    net,
                    sp,
                    s.eps(),
                    e -> new Spsa(
                            (float) e,
                            s.spsaSteps(),
                            s.spsaSamples(),
                            Spsa.SEED001_DELTA,
                            Spsa.SEED001_LR,
                            Spsa.DEFAULT_ROWS_PER_FORWARD,
                            rng.fork((long) (e * 1e4)))));
        }
        return new Trained(
                model, method, h, clean.accuracy(), clean.macroPrecision(), curves, (System.nanoTime() - start) / 1e9);
    }

    private static Curve curve(
            String model,
            String method,
            String attack,
            RobustEvaluator ev,
            Module net,
            BeatDataset d,
            float[] eps,
            DoubleFunction<Attack> family) {
        // eps 0 is the clean input (no attack can move a point inside a ball of radius 0)
        List<EpsilonSweep.Point> pts = EpsilonSweep.run(
                ev, net, d.windows(), d.labels(), d.windowLength(), attack, e -> e == 0 ? null : family.apply(e), eps);
        double[] acc = new double[eps.length], prec = new double[eps.length];
        for (int i = 0; i < eps.length; i++) {
            acc[i] = pts.get(i).outcome().metrics().accuracy();
            prec[i] = pts.get(i).outcome().metrics().macroPrecision();
        }
        return new Curve(model, method, attack, eps.clone(), acc, prec);
    }
}
