package org.fatecg.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fatecg.backend.ProfileRecording;
import org.fatecg.backend.ProfileRecording.Kernel;
import org.fatecg.backend.ProfileRecording.Span;

/**
 * The tables of a profile: one row per (primitive, kernel) and one per phase, with FLOP and byte rates
 * set against this machine's measured GEMM peak and memory bandwidth. A kernel is called memory-bound
 * when its arithmetic intensity (FLOPs per byte) is below the machine balance, peak GFLOP/s over peak
 * GB/s (the roofline's ridge point); for those the GB/s column is the meaningful one.
 */
public final class ProfileSummary {
    /** The machine's roofs, measured on the backend being profiled. */
    public record Roofs(double gemmGflops, String gemmShape, double memoryGbps) {
        double balance() {
            return gemmGflops / memoryGbps;
        }
    }

    /** An aggregate over calls: what a table row shows. */
    public record Row(String primitive, String name, long calls, long nanos, double flops, double bytes) {
        public double gflops() {
            return nanos == 0 ? 0 : flops / nanos;
        }

        public double gbps() {
            return nanos == 0 ? 0 : bytes / nanos;
        }

        Row plus(Kernel k) {
            return new Row(primitive, name, calls + 1, nanos + k.nanos(), flops + k.flops(), bytes + k.bytes());
        }
    }

    /** A phase row: kernel aggregate plus the wall time its spans covered. */
    public record PhaseRow(Row kernels, long wallNanos, long spans) {}

    private final ProfileRecording rec;
    private final Roofs roofs;
    private final String step;
    private final int steps;

    /** step: the name of the outermost phase that each profiled step opened; steps: how many ran. */
    public ProfileSummary(ProfileRecording rec, Roofs roofs, String step, int steps) {
        this.rec = rec;
        this.roofs = roofs;
        this.step = step;
        this.steps = steps;
    }

    public ProfileRecording recording() {
        return rec;
    }

    /** Wall time of the profiled steps: the outermost spans' durations, or the session when there are none. */
    public long stepNanos() {
        long t = 0;
        for (Span s : rec.spans()) if (s.depth() == 0) t += s.nanos();
        return t == 0 ? rec.nanos() : t;
    }

    public long kernelNanos() {
        long t = 0;
        for (Kernel k : rec.kernels()) t += k.nanos();
        return t;
    }

    /** Rows per (primitive, kernel), by total time, longest first. */
    public List<Row> kernelRows() {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Kernel k : rec.kernels()) {
            String key = k.primitive() + " " + k.name();
            rows.merge(key, new Row(k.primitive(), k.name(), 1, k.nanos(), k.flops(), k.bytes()), (a, b) -> a.plus(k));
        }
        List<Row> out = new ArrayList<>(rows.values());
        out.sort(Comparator.comparingLong(Row::nanos).reversed());
        return out;
    }

    /** Rows per phase path (host transfers on a row of their own), in order of first appearance. */
    public List<PhaseRow> phaseRows() {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Span s : rec.spans()) rows.putIfAbsent(s.path(), new Row("", s.path(), 0, 0, 0, 0));
        for (Kernel k : rec.kernels()) {
            String key = k.transfer() ? "host transfer" : k.phase().isEmpty() ? "(outside phases)" : k.phase();
            rows.merge(key, new Row("", key, 1, k.nanos(), k.flops(), k.bytes()), (a, b) -> a.plus(k));
        }
        Map<String, long[]> wall = new LinkedHashMap<>();
        for (Span s : rec.spans()) {
            long[] w = wall.computeIfAbsent(s.path(), p -> new long[2]);
            w[0] += s.nanos();
            w[1]++;
        }
        List<PhaseRow> out = new ArrayList<>();
        for (Row r : rows.values()) {
            long[] w = wall.getOrDefault(r.name(), new long[2]);
            out.add(new PhaseRow(r, w[0], w[1]));
        }
        return out;
    }

    public boolean memoryBound(Row r) {
        return r.bytes() > 0 && r.flops() / r.bytes() < roofs.balance();
    }

    /** Share of the profiled steps' wall time, in percent. */
    public double share(long nanos) {
        return 100.0 * nanos / stepNanos();
    }

    /** The whole report as Markdown: header, kernel table (top rows), phase table. */
    public String markdown(int topKernels) {
        StringBuilder sb = new StringBuilder();
        double perStep = stepNanos() / 1e6 / Math.max(1, steps);
        sb.append(String.format(
                Locale.ROOT,
                "%s on %s (%s clocks): %d profiled, %.2f ms each; kernels %.1f%% of the time "
                        + "(the rest is graph building, dispatch and allocation on the host)%n",
                step,
                rec.backend(),
                rec.deviceClock() ? "stream-event" : "host",
                steps,
                perStep,
                share(kernelNanos())));
        sb.append(String.format(
                Locale.ROOT,
                "machine: GEMM peak %.1f GFLOP/s (%s), memory %.1f GB/s (large copy); "
                        + "memory-bound below %.2f FLOP/byte%n%n",
                roofs.gemmGflops(),
                roofs.gemmShape(),
                roofs.memoryGbps(),
                roofs.balance()));
        MarkdownTable kt = new MarkdownTable(
                        "primitive",
                        "kernel",
                        "calls",
                        "total ms",
                        "mean us",
                        "share %",
                        "MFLOP",
                        "GFLOP/s",
                        "% of GEMM peak",
                        "MB moved",
                        "GB/s (memory-bound)")
                .align(
                        MarkdownTable.Align.LEFT,
                        MarkdownTable.Align.LEFT,
                        MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT);
        List<Row> rows = kernelRows();
        for (int i = 0; i < rows.size() && i < topKernels; i++) {
            Row r = rows.get(i);
            boolean mem = memoryBound(r);
            kt.row(
                    r.primitive(),
                    r.name(),
                    r.calls(),
                    f(2, r.nanos() / 1e6),
                    f(1, r.nanos() / 1e3 / r.calls()),
                    f(1, share(r.nanos())),
                    f(1, r.flops() / 1e6),
                    r.flops() == 0 ? "" : f(1, r.gflops()),
                    r.flops() == 0 ? "" : f(1, 100 * r.gflops() / roofs.gemmGflops()),
                    f(1, r.bytes() / 1e6),
                    mem ? f(1, r.gbps()) : "");
        }
        sb.append("Per primitive and kernel (")
                .append(Math.min(topKernels, rows.size()))
                .append(" of ")
                .append(rows.size())
                .append(" rows, longest first; primitive '-' = a kernel called directly):\n\n")
                .append(kt)
                .append('\n');
        MarkdownTable pt = new MarkdownTable("phase", "kernel calls", "kernel ms", "share %", "wall ms", "GFLOP/s")
                .align(
                        MarkdownTable.Align.LEFT,
                        MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT);
        for (PhaseRow p : phaseRows()) {
            Row r = p.kernels();
            pt.row(
                    r.name(),
                    r.calls(),
                    f(2, r.nanos() / 1e6),
                    f(1, share(r.nanos())),
                    p.spans() == 0 ? "" : f(2, p.wallNanos() / 1e6),
                    f(1, r.gflops()));
        }
        sb.append(
                        "Per phase (kernel time spent directly in the phase, not in the phases nested in it; wall = the phase's "
                                + "spans, nested phases included):\n\n")
                .append(pt);
        return sb.toString();
    }

    static String f(int decimals, double v) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
