package org.fatecg.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.fatecg.attack.Attack;
import org.fatecg.attack.Bim;
import org.fatecg.attack.CwL2;
import org.fatecg.attack.Fgsm;
import org.fatecg.attack.Pgd;
import org.fatecg.nn.Layers;
import org.fatecg.nn.Models;
import org.fatecg.nn.Safetensors;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Attack throughput on the paper CNN, in the paper's settings: FGSM (eps 8/255), PGD-20 (no random
 * start, so every call does the same work), BIM-10 and CW-50, at batch 32, 64 and 128. The "examples"
 * column is the rate that matters: adversarial examples per second (calls per second times the batch).
 * CW stops early when its cost rises, which depends on the weights: on a trained model it runs all 50
 * steps. So the benchmark uses the PyTorch-trained CNN and its 64 real beats from
 * ../shared/golden/cnn-golden.safetensors (tiled to the batch) when that file is found above the working
 * folder, and otherwise the default initialisation with random windows. The "cwSteps" column gives the
 * steps CW ran per second, so steps per call = cwSteps / (examples / batch): 50 when it ran in full.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class AttackBench {
    @Param({"32", "64", "128"})
    public int batch;

    Layers.Sequential model;
    Tensor x, y;
    final Attack fgsm = Fgsm.paper(),
            pgd20 = new Pgd(Fgsm.PAPER_EPS, Pgd.PAPER_ALPHA, Pgd.PAPER_STEPS),
            bim10 = Bim.paper();
    final CwL2 cw50 = CwL2.paper();

    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Rate {
        public double examples, cwSteps;

        @Setup(Level.Iteration)
        public void clear() {
            examples = 0;
            cwSteps = 0;
        }
    }

    @Setup
    public void setup() throws IOException {
        Rng rng = new Rng(1);
        model = Models.paperCnn(rng);
        int len = Models.BEAT_LENGTH;
        float[] xs = new float[batch * len], ys = new float[batch];
        Path golden = findGolden();
        if (golden != null) {
            Safetensors.Contents g = Safetensors.read(golden);
            model.loadStateDict(g.floatsWithPrefix("model."));
            float[] gx = g.floats("input.x");
            long[] gy = g.longs("input.y");
            for (int i = 0; i < batch; i++) {
                System.arraycopy(gx, (i % gy.length) * len, xs, i * len, len);
                ys[i] = gy[i % gy.length];
            }
        } else {
            for (int i = 0; i < xs.length; i++) xs[i] = rng.nextFloat();
            for (int i = 0; i < batch; i++) ys[i] = rng.nextInt(Models.CLASSES);
        }
        x = Arena.unmanaged(() -> Tensor.of(xs, batch, 1, len));
        y = Arena.unmanaged(() -> Tensor.of(ys, batch));
    }

    /** shared/golden/cnn-golden.safetensors in the working folder or one above it, or null. */
    static Path findGolden() {
        for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path f = d.resolve("shared").resolve("golden").resolve("cnn-golden.safetensors");
            if (Files.isRegularFile(f)) return f;
        }
        return null;
    }

    private float[] run(Attack a, Rate r) {
        try (Arena scope = Arena.open()) {
            r.examples += batch;
            return a.perturb(model, x, y).toArray();
        }
    }

    @Benchmark
    public float[] fgsm(Rate r) {
        return run(fgsm, r);
    }

    @Benchmark
    public float[] pgd20(Rate r) {
        return run(pgd20, r);
    }

    @Benchmark
    public float[] bim10(Rate r) {
        return run(bim10, r);
    }

    @Benchmark
    public float[] cw50(Rate r) {
        try (Arena scope = Arena.open()) {
            CwL2.Result res = cw50.attack(model, x, y, false);
            r.examples += batch;
            r.cwSteps += res.stepsRun();
            return res.adversarial().toArray();
        }
    }
}
