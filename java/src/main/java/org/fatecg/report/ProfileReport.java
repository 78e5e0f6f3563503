package org.fatecg.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.fatecg.io.AtomicFiles;

/**
 * The files of a profile in one folder: {@code profile.md} (the tables), {@code trace.json} (Chrome
 * trace events, for Perfetto or chrome://tracing) and {@code top-ops.png} (the longest kernels).
 */
public final class ProfileReport {
    public static final String TABLES = "profile.md", TRACE = "trace.json", CHART = "top-ops.png";
    private static final int TOP_TABLE = 25, TOP_CHART = 12;

    private ProfileReport() {}

    /** Writes the three files into dir (created if needed); returns the tables' text. */
    public static String write(Path dir, ProfileSummary summary, String title) throws IOException {
        Files.createDirectories(dir);
        String md = summary.markdown(TOP_TABLE);
        AtomicFiles.writeString(dir.resolve(TABLES), "# Profile: " + title + "\n\n" + md);
        TraceEvents.write(dir.resolve(TRACE), summary.recording(), title);
        chart(summary, title).writePng(dir.resolve(CHART), 900);
        return md;
    }

    static BarChart chart(ProfileSummary summary, String title) {
        BarChart chart = new BarChart("Top kernels by time: " + title);
        List<ProfileSummary.Row> rows = summary.kernelRows();
        for (int i = 0; i < rows.size() && i < TOP_CHART; i++) {
            ProfileSummary.Row r = rows.get(i);
            String rate = r.flops() > 0 && !summary.memoryBound(r)
                    ? String.format(Locale.ROOT, ", %.1f GFLOP/s", r.gflops())
                    : String.format(Locale.ROOT, ", %.1f GB/s", r.gbps());
            chart.add(
                    r.primitive() + " " + r.name(),
                    r.nanos(),
                    String.format(Locale.ROOT, "%.1f ms, %.1f%%", r.nanos() / 1e6, summary.share(r.nanos())) + rate);
        }
        return chart;
    }
}
