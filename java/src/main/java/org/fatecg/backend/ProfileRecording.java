package org.fatecg.backend;

import java.util.List;

/**
 * What one profiling session recorded: every timed kernel call and every phase span, times in
 * nanoseconds from the session's start. Plain data; the tables, the trace file and the chart are made
 * from it in the report package.
 *
 * @param backend     the backend's name (cpu, cuda)
 * @param nanos       the session's wall time
 * @param deviceClock true when kernel times come from stream events (a GPU), false for host clocks
 */
public record ProfileRecording(
        String backend, long nanos, boolean deviceClock, List<Kernel> kernels, List<Span> spans) {
    public ProfileRecording {
        kernels = List.copyOf(kernels);
        spans = List.copyOf(spans);
    }

    /**
     * One backend call.
     *
     * @param name      the kernel, e.g. gemm, conv1d.forward, binary.add
     * @param primitive the tensor primitive whose output it wrote (MATMUL, EXPAND, ...), or "-" for a
     *                  kernel called directly (optimiser and attack steps, copies, host transfers)
     * @param phase     the innermost open phase's path, e.g. "fat/attack/forward"; "" outside all phases
     * @param flops     floating-point operations (a multiply-add is 2; a comparison or exp counts 1)
     * @param bytes     bytes read and written, each operand element once
     * @param transfer  true for host-device copies (upload, download)
     */
    public record Kernel(
            String name,
            String primitive,
            String phase,
            long thread,
            long start,
            long nanos,
            double flops,
            double bytes,
            boolean transfer) {}

    /** A phase: its name, its path from the outermost phase ("fat/attack"), its nesting depth (0 outermost). */
    public record Span(String name, String path, int depth, long thread, long start, long nanos) {}
}
