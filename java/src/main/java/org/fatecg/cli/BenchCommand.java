package org.fatecg.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fatecg.attack.Attack;
import org.fatecg.attack.Bim;
import org.fatecg.attack.CwL2;
import org.fatecg.attack.Fgsm;
import org.fatecg.attack.Pgd;
import org.fatecg.backend.Backend;
import org.fatecg.backend.Parallel;
import org.fatecg.backend.cpu.GemmEjml;
import org.fatecg.backend.cpu.GemmVector;
import org.fatecg.fl.LocalTrainer;
import org.fatecg.io.AtomicFiles;
import org.fatecg.nn.Layers;
import org.fatecg.nn.Models;
import org.fatecg.optim.Adam;
import org.fatecg.report.MarkdownTable;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Grad;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Quick throughput figures (the JMH module in bench/ has the careful ones): GEMM GFLOP/s of the fast path
 * and of EJML at the CNN's two heaviest shapes, then, for the paper CNN at each batch size, samples per
 * second for forward, train step, each attack, and the FAT step (PGD-20 on B beats, then one Adam step on
 * the 2B concatenation), with the FAT step's effective FLOP rate against the measured GEMM peak.
 * Each figure is the best of several timed rounds after a warm-up, so that a busy machine shows less.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Measure GEMM, forward, train-step, attack and FAT-step throughput on this machine.")
public final class BenchCommand implements Callable<Integer> {
    @Option(
            names = "--batch",
            split = ",",
            paramLabel = "B",
            description = "Batch sizes (default: ${DEFAULT-VALUE}).",
            defaultValue = "32,64,128")
    List<Integer> batches;

    @Option(
            names = "--seconds",
            paramLabel = "S",
            description = "Timed seconds per figure (default: ${DEFAULT-VALUE}).",
            defaultValue = "3")
    double seconds;

    // Named by its negative form: picocli sets a negatable option to the opposite of its default when the
    // option is given and to the default when its negation is, so "--attacks" with default true meant off.
    @Option(
            names = "--no-attacks",
            negatable = true,
            description = "Skip (--no-attacks) or time (--attacks, the default) FGSM, BIM-10 and CW-50.")
    boolean attacks = true;

    @Option(
            names = "--no-objectives",
            negatable = true,
            description =
                    "Skip (--no-objectives) or time (--objectives, the default) Ma and Liang's training objectives (loss2, jacobian) against a CE step at batch 128.")
    boolean objectives = true;

    @Mixin
    DeviceOptions device;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the tables as Markdown to this file.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (seconds <= 0) throw new IllegalArgumentException("--seconds must be positive, got " + seconds);
        for (int b : batches) if (b < 1) throw new IllegalArgumentException("--batch sizes must be positive, got " + b);
        if (out != null && out.toAbsolutePath().getParent() != null)
            OutputFolder.create("--out", out.toAbsolutePath().getParent());
        Backend backend = device.install(System.err);
        int t = backend.threads();
        StringBuilder md = new StringBuilder();
        md.append(String.format(
                Locale.ROOT,
                "machine: %s, %d cores; backend %s, %d threads; Java %s%n%n",
                System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                backend.name(),
                backend.threads(),
                System.getProperty("java.version")));

        double peak = gemmTable(md, t);
        modelTable(md, peak);
        if (objectives) ObjectiveBench.table(md, seconds);
        System.out.print(md);
        if (out != null) AtomicFiles.writeString(out, md.toString());
        return 0;
    }

    /** GEMM M x K x N at fc1 (64x1408x256) and conv4-as-GEMM (1408x192x128); returns the best fast rate. */
    private double gemmTable(StringBuilder md, int t) {
        MarkdownTable table = new MarkdownTable("GEMM M x K x N", "fast (GFLOP/s)", "EJML (GFLOP/s)", "fast / EJML")
                .align(
                        MarkdownTable.Align.LEFT,
                        MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT)
                .decimals(1);
        Parallel par = new Parallel(t);
        double peak = 0;
        for (int[] s : new int[][] {{64, 1408, 256}, {1408, 192, 128}}) {
            int m = s[0], k = s[1], n = s[2];
            float[] a = random(m * k, 1), b = random(k * n, 2), c = new float[m * n];
            double flops = 2.0 * m * n * k;
            double fast = flops / best(() -> GemmVector.gemm(par, c, a, b, false, false, m, n, k, 1f, 0f)) / 1e9;
            double ejml = flops / best(() -> GemmEjml.gemm(c, a, b, false, false, m, n, k, 1f, 0f)) / 1e9;
            peak = Math.max(peak, fast);
            table.row(m + "x" + k + "x" + n, fast, ejml, fast / ejml);
        }
        md.append(table).append('\n');
        return peak;
    }

    private void modelTable(StringBuilder md, double gemmPeak) {
        List<String> header = new ArrayList<>(List.of("batch", "forward", "train step", "PGD-20", "FAT step"));
        if (attacks) header.addAll(List.of("FGSM", "BIM-10", "CW-50 (steps run)"));
        header.add("FAT GFLOP/s (of GEMM peak)");
        MarkdownTable table = new MarkdownTable(header.toArray(new String[0])).decimals(0);
        double flopsPerSample = forwardFlops();
        for (int batch : batches) {
            PaperBatch data = PaperBatch.random(batch);
            Layers.Sequential net = data.net();
            Tensor x = data.x(), y = data.y();
            Adam adam = data.adam();
            Pgd pgd = Pgd.paper(new Rng(3));
            double fwd = batch
                    / best(() -> {
                        try (Arena a = Arena.open();
                                Grad g = Grad.off()) {
                            net.forward(x);
                        }
                    });
            double train = batch / best(() -> LocalTrainer.step(net, adam, x, y, null));
            double pgdRate = batch / best(() -> timeAttack(pgd, net, x, y));
            double fatSeconds = best(() -> LocalTrainer.step(net, adam, x, y, pgd));
            List<Object> row = new ArrayList<>(List.of(batch, fwd, train, pgdRate, batch / fatSeconds));
            if (attacks) {
                row.add(batch / best(() -> timeAttack(Fgsm.paper(), net, x, y)));
                row.add(batch / best(() -> timeAttack(Bim.paper(), net, x, y)));
                // CW stops early when its cost rises; on an untrained model that happens within a few
                // steps, so the steps it ran are shown (JMH's AttackBench uses trained weights).
                int[] cwSteps = new int[1];
                CwL2 cw = CwL2.paper();
                double cwRate = batch
                        / best(() -> {
                            try (Arena a = Arena.open()) {
                                cwSteps[0] = cw.attack(net, x, y, false).stepsRun();
                            }
                        });
                row.add(String.format(Locale.ROOT, "%.0f (%d)", cwRate, cwSteps[0]));
            }
            // FAT step = 20 x (forward + input gradient) on B, plus forward and both gradients on 2B.
            double fatFlops = batch * flopsPerSample * (20 * 2 + 2 * 3);
            double rate = fatFlops / fatSeconds / 1e9;
            row.add(String.format(Locale.ROOT, "%.1f (%.0f%%)", rate, 100 * rate / gemmPeak));
            table.row(row.toArray());
        }
        md.append("Samples per second (attacks: adversarial examples per second), paper CNN (")
                .append(String.format(Locale.ROOT, "%.2f MFLOP per forward sample", flopsPerSample / 1e6))
                .append(")\n\n")
                .append(table)
                .append('\n');
    }

    private static void timeAttack(Attack attack, Layers.Sequential net, Tensor x, Tensor y) {
        try (Arena a = Arena.open()) {
            attack.perturb(net, x, y);
        }
    }

    /** FLOPs of one forward pass of the paper CNN on one beat: 2 * multiply-adds of its convs and linears. */
    static double forwardFlops() {
        double f = 0;
        int[] ch = {1, 16, 32, 64, 128};
        int len = Models.BEAT_LENGTH;
        for (int i = 1; i <= 4; i++) {
            f += 2.0 * ch[i] * ch[i - 1] * 3 * len;
            len /= 2;
        }
        f += 2.0 * (128 * len * 256 + 256 * 64 + 64 * Models.CLASSES);
        return f;
    }

    /** Best seconds per call over timed rounds of about a fifth of the budget each, after a warm-up. */
    private double best(Runnable body) {
        return best(seconds, body);
    }

    static double best(double seconds, Runnable body) {
        long budget = (long) (seconds * 1e9);
        long warmEnd = System.nanoTime() + budget / 2;
        do {
            body.run();
        } while (System.nanoTime() < warmEnd);
        double best = Double.MAX_VALUE;
        long end = System.nanoTime() + budget;
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            int calls = 0;
            do {
                body.run();
                calls++;
            } while (System.nanoTime() - t0 < budget / 5);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9 / calls);
        }
        return best;
    }

    private static float[] random(int n, long seed) {
        Rng r = new Rng(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.nextFloat() - 0.5f;
        return v;
    }
}
