package org.fatecg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fatecg.attack.Attack;
import org.fatecg.attack.Bim;
import org.fatecg.attack.CwL2;
import org.fatecg.attack.Fgsm;
import org.fatecg.attack.Pgd;
import org.fatecg.backend.Backend;
import org.fatecg.backend.ProfileRecording;
import org.fatecg.backend.Profiler;
import org.fatecg.fl.LocalTrainer;
import org.fatecg.nn.Layers;
import org.fatecg.optim.Adam;
import org.fatecg.report.ProfileReport;
import org.fatecg.report.ProfileSummary;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Grad;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fatecg profile}: runs one kind of step of the paper CNN on random beats (after a warm-up), with
 * the {@link Profiler} recording every kernel, then prints where the time went per primitive and kernel
 * and per phase, against the GEMM peak and memory bandwidth measured here, and writes the tables, a
 * Chrome trace and a bar chart of the top kernels ({@link ProfileReport}).
 */
@Command(
        name = "profile",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        description = {
            "Profile one step of the paper CNN per kernel and per phase: calls, time, share, FLOPs, GFLOP/s, "
                    + "bytes and GB/s, beside this machine's GEMM peak; writes profile.md, trace.json (Perfetto, chrome://tracing) "
                    + "and top-ops.png to --out."
        },
        footer = {
            "",
            "Examples:",
            "  ./fatecg profile --op fat --batch 64      a FAT step: PGD-20 on 64 beats, one Adam step on 128",
            "  ./fatecg profile --op pgd --steps 5 --out prof/pgd"
        })
public final class ProfileCommand implements Callable<Integer> {
    /** The steps that can be profiled, each on a batch of B random beats with the paper's settings. */
    enum Op {
        /** One forward pass, no graph. */
        FORWARD,
        /** One Adam step on CE(f(x), y). */
        TRAIN,
        /** PGD-20, eps 8/255, alpha 1/255, random start. */
        PGD,
        /** PGD-20 on B beats, then one Adam step on [x_adv ; x] (2B beats). */
        FAT,
        FGSM,
        /** BIM-10, alpha 2/255. */
        BIM,
        /** CW-L2, 50 steps, c 1, Adam lr 0.01 (stops early when its cost rises). */
        CW
    }

    @Spec
    CommandSpec spec;

    @Option(
            names = "--op",
            paramLabel = "OP",
            defaultValue = "fat",
            description = "The step: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Op op;

    @Option(
            names = "--batch",
            paramLabel = "N",
            defaultValue = "64",
            description = "Beats per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--steps",
            paramLabel = "N",
            defaultValue = "3",
            description = "Profiled steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            defaultValue = "3",
            description = "Unprofiled steps first, for the JIT (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Mixin
    DeviceOptions device;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description =
                    "Folder for profile.md, trace.json, top-ops.png (default: runs/profile-<op>-b<batch>-<time>).")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (batch < 1) throw new IllegalArgumentException("--batch must be >= 1, got " + batch);
        if (steps < 1) throw new IllegalArgumentException("--steps must be >= 1, got " + steps);
        if (warmup < 0) throw new IllegalArgumentException("--warmup must be >= 0, got " + warmup);
        PrintWriter o = spec.commandLine().getOut();
        Backend backend = device.install(System.err);
        String name = op.name().toLowerCase(Locale.ROOT);
        Path dir = out != null
                ? out
                : Path.of(
                        "runs",
                        "profile-" + name + "-b" + batch + "-"
                                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        ProfileSummary.Roofs roofs = Roofs.measure(backend);
        Runnable step = step(op, batch);
        for (int i = 0; i < warmup; i++) step.run();
        Profiler.start();
        ProfileRecording rec;
        try {
            for (int i = 0; i < steps; i++) {
                try (Profiler.Phase p = Profiler.phase(name)) {
                    step.run();
                }
            }
        } finally {
            rec = Profiler.stop();
        }
        String title = name + " step, batch " + batch + ", " + backend.name() + " " + backend.threads() + " threads";
        String md = ProfileReport.write(dir, new ProfileSummary(rec, roofs, name + " step", steps), title);
        o.println(md);
        o.println("wrote " + dir.resolve(ProfileReport.TABLES) + ", " + dir.resolve(ProfileReport.TRACE)
                + " (open in https://ui.perfetto.dev" + " or chrome://tracing), " + dir.resolve(ProfileReport.CHART));
        o.flush();
        return 0;
    }

    /** The step to profile, on the batch fatecg bench times ({@link PaperBatch}). */
    static Runnable step(Op op, int batch) {
        PaperBatch data = PaperBatch.random(batch);
        Layers.Sequential net = data.net();
        Tensor x = data.x(), y = data.y();
        Adam adam = data.adam();
        Rng starts = new Rng(3);
        return switch (op) {
            case FORWARD ->
                () -> {
                    try (Arena a = Arena.open();
                            Grad g = Grad.off()) {
                        net.forward(x).toArray();
                    }
                };
            case TRAIN -> () -> LocalTrainer.step(net, adam, x, y, null);
            case FAT -> () -> LocalTrainer.step(net, adam, x, y, Pgd.paper(starts));
            case PGD -> attack(Pgd.paper(starts), net, x, y);
            case FGSM -> attack(Fgsm.paper(), net, x, y);
            case BIM -> attack(Bim.paper(), net, x, y);
            case CW -> attack(CwL2.paper(), net, x, y);
        };
    }

    private static Runnable attack(Attack attack, Layers.Sequential net, Tensor x, Tensor y) {
        return () -> {
            try (Arena a = Arena.open()) {
                attack.perturb(net, x, y).toArray();
            }
        };
    }
}
