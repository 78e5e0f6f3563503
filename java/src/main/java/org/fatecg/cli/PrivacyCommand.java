package org.fatecg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fatecg.attack.GradientInversion;
import org.fatecg.fl.Seeds;
import org.fatecg.fl.UpdateLeakage;
import org.fatecg.nn.Module;
import org.fatecg.report.PrivacyUtility;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fatecg privacy}: the privacy-utility picture. One {@code fatecg run} per noise level (no DP, then
 * central DP-FedAvg at each z), Non-FAT and FAT in each, with the membership attack after every round;
 * then DLG at batch 1 on each final model, with the run's clipping and noise on the gradient. Tables and
 * charts of clean and PGD accuracy, membership AUC and inversion error against epsilon
 * ({@link PrivacyUtility}).
 */
@Command(
        name = "privacy",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Non-FAT and FAT under DP-FedAvg at several noise levels (one fatecg run each, in --out/runs/): clean and PGD accuracy, "
                    + "membership inference AUC and gradient-inversion error against epsilon, as tables (privacy.md, privacy.csv) and PNGs."
        })
public final class PrivacyCommand implements Callable<Integer> {
    /** The runs of a preset: fatecg run's flags, the noise multipliers (0: no DP) and the clipping norm S. */
    enum Preset {
        /**
         * DP-FedAvg needs many clients per round (McMahan et al. 2018): the central noise on each weight of
         * the mean is z S / k. So quick cuts the training set into 1000 small hospitals (about 87 beats
         * each), samples k = 100 per round (q = 0.1), and each trains 2 epochs on 80 of its beats,
         * oversampled to balanced classes (else the few rounds learn only N), batch 16, Adam lr 3e-3; FAT
         * clients on PGD-1 (one 8/255 step), to keep the 8 runs in minutes. S = 3: the noise's standard deviation
         * is proportional to S, and with S = 10 (what the paper preset keeps; 200 clients, z = 1.5,
         * epsilon 7.2) the noise swamped the 410,021 weights of the paper CNN: macro F1 0.22, near the
         * 0.18 of a model that says N for every beat.
         */
        QUICK(
                List.of(
                        "--preset",
                        "quick",
                        "--clients",
                        "1000",
                        "--clients-per-round",
                        "100",
                        "--train-beats-per-client",
                        "80",
                        "--oversample",
                        "--epochs",
                        "2",
                        "--batch-size",
                        "16",
                        "--lr",
                        "3e-3",
                        "--rounds",
                        "10",
                        "--train-pgd-steps",
                        "1",
                        "--train-pgd-alpha",
                        "8/255",
                        "--attacks",
                        "clean,pgd",
                        "--eval-every",
                        "10",
                        "--test-beats",
                        "500",
                        "--membership-beats",
                        "500"),
                List.of(0.0, 1.0, 4.0),
                3.0),
        PAPER(
                List.of("--preset", "paper", "--attacks", "clean,pgd", "--membership-beats", "2000"),
                List.of(0.0, 0.001, 0.01, 0.1, 1.0),
                10.0);

        final List<String> runArgs;
        final List<Double> noises;
        /** S of every DP run. */
        final double clip;

        Preset(List<String> runArgs, List<Double> noises, double clip) {
            this.runArgs = runArgs;
            this.noises = noises;
            this.clip = clip;
        }
    }

    @Spec
    CommandSpec spec;

    @Option(
            names = "--preset",
            defaultValue = "quick",
            paramLabel = "NAME",
            description = "quick (1000 small clients, 100 per round, 10 rounds, S = 3, z = 0, 1, 4; 500 test beats) or "
                    + "paper (the paper's protocol, S = 10, z = 0, 0.001, 0.01, 0.1, 1) (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(
            names = "--noise",
            split = ",",
            paramLabel = "LIST",
            description = "Noise multipliers z instead of the preset's (0: no DP).")
    List<Double> noises;

    @Option(
            names = "--dp-clip",
            paramLabel = "S",
            description = "Clipping norm S of every DP run (preset: quick 3, paper 10).")
    Double clipOption;

    @Option(
            names = "--inversion-beats",
            defaultValue = "4",
            paramLabel = "K",
            description = "Beats inverted one at a time on each final model (default: ${DEFAULT-VALUE}).")
    int inversionBeats;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Output folder (the runs go to DIR/runs/).")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads, passed to every run.")
    Integer threads;

    @Mixin
    TestBeats.Options input;

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut();
        Preset p;
        try {
            p = Preset.valueOf(preset.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--preset: '" + preset + "', expected quick or paper");
        }
        List<Double> zs = noises != null ? noises : p.noises;
        for (double z : zs)
            if (!(z >= 0) || Double.isInfinite(z))
                throw new IllegalArgumentException("--noise: z must be >= 0, got " + z);
        double clip = clipOption != null ? clipOption : p.clip;
        if (!(clip > 0)) throw new IllegalArgumentException("--dp-clip must be positive, got " + clip);
        if (inversionBeats < 1)
            throw new IllegalArgumentException("--inversion-beats must be >= 1, got " + inversionBeats);
        long wall = System.nanoTime();
        Path dataDir = input.source
                .dataDir(spec.commandLine().getErr(), org.fatecg.data.MitBih.RECORDS)
                .toAbsolutePath();
        OutputFolder.create("--out", out);
        List<PrivacyUtility.Row> rows = new ArrayList<>();
        for (double z : zs) {
            Path dir = out.resolve("runs").resolve(z == 0 ? "nodp" : "z" + z);
            List<String> args = new ArrayList<>(List.of("run"));
            args.addAll(p.runArgs);
            args.addAll(List.of("--data", dataDir.toString(), "--out", dir.toString(), "--quiet"));
            if (threads != null) args.addAll(List.of("--threads", threads.toString()));
            if (z > 0)
                args.addAll(List.of(
                        "--dp", "central", "--dp-clip", Double.toString(clip), "--dp-noise", Double.toString(z)));
            log.println("privacy: fatecg " + String.join(" ", args));
            log.flush();
            int rc = Main.commandLine().execute(args.toArray(String[]::new));
            if (rc != 0)
                throw new IllegalStateException(
                        "the run for z = " + z + " failed (exit " + rc + "); its folder: " + dir);
            rows.addAll(PrivacyUtility.readRun(dir, z == 0 ? 0 : clip, z));
        }
        TestBeats beats = input.load(spec.commandLine().getErr()).first(inversionBeats);
        List<PrivacyUtility.Row> withInversion = new ArrayList<>();
        for (PrivacyUtility.Row r : rows) {
            Module net = ModelFiles.load(r.model());
            double mse = 0, corr = 0;
            int len = beats.length();
            for (int i = 0; i < inversionBeats; i++) {
                float[] x = java.util.Arrays.copyOfRange(beats.x(), i * len, (i + 1) * len);
                UpdateLeakage.Trial t = UpdateLeakage.invert(
                        net,
                        x,
                        new int[] {beats.y()[i]},
                        len,
                        r.clip(),
                        r.noise(),
                        GradientInversion.Settings.defaults(),
                        Seeds.stream(0, Seeds.DP_NOISE, i).nextLong());
                mse += t.meanMse() / inversionBeats;
                corr += t.meanCorrelation() / inversionBeats;
            }
            withInversion.add(r.withInversion(mse, corr));
        }
        String md = PrivacyUtility.write(
                out, withInversion, p.name().toLowerCase(Locale.ROOT), (System.nanoTime() - wall) / 1e9);
        log.println(md);
        log.println("wrote " + out.resolve("privacy.md") + ", privacy.csv and the PNGs in " + out);
        return 0;
    }
}
