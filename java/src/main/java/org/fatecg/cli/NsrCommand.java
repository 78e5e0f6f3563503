package org.fatecg.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.fatecg.data.BeatDataset;
import org.fatecg.data.BeatFormat;
import org.fatecg.data.ClientSplit;
import org.fatecg.data.MitBih;
import org.fatecg.data.Split;
import org.fatecg.data.SplitConfig;
import org.fatecg.data.WindowSettings;
import org.fatecg.eval.EpsilonSweep;
import org.fatecg.nn.Models;
import org.fatecg.report.NsrExperiment;
import org.fatecg.report.NsrReport;
import org.fatecg.report.Progress;
import org.fatecg.train.Objectives;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fatecg nsr}: Ma and Liang's comparison (2020): each method trained on each model, evaluated under
 * 20-/100-step PGD and SPSA over the noise levels, written as their Tables 1-12 and Figures 1-7 with the
 * published numbers beside ours. The work is in org.fatecg.train and org.fatecg.report.
 */
@Command(
        name = "nsr",
        mixinStandardHelpOptions = true,
        description =
                "Ma and Liang's noise-to-signal-ratio comparison: nine training methods x {MLP, residual CNN}, Tables 1-12 and Figures.")
public final class NsrCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    enum Preset {
        quick,
        paper
    }

    @Option(
            names = "--preset",
            defaultValue = "quick",
            paramLabel = "NAME",
            description =
                    "quick (minutes on 2 cores: 2 epochs of 6400 beats per class at lr 0.005, ce/loss2/adv0.1-pgd3, 20-PGD on 60 beats per class and a small SPSA) | paper (the published protocol) (default: ${DEFAULT-VALUE}).")
    Preset preset;

    @Option(
            names = "--models",
            split = ",",
            paramLabel = "LIST",
            description =
                    "Models, comma-separated: mlp, resnet, paper-cnn (preset: quick resnet,mlp; paper mlp,resnet).")
    List<String> models;

    @Option(
            names = "--methods",
            split = ",",
            paramLabel = "LIST",
            description =
                    "Training objectives (ce, mse, mse-margin, loss1, loss2, jacobian, adv<eps>, fat) (preset: quick ce,loss2,adv0.1-pgd3; paper the nine of the paper).")
    List<String> methods;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (preset: quick 2, paper 50).")
    Integer epochs;

    @Option(
            names = "--lr",
            paramLabel = "LR",
            description = "Adamax learning rate (preset: quick 0.005, paper 0.001, the paper's).")
    Float lr;

    @Option(
            names = "--train-per-class",
            paramLabel = "N",
            description =
                    "Training beats per class, oversampled (0: tile every class to the largest) (preset: quick 6400, paper 0).")
    Integer trainPerClass;

    @Option(
            names = "--test-per-class",
            paramLabel = "N",
            description =
                    "Balanced PGD test beats per class (0: tile to the largest class) (preset: quick 60, paper 0).")
    Integer testPerClass;

    @Option(
            names = "--pgd-steps",
            split = ",",
            paramLabel = "LIST",
            description = "PGD step counts (preset: quick 20, paper 20,100).")
    int[] pgdSteps;

    @Option(
            names = "--spsa-per-class",
            paramLabel = "N",
            description = "SPSA beats per class, 0 for no SPSA (preset: quick 2, paper 162).")
    Integer spsaPerClass;

    @Option(names = "--spsa-steps", paramLabel = "N", description = "SPSA iterations (preset: quick 10, paper 100).")
    Integer spsaSteps;

    @Option(
            names = "--spsa-samples",
            paramLabel = "N",
            description = "SPSA samples per gradient estimate (preset: quick 32, paper 2048).")
    Integer spsaSamples;

    @Option(
            names = "--natural-limit",
            paramLabel = "N",
            description = "Natural-stream test beats for clean accuracy, 0 for all (preset: quick 1000, paper 0).")
    Integer naturalLimit;

    @Option(
            names = "--seed",
            defaultValue = "0",
            paramLabel = "SEED",
            description = "Seed of split, initialisation, shuffling and attacks (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Output folder (reruns resume from its checkpoints).")
    Path out;

    /** The --beats help of nsr and robust-train. */
    static final String BEATS_HELP =
            "kachuee (Kachuee et al. 2018, as the paper's Kaggle set: 125 Hz, min-max over 10 s stretches, 1.2 median RR"
                    + " from each R peak zero-padded to 187 samples; lead 0 unless --lead) | windows (180 samples at 360 Hz"
                    + " around each R peak, min-max per window)";

    @Option(names = "--beats", paramLabel = "FORMAT", description = BEATS_HELP + " (preset: kachuee).")
    String beats;

    @Mixin
    DataCommand.Source source;

    @Mixin
    DeviceOptions device;

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        boolean quick = preset == Preset.quick;
        WindowSettings ws = beatSettings(spec, source, beats != null ? beats : "kachuee");
        NsrExperiment.Settings s = new NsrExperiment.Settings(
                models != null ? models : quick ? List.of("resnet", "mlp") : List.of("mlp", "resnet"),
                methods != null ? methods : quick ? List.of("ce", "loss2", "adv0.1-pgd3") : Objectives.PAPER_METHODS,
                pick(epochs, quick ? 2 : 50, "--epochs"),
                128,
                lr != null ? lr : quick ? 5e-3f : 1e-3f,
                seed,
                pick(trainPerClass, quick ? 6400 : 0, "--train-per-class"),
                pick(testPerClass, quick ? 60 : 0, "--test-per-class"),
                pick(naturalLimit, quick ? 1000 : 0, "--natural-limit"),
                pgdSteps != null ? pgdSteps : quick ? new int[] {20} : EpsilonSweep.SEED001_STEPS,
                EpsilonSweep.SEED001_EPS,
                pick(spsaPerClass, quick ? 2 : 162, "--spsa-per-class"),
                pick(spsaSteps, quick ? 10 : 100, "--spsa-steps"),
                pick(spsaSamples, quick ? 32 : 2048, "--spsa-samples"),
                ws);
        for (String m : s.models())
            if (!Models.NAMES.contains(m))
                throw new IllegalArgumentException("--models: unknown model '" + m + "'; expected " + Models.NAMES);
        for (String m : s.methods()) Objectives.check(m);
        if (!(s.lr() > 0) || !Float.isFinite(s.lr()))
            throw new IllegalArgumentException("--lr must be a positive number, got " + s.lr());
        for (int k : s.pgdSteps()) if (k < 1) throw new IllegalArgumentException("--pgd-steps: " + k + " must be >= 1");
        if (s.spsaPerClass() > 0 && (s.spsaSteps() < 1 || s.spsaSamples() < 1))
            throw new IllegalArgumentException("--spsa-steps and --spsa-samples must be >= 1");
        device.install(System.err);
        long start = System.nanoTime();
        NsrData data = NsrData.load(source, ws, seed, err);
        Files.createDirectories(out);
        List<NsrExperiment.Trained> results =
                NsrExperiment.run(s, data.ds(), data.split(), out, Progress.barsOn(System.err));
        double seconds = (System.nanoTime() - start) / 1e9;
        String command =
                "fatecg " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        NsrReport.write(out, results, s, command, data.origin(), seconds);
        log.printf("wrote %s (%.1f min)%n", out.resolve("report.md").toAbsolutePath(), seconds / 60);
        log.flush();
        return 0;
    }

    static int pick(Integer given, int preset, String option) {
        int v = given != null ? given : preset;
        if (v < 0) throw new IllegalArgumentException(option + " must be >= 0, got " + v);
        return v;
    }

    /**
     * The beats --beats names (kachuee or windows), with --lead when it was given on the command line and
     * the format's own lead otherwise (0 for Kachuee beats, 1 for windows).
     */
    static WindowSettings beatSettings(CommandSpec spec, DataCommand.Source source, String beats) {
        boolean leadGiven = spec.commandLine().getParseResult().hasMatchedOption("--lead");
        return source.settings(BeatFormat.parse(beats), leadGiven);
    }

    /** The MIT-BIH beats and the paper's random 80/20 split, for nsr and robust-train. */
    record NsrData(BeatDataset ds, Split split, String origin) {
        static NsrData load(DataCommand.Source source, WindowSettings ws, long seed, PrintWriter err)
                throws java.io.IOException {
            Path dir = source.dataDir(err, MitBih.RECORDS);
            BeatDataset ds = MitBih.load(dir, ws, source.windowCache(), notice -> err.println("note: " + notice));
            SplitConfig cfg = new SplitConfig(
                    SplitConfig.SplitKind.PAPER, 0.8, SplitConfig.PartitionKind.IID, 1, 0.5, false, seed);
            Split split = ClientSplit.of(ds, cfg).split();
            return new NsrData(
                    ds,
                    split,
                    "MIT-BIH " + dir + ", " + ws.format().cliName() + " beats of " + ws.length() + " samples, lead "
                            + ws.lead().spec() + ", random 80/20 split seed " + seed
                            + " (" + split.train().length + " train, " + split.test().length
                            + " test beats; class counts of test " + Arrays.toString(ds.classCounts(split.test()))
                            + ")");
        }
    }
}
