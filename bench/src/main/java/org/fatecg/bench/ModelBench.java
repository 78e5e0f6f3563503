package org.fatecg.bench;

import java.util.concurrent.TimeUnit;
import org.fatecg.attack.Pgd;
import org.fatecg.fl.LocalTrainer;
import org.fatecg.nn.Layers;
import org.fatecg.nn.Models;
import org.fatecg.optim.Adam;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Grad;
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
 * The paper CNN's phases at batch 32, 64 and 128, in samples per second (the "samples" column): forward
 * (no graph), one Adam training step, PGD-20 generation (eps 8/255, alpha 1/255, random start), and the
 * FAT step (PGD-20 on B beats, then one Adam step on the 2B concatenation) exactly as a FAT client runs it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class ModelBench {
    @Param({"32", "64", "128"})
    public int batch;

    Layers.Sequential net;
    Tensor x, y;
    Adam adam;
    Pgd pgd;

    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Samples {
        public double samples;

        @Setup(Level.Iteration)
        public void clear() {
            samples = 0;
        }
    }

    @Setup
    public void setup() {
        net = Models.paperCnn(new Rng(1));
        x = Tensor.uniform(new Rng(2), 0f, 1f, batch, 1, Models.BEAT_LENGTH);
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) labels[i] = i % Models.CLASSES;
        y = Functional.labels(labels);
        adam = new Adam(net.parameters());
        pgd = Pgd.paper(new Rng(3));
    }

    @Benchmark
    public void forward(Samples s) {
        try (Arena a = Arena.open();
                Grad off = Grad.off()) {
            net.forward(x);
        }
        s.samples += batch;
    }

    @Benchmark
    public float trainStep(Samples s) {
        s.samples += batch;
        return LocalTrainer.step(net, adam, x, y, null);
    }

    @Benchmark
    public void pgd20(Samples s) {
        try (Arena a = Arena.open()) {
            pgd.perturb(net, x, y);
        }
        s.samples += batch;
    }

    @Benchmark
    public float fatStep(Samples s) {
        s.samples += batch;
        return LocalTrainer.step(net, adam, x, y, pgd);
    }
}
