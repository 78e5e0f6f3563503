package org.fatecg.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.fatecg.backend.Storage;
import org.fatecg.backend.cuda.CudaBackend;
import org.fatecg.backend.cuda.CudaUnavailableException;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The CUDA backend at the paper CNN's shapes: the first linear layer's GEMM (batch 64 x 1408 -> 256),
 * conv1d forward and both backward passes of each conv layer (k 3, pad 1) at batch 64 (a FAT step's
 * [x_adv ; x] of two 32-batches), and the fused PGD sign step over a 64 x 180 batch.
 *
 * <p>Each invocation queues {@value #REPEAT} operations and then waits for the device, so launch
 * latency is amortised and the time covers completed work. Throughput mode: ops/s is operations per
 * second, and the secondary result "gflop" is GFLOP/s (2 flops per multiply-add; the sign step counts
 * 0). Without a usable GPU the setup fails with the reason, and {@link #main} prints it and exits 0.
 *
 * <pre>
 *   java -jar bench/target/benchmarks.jar CudaBench                    (JMH, all parameters)
 *   java -cp bench/target/benchmarks.jar org.fatecg.bench.CudaBench    (skips cleanly without a GPU)
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Benchmark)
public class CudaBench {
    static final int REPEAT = 10;
    static final int BATCH = 64;
    /** The paper CNN's conv layers: input channels, output channels, input length. */
    static final int[][] CONV = {{1, 16, 180}, {16, 32, 90}, {32, 64, 45}, {64, 128, 22}};

    static final int K = 3, PAD = 1;

    /** Which conv layer (index into CONV). */
    @Param({"0", "1", "2", "3"})
    public int layer;

    private CudaBackend gpu;
    private Storage a, b, c, x, w, y, dy, dx, dw, xAdv, grad, x0, out;

    /** Reported per second: GFLOP/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public double gflop;
    }

    @Setup(Level.Trial)
    public void setUp() throws CudaUnavailableException {
        gpu = CudaBackend.open(0);
        System.out.println("CudaBench on " + gpu.describe());
        SplittableRandom r = new SplittableRandom(1);
        a = upload(r, BATCH * 1408);
        b = upload(r, 256 * 1408);
        c = gpu.allocate(BATCH * 256);
        int[] s = CONV[layer];
        x = upload(r, BATCH * s[0] * s[2]);
        w = upload(r, s[1] * s[0] * K);
        y = gpu.allocate(BATCH * s[1] * s[2]);
        dy = upload(r, BATCH * s[1] * s[2]);
        dx = gpu.allocate(BATCH * s[0] * s[2]);
        dw = gpu.allocate(s[1] * s[0] * K);
        xAdv = upload(r, BATCH * 180);
        grad = upload(r, BATCH * 180);
        x0 = upload(r, BATCH * 180);
        out = gpu.allocate(BATCH * 180);
    }

    private Storage upload(SplittableRandom r, int n) {
        float[] h = new float[n];
        for (int i = 0; i < n; i++) h[i] = (float) r.nextDouble(-1, 1);
        return gpu.upload(h);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (gpu != null) gpu.close();
    }

    private double convGflop() {
        int[] s = CONV[layer];
        return 2.0 * BATCH * s[1] * s[2] * s[0] * K / 1e9; // Lout = L with k 3, pad 1
    }

    /** Linear 1408 -> 256 forward: C (64, 256) = A (64, 1408) . B (256, 1408)^T. Independent of layer. */
    @Benchmark
    @OperationsPerInvocation(REPEAT)
    public void gemm64x1408x256(Flops f) {
        for (int i = 0; i < REPEAT; i++) gpu.gemm(c, a, b, false, true, BATCH, 256, 1408, 1f, 0f);
        gpu.synchronize();
        f.gflop += REPEAT * 2.0 * BATCH * 256 * 1408 / 1e9;
    }

    @Benchmark
    @OperationsPerInvocation(REPEAT)
    public void conv1dForward(Flops f) {
        int[] s = CONV[layer];
        for (int i = 0; i < REPEAT; i++) gpu.conv1dForward(y, x, w, BATCH, s[0], s[2], s[1], K, PAD);
        gpu.synchronize();
        f.gflop += REPEAT * convGflop();
    }

    @Benchmark
    @OperationsPerInvocation(REPEAT)
    public void conv1dBackwardInput(Flops f) {
        int[] s = CONV[layer];
        for (int i = 0; i < REPEAT; i++) gpu.conv1dBackwardInput(dx, dy, w, BATCH, s[0], s[2], s[1], K, PAD);
        gpu.synchronize();
        f.gflop += REPEAT * convGflop();
    }

    @Benchmark
    @OperationsPerInvocation(REPEAT)
    public void conv1dBackwardWeight(Flops f) {
        int[] s = CONV[layer];
        for (int i = 0; i < REPEAT; i++) gpu.conv1dBackwardWeight(dw, x, dy, BATCH, s[0], s[2], s[1], K, PAD);
        gpu.synchronize();
        f.gflop += REPEAT * convGflop();
    }

    /** The fused PGD step over one batch of beats (memory-bound: 4 floats read or written per element). */
    @Benchmark
    @OperationsPerInvocation(REPEAT)
    public void pgdSignStep() {
        for (int i = 0; i < REPEAT; i++)
            gpu.signStep(out, xAdv, grad, x0, 1f / 255, 8f / 255, 0f, 1f, false, BATCH * 180);
        gpu.synchronize();
    }

    /** Runs the benchmarks where a GPU opens; elsewhere prints why not and exits 0. */
    public static void main(String[] args) throws RunnerException {
        try {
            CudaBackend.open(0).close();
        } catch (CudaUnavailableException e) {
            System.out.println("CudaBench skipped: " + e.getMessage());
            return;
        }
        new Runner(new OptionsBuilder().include(CudaBench.class.getSimpleName()).build()).run();
    }
}
