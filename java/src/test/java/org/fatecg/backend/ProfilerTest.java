package org.fatecg.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fatecg.backend.ProfileRecording.Kernel;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The profiler records what was called, files it under the right primitive and phase, and changes no result. */
class ProfilerTest {

    private static Tensor t(float[] v, int... shape) {
        return Arena.unmanaged(() -> Tensor.of(v, shape));
    }

    @Test
    void recordsEachKernelWithItsPrimitivePhaseAndHandCountedWork() {
        Tensor a = t(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = t(new float[] {1, 0, -1, 2, 0, 1, 1, 0, 3, -2, 1, 1}, 3, 4);
        Profiler.start();
        Tensor y;
        try (Profiler.Phase outer = Profiler.phase("outer");
                Profiler.Phase fwd = Profiler.phase("forward");
                Profiler.Phase again = Profiler.phase("forward")) {
            y = a.matmul(b, false, false).relu();
        }
        ProfileRecording rec = Profiler.stop();
        List<Kernel> ks = rec.kernels();
        assertEquals(2, ks.size(), ks.toString());
        Kernel gemm = ks.get(0), relu = ks.get(1);
        assertEquals("gemm", gemm.name());
        assertEquals("MATMUL", gemm.primitive());
        assertEquals("outer/forward", gemm.phase());
        assertEquals(2.0 * 2 * 4 * 3, gemm.flops()); // 2 M N K
        assertEquals(4.0 * (2 * 3 + 3 * 4 + 2 * 4), gemm.bytes()); // A, B, C once each (beta 0)
        assertEquals("unary.relu", relu.name());
        assertEquals("RELU", relu.primitive());
        assertEquals(8.0, relu.flops());
        assertEquals(4.0 * 16, relu.bytes());
        // "forward" inside "forward" is not opened twice: two spans, nested
        assertEquals(2, rec.spans().size(), rec.spans().toString());
        assertEquals("outer", rec.spans().get(0).path());
        assertEquals("outer/forward", rec.spans().get(1).path());
        assertTrue(gemm.start() >= rec.spans().get(1).start()
                && relu.start() + relu.nanos()
                        <= rec.spans().get(1).start() + rec.spans().get(1).nanos());
        // (1 2 3) times the columns of b = (10, -4, 4, 5) -> relu (10, 0, 4, 5), by hand
        assertArrayEquals(new float[] {10, 0, 4, 5}, java.util.Arrays.copyOf(y.toArray(), 4));
    }

    @Test
    void backwardKernelsAreFiledUnderBackwardAndResultsAreUnchanged() {
        Tensor x = t(new float[] {0.5f, -1f, 2f, 3f}, 2, 2).requiresGrad(true);
        Tensor w = t(new float[] {1f, 2f, -1f, 0.5f}, 2, 2);
        float[] plain = Autograd.grad(Functional.sum(x.matmul(w, false, true).tanh()), x)[0].toArray();
        Profiler.start();
        float[] profiled;
        try {
            profiled = Autograd.grad(Functional.sum(x.matmul(w, false, true).tanh()), x)[0].toArray();
        } finally {
            ProfileRecording rec = Profiler.stop();
            assertTrue(
                    rec.kernels().stream()
                            .anyMatch(k ->
                                    k.phase().equals("backward") && k.name().equals("gemm")),
                    "the input gradient's matmul ran in the backward phase: " + rec.kernels());
            assertTrue(rec.kernels().stream()
                    .anyMatch(k -> k.transfer() && k.name().equals("download")));
        }
        assertArrayEquals(plain, profiled, 0f);
    }

    @Test
    void whenOffStoragesHandOutTheirOwnBackend() {
        Tensor a = t(new float[] {1, 2}, 2);
        Backend owner = a.storage().backend();
        assertFalse(Profiler.recording());
        assertFalse(owner instanceof ProfiledBackend);
        Profiler.start();
        Backend during = a.storage().backend();
        Profiler.stop();
        assertTrue(during instanceof ProfiledBackend);
        assertSame(owner, a.storage().backend());
    }
}
