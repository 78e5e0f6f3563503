package org.fatecg.bench;

import java.util.concurrent.TimeUnit;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;
import org.fatecg.backend.Parallel;
import org.fatecg.backend.cpu.GemmVector;
import org.fatecg.backend.select.Backends;
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
 * sgemm at the paper CNN's two heaviest shapes, written M x K x N: 64x1408x256 (fc1 at batch 64) and
 * 1408x192x128 (conv4 as im2col at batch 64: B*22 positions, 64*3 taps, 128 filters), with fc1's input
 * gradient (64x256x1408) and a small-M shape (16x96x5888, conv2's input gradient as a GEMM), where
 * reading B in place rather than packing it matters most. The fast path
 * (GemmVector) against EJML's multithreaded and single-threaded row-major multiply. The "gflops" column
 * is the rate: 2*M*N*K floating-point operations per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class GemmBench {
    @Param({"64x1408x256", "1408x192x128", "64x256x1408", "16x96x5888"})
    public String shape;

    int m, k, n;
    float[] a, b, c;
    FMatrixRMaj ma, mb, mc;
    Parallel par;

    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Flops {
        public double gflops;

        @Setup(Level.Iteration)
        public void clear() {
            gflops = 0;
        }
    }

    @Setup
    public void setup() {
        String[] s = shape.split("x");
        m = Integer.parseInt(s[0]);
        k = Integer.parseInt(s[1]);
        n = Integer.parseInt(s[2]);
        a = new float[m * k];
        b = new float[k * n];
        c = new float[m * n];
        java.util.Random r = new java.util.Random(42);
        for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() - 0.5f;
        for (int i = 0; i < b.length; i++) b[i] = r.nextFloat() - 0.5f;
        ma = FMatrixRMaj.wrap(m, k, a);
        mb = FMatrixRMaj.wrap(k, n, b);
        mc = new FMatrixRMaj(m, n);
        par = new Parallel(Backends.defaultThreads());
    }

    @Benchmark
    public float[] fast(Flops f) {
        GemmVector.gemm(par, c, a, b, false, false, m, n, k, 1f, 0f);
        f.gflops += 2e-9 * m * n * k;
        return c;
    }

    @Benchmark
    public FMatrixRMaj ejmlMultithreaded(Flops f) {
        CommonOps_MT_FDRM.mult(ma, mb, mc);
        f.gflops += 2e-9 * m * n * k;
        return mc;
    }

    @Benchmark
    public FMatrixRMaj ejmlSingleThread(Flops f) {
        CommonOps_FDRM.mult(ma, mb, mc);
        f.gflops += 2e-9 * m * n * k;
        return mc;
    }
}
