package org.fatecg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fatecg.backend.ProfileRecording;
import org.fatecg.backend.ProfileRecording.Kernel;
import org.fatecg.backend.ProfileRecording.Span;
import org.junit.jupiter.api.Test;

/** Aggregation of a hand-made recording, checked against hand-computed sums, rates and shares. */
class ProfileSummaryTest {
    // one step of 10 ms: two gemms (1 ms each, 2e7 FLOPs, 1e6 bytes) and an add (2 ms, 1e5 FLOPs, 1.2e6 bytes)
    private static final ProfileRecording REC = new ProfileRecording(
            "cpu",
            11_000_000L,
            false,
            List.of(
                    new Kernel("gemm", "MATMUL", "s/forward", 1, 1_000_000, 1_000_000, 2e7, 1e6, false),
                    new Kernel("binary.add", "ADD", "s/forward", 1, 2_500_000, 2_000_000, 1e5, 1.2e6, false),
                    new Kernel("gemm", "MATMUL", "s/backward", 1, 6_000_000, 1_000_000, 2e7, 1e6, false),
                    new Kernel("download", "-", "s", 1, 9_000_000, 500_000, 0, 4e3, true)),
            List.of(
                    new Span("s", "s", 0, 1, 500_000, 10_000_000),
                    new Span("forward", "s/forward", 1, 1, 900_000, 4_000_000),
                    new Span("backward", "s/backward", 1, 1, 5_500_000, 3_000_000)));
    // balance 50 GFLOP/s / 10 GB/s = 5 FLOP/byte: gemm (20) is compute-bound, add (0.083) memory-bound
    private static final ProfileSummary.Roofs ROOFS = new ProfileSummary.Roofs(50, "test", 10);

    @Test
    void rowsSumCallsTimesAndWork() {
        ProfileSummary s = new ProfileSummary(REC, ROOFS, "s", 1);
        assertEquals(10_000_000L, s.stepNanos());
        assertEquals(4_500_000L, s.kernelNanos());
        List<ProfileSummary.Row> rows = s.kernelRows();
        ProfileSummary.Row gemm = rows.get(0);
        assertEquals("MATMUL", gemm.primitive());
        assertEquals(2, gemm.calls());
        assertEquals(2_000_000L, gemm.nanos());
        assertEquals(20.0, gemm.gflops(), 1e-12); // 4e7 FLOP in 2 ms
        assertEquals(20.0, s.share(gemm.nanos()), 1e-12);
        assertFalse(s.memoryBound(gemm));
        ProfileSummary.Row add = rows.stream()
                .filter(r -> r.name().equals("binary.add"))
                .findFirst()
                .orElseThrow();
        assertTrue(s.memoryBound(add));
        assertEquals(0.6, add.gbps(), 1e-12); // 1.2e6 bytes in 2 ms
    }

    @Test
    void phasesSplitHostTransfersOutAndCarryWallTime() {
        List<ProfileSummary.PhaseRow> ps = new ProfileSummary(REC, ROOFS, "s", 1).phaseRows();
        assertEquals(
                List.of("s", "s/forward", "s/backward", "host transfer"),
                ps.stream().map(p -> p.kernels().name()).toList());
        assertEquals(0, ps.get(0).kernels().calls()); // the download went to host transfer
        assertEquals(3_000_000L, ps.get(1).kernels().nanos());
        assertEquals(4_000_000L, ps.get(1).wallNanos());
        assertEquals(500_000L, ps.get(3).kernels().nanos());
    }
}
