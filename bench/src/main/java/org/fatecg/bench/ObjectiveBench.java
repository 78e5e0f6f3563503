package org.fatecg.bench;

import java.util.concurrent.TimeUnit;
import org.fatecg.nn.Models;
import org.fatecg.nn.Module;
import org.fatecg.optim.Adamax;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import org.fatecg.train.Objective;
import org.fatecg.train.Objectives;
import org.fatecg.train.TrainStep;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One Adamax training step at batch 128 on Ma and Liang's objectives (ce, loss2 = double backprop of the
 * true-class input gradient, jacobian = one recorded input gradient per class) for each model, in steps
 * per second; the ratio of a loss2 or jacobian step's time to a CE step's on the same model is the cost
 * of double backpropagation (target: loss2 at most about 3.5 CE steps).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx4g"})
public class ObjectiveBench {
    @Param({"mlp", "resnet", "paper-cnn"})
    public String model;

    @Param({"ce", "loss2", "jacobian"})
    public String objective;

    static final int BATCH = 128;
    Module net;
    Tensor x, y;
    Adamax opt;
    Objective o;

    @Setup
    public void setup() {
        net = Models.byName(model, new Rng(1), Models.BEAT_LENGTH, true);
        x = Tensor.uniform(new Rng(2), 0f, 1f, BATCH, 1, Models.BEAT_LENGTH);
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) labels[i] = i % Models.CLASSES;
        y = Functional.labels(labels);
        opt = new Adamax(net.parameters(), 1e-3f);
        o = Objectives.of(objective, model, new Rng(3));
    }

    @Benchmark
    public float step() {
        return TrainStep.step(net, opt, o, x, y);
    }
}
