package org.fatecg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fatecg.attack.GradientInversion;
import org.fatecg.fl.Seeds;
import org.fatecg.fl.UpdateLeakage;
import org.fatecg.io.AtomicFiles;
import org.fatecg.io.Csv;
import org.fatecg.report.LeakFigures;
import org.fatecg.report.MarkdownTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fatecg leak}: what a hospital's update gives away. For each model (the global model of round 0
 * and a trained one), each batch size and each DP setting, the gradient of B real beats is inverted
 * (DLG with iDLG labels, {@link UpdateLeakage}); leak.csv scores every beat, leak.md sums up per setting,
 * and one PNG per model and DP setting draws reconstructions over the true beats.
 */
@Command(
        name = "leak",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Gradient inversion (DLG, Zhu et al. 2019, with iDLG labels, Zhao et al. 2020) of one client's gradient on B beats: "
                    + "reconstruction error, correlation and share of beats recovered per batch size, for the model at round 0 and a trained one, "
                    + "without and with DP clipping and noise; PNGs of true against reconstructed beats."
        })
public final class LeakCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--model",
            paramLabel = "FILE",
            description = "The trained model (.safetensors, e.g. a run's models/*.safetensors); "
                    + "without it the round-0 model is trained here for --train-steps steps.")
    Path model;

    @Option(
            names = "--train-steps",
            defaultValue = "300",
            paramLabel = "N",
            description =
                    "Adam steps (batch 32, lr 1e-3) that make the trained model when --model is not given (default: ${DEFAULT-VALUE}).")
    int trainSteps;

    @Option(
            names = "--batches",
            split = ",",
            defaultValue = "1,4,16,64",
            paramLabel = "LIST",
            description = "Batch sizes B whose gradient is inverted (default: ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(
            names = "--dp-clip",
            defaultValue = "1.0",
            paramLabel = "S",
            description = "L2 clipping norm S of the gradient in the DP settings (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(
            names = "--dp-noise",
            split = ",",
            defaultValue = "0.0001,0.001,0.01",
            paramLabel = "LIST",
            description =
                    "Noise multipliers z of the DP settings (noise z S per coordinate); the no-DP setting is always run (default: ${DEFAULT-VALUE}).")
    List<Double> noises;

    @Option(
            names = "--steps",
            defaultValue = "300",
            paramLabel = "N",
            description = "Inversion steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(
            names = "--lr",
            defaultValue = "0.05",
            paramLabel = "X",
            description = "Adam learning rate of the inversion (default: ${DEFAULT-VALUE}).")
    float lr;

    @Option(
            names = "--distance",
            defaultValue = "cosine",
            paramLabel = "D",
            description = "Gradient distance: cosine (Geiping et al. 2020) or l2 (DLG) (default: ${DEFAULT-VALUE}).")
    String distance;

    @Option(
            names = "--seed",
            defaultValue = "0",
            paramLabel = "SEED",
            description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Mixin
    DeviceOptions device;

    @Mixin
    TestBeats.Options input;

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut();
        for (int b : batches)
            if (b < 1) throw new IllegalArgumentException("--batches: batch size must be >= 1, got " + b);
        if (!(clip > 0)) throw new IllegalArgumentException("--dp-clip must be positive, got " + clip);
        for (double z : noises)
            if (!(z >= 0)) throw new IllegalArgumentException("--dp-noise: z must be >= 0, got " + z);
        if (trainSteps < 0) throw new IllegalArgumentException("--train-steps must be >= 0, got " + trainSteps);
        GradientInversion.Distance dist = switch (distance.trim().toLowerCase(Locale.ROOT)) {
            case "cosine" -> GradientInversion.Distance.COSINE;
            case "l2" -> GradientInversion.Distance.L2;
            default -> throw new IllegalArgumentException("--distance: '" + distance + "', expected cosine or l2");
        };
        GradientInversion.Settings settings = new GradientInversion.Settings(steps, lr, dist);
        device.install(System.err);
        TestBeats beats = model != null
                ? input.loadFor(spec, List.of(ModelFiles.beatsOf(model, ModelFiles.load(model))))
                : input.load(spec.commandLine().getErr());
        int maxBatch = batches.stream().mapToInt(Integer::intValue).max().orElse(1);
        LeakSetup setup = LeakSetup.of(beats, maxBatch, model, trainSteps, seed, log);
        List<double[]> dp = new ArrayList<>();
        dp.add(new double[] {0, 0});
        for (double z : noises) dp.add(new double[] {clip, z});

        OutputFolder.create("--out", out);
        Csv csv = new Csv("model", "batch", "clip", "noise", "beat", "label", "mse", "correlation", "recovered");
        MarkdownTable table = new MarkdownTable(
                        "model", "batch", "DP", "labels right", "mean MSE", "mean correlation", "recovered")
                .decimals(4);
        List<Map<String, Object>> json = new ArrayList<>();
        for (LeakSetup.Model m : setup.models()) {
            for (double[] d : dp) {
                List<UpdateLeakage.Trial> trials = new ArrayList<>();
                for (int b : batches) {
                    long t0 = System.nanoTime();
                    UpdateLeakage.Trial t = UpdateLeakage.invert(
                            m.net(),
                            setup.x(b),
                            setup.y(b),
                            beats.length(),
                            d[0],
                            d[1],
                            settings,
                            Seeds.stream(seed, Seeds.DP_NOISE, b).nextLong());
                    trials.add(t);
                    String dpTitle = dpTitle(d);
                    for (int i = 0; i < t.beats().size(); i++) {
                        UpdateLeakage.Beat s = t.beats().get(i);
                        csv.row(
                                m.name(),
                                b,
                                d[0],
                                d[1],
                                i,
                                TestBeats.CLASS_NAMES[s.label()],
                                s.mse(),
                                s.correlation(),
                                s.recovered());
                    }
                    String labelsRight =
                            java.util.Arrays.equals(sorted(t.labels()), t.recoveredLabels()) ? "yes" : "no";
                    table.row(m.name(), b, dpTitle, labelsRight, t.meanMse(), t.meanCorrelation(), t.recoveredShare());
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("model", m.name());
                    row.put("batch", b);
                    row.put("clip", d[0]);
                    row.put("noise", d[1]);
                    row.put("labels_right", labelsRight.equals("yes"));
                    row.put("mean_mse", t.meanMse());
                    row.put("mean_correlation", t.meanCorrelation());
                    row.put("recovered_share", t.recoveredShare());
                    json.add(row);
                    log.printf(
                            Locale.ROOT,
                            "%-8s B=%-3d %-18s mse %.4f  corr %.3f  recovered %3.0f%%  (%.1f s)%n",
                            m.name(),
                            b,
                            dpTitle,
                            t.meanMse(),
                            t.meanCorrelation(),
                            100 * t.recoveredShare(),
                            (System.nanoTime() - t0) / 1e9);
                    log.flush();
                }
                LeakFigures.write(
                        out.resolve(
                                "leak-" + m.name() + "-" + (d[1] == 0 && d[0] == 0 ? "nodp" : "dp-z" + d[1]) + ".png"),
                        "DLG on " + m.name() + " model, " + dpTitle(d)
                                + " (grey: true beat; line: reconstruction; band: |error|)",
                        trials,
                        4);
            }
        }
        csv.write(out.resolve("leak.csv"));
        org.fatecg.io.Json.write(
                out.resolve("leak.json"), Map.of("beats", beats.origin(), "models", setup.describe(), "trials", json));
        String md = "# Gradient inversion (DLG with iDLG labels)\n\nBeats: " + beats.origin() + ". Models: "
                + setup.describe()
                + ". A beat is recovered when its reconstruction correlates with it at " + UpdateLeakage.RECOGNISED
                + " or more. DP: the gradient clipped to L2 norm S, then Gaussian noise z S per coordinate.\n\n" + table
                + "\n";
        AtomicFiles.writeString(out.resolve("leak.md"), md);
        log.println("wrote " + out.resolve("leak.md") + ", leak.csv, leak.json and the PNGs");
        return 0;
    }

    private static String dpTitle(double[] d) {
        return d[0] == 0 ? "no DP" : "S=" + d[0] + ", z=" + d[1];
    }

    private static int[] sorted(int[] a) {
        int[] c = a.clone();
        java.util.Arrays.sort(c);
        return c;
    }
}
