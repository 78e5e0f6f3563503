package org.fatecg.bench;

import java.util.concurrent.TimeUnit;
import org.fatecg.backend.BinaryOp;
import org.fatecg.backend.Storage;
import org.fatecg.backend.UnaryOp;
import org.fatecg.backend.cpu.CpuBackend;
import org.fatecg.backend.select.Backends;
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
 * The paper CNN's four conv blocks (conv k3 p1, bias, ReLU, max-pool 2) at batch 64, written
 * C->O@L: the fused forward-only kernel (CpuBackend.conv1dBiasReluPool, the batch split once across
 * threads) against the same block as the four kernels a recorded forward runs (conv1dForward, the
 * broadcast bias add, ReLU, maxPoolSelect), and the bare conv1dForward beside them. 1->16@180 is the
 * direct conv (Conv1dDirect), the others the conv-as-GEMM. The "gflops" column is the conv's
 * 2 N O Lout C K per call (bias, ReLU and pooling not counted), so the three rates compare directly
 * (GemmBench's counter).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ConvBlockBench {
    @Param({"1->16@180", "16->32@90", "32->64@45", "64->128@22"})
    public String layer;

    static final int N = 64, K = 3, PAD = 1;
    int c, o, l;
    CpuBackend be;
    Storage x, w, bias, conv, pooled;
    int[] mapShape, mapStrides, biasStrides;

    @Setup
    public void setup() {
        String[] io = layer.split("@")[0].split("->");
        c = Integer.parseInt(io[0]);
        o = Integer.parseInt(io[1]);
        l = Integer.parseInt(layer.split("@")[1]);
        be = new CpuBackend(Backends.defaultThreads());
        java.util.Random r = new java.util.Random(42);
        x = be.wrap(random(r, N * c * l));
        w = be.wrap(random(r, o * c * K));
        bias = be.wrap(random(r, o));
        conv = be.wrap(new float[N * o * l]);
        pooled = be.wrap(new float[N * o * (l / 2)]);
        mapShape = new int[] {N, o, l};
        mapStrides = new int[] {o * l, l, 1};
        biasStrides = new int[] {0, 1, 0};
    }

    static float[] random(java.util.Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.nextFloat() - 0.5f;
        return v;
    }

    double flops() {
        return 2e-9 * N * o * l * c * K;
    }

    @Benchmark
    public Storage fused(GemmBench.Flops f) {
        be.conv1dBiasReluPool(pooled, x, w, bias, N, c, l, o, K, PAD);
        f.gflops += flops();
        return pooled;
    }

    @Benchmark
    public Storage fourKernels(GemmBench.Flops f) {
        be.conv1dForward(conv, x, w, N, c, l, o, K, PAD);
        be.binary(conv, conv, mapStrides, bias, biasStrides, BinaryOp.ADD, mapShape);
        be.unary(conv, conv, UnaryOp.RELU, N * o * l);
        be.maxPoolSelect(pooled, conv, conv, N * o, l);
        f.gflops += flops();
        return pooled;
    }

    @Benchmark
    public Storage convOnly(GemmBench.Flops f) {
        be.conv1dForward(conv, x, w, N, c, l, o, K, PAD);
        f.gflops += flops();
        return conv;
    }
}
