package org.fatecg.bench;

import java.util.concurrent.TimeUnit;
import org.fatecg.backend.Backend;
import org.fatecg.backend.Profiler;
import org.fatecg.backend.Storage;
import org.fatecg.backend.select.Backends;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the profiler's hooks cost while no session records, each beside the same call without its hook,
 * in nanoseconds per call: a storage handing out its backend (CpuStorage.backend, which asks
 * Profiler.dispatch, against a storage that returns its owner as CpuStorage did before the profiler),
 * the per-tensor hook (Profiler.produced, against an empty call), and a phase scope as Sequential.forward
 * and Autograd.grad open it (try-with-resources on Profiler.phase, against the bare body). One FAT step
 * at batch 64 makes 2,696 backend hand-outs, 1,515 tensors and 44 phase marks (counted with a build
 * whose hooks counted their calls), so the hooks' share of the step is those counts times the
 * differences here over the step's time (ModelBench.fat).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ProfilerOffBench {
    /** A storage without the hook: hands out its owner, as CpuStorage.backend() did before the profiler. */
    static final class PlainStorage implements Storage {
        private final Backend owner;

        PlainStorage(Backend owner) {
            this.owner = owner;
        }

        @Override
        public int size() {
            return 0;
        }

        @Override
        public Backend backend() {
            return owner;
        }
    }

    Storage hooked, plain;
    Object primitive = "CONV1D";

    @Setup
    public void setup() {
        Backend cpu = Backends.select("cpu", 1, System.err);
        hooked = cpu.allocate(16);
        plain = new PlainStorage(cpu);
        if (Profiler.recording()) throw new IllegalStateException("the profiler must be off for this benchmark");
    }

    @Benchmark
    public Backend backendHooked() {
        return hooked.backend();
    }

    @Benchmark
    public Backend backendPlain() {
        return plain.backend();
    }

    @Benchmark
    public Object producedHook() {
        Profiler.produced(hooked, primitive);
        return primitive;
    }

    @Benchmark
    public Object producedNone() {
        return primitive;
    }

    @Benchmark
    public void phaseScope(Blackhole bh) {
        try (Profiler.Phase forward = Profiler.phase("forward")) {
            bh.consume(primitive);
        }
    }

    @Benchmark
    public void phaseNone(Blackhole bh) {
        bh.consume(primitive);
    }
}
