package org.fatecg.report;

import java.nio.file.Path;
import java.util.Map;
import org.fatecg.io.AtomicFiles;
import org.fatecg.nn.Safetensors;

/** Writes a report file and a model file below args[0], for OutputPermissionsTest (run under a set umask). */
public final class UmaskProbe {
    private UmaskProbe() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        AtomicFiles.writeString(dir.resolve("report/report.md"), "# report\n");
        AtomicFiles.writeString(dir.resolve("report/report.md"), "# report, replaced\n");
        Safetensors.write(
                dir.resolve("report/models/fat.safetensors"),
                Map.of("w", Safetensors.Entry.f32(new int[] {2}, new float[] {1f, 2f})),
                Map.of());
    }
}
