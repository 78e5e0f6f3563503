package org.fatecg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fatecg.nn.Models;
import org.fatecg.nn.Safetensors;
import org.fatecg.tensor.Rng;
import picocli.CommandLine;

/** Runs the fatecg command line in-process for tests; returns {exit code, stdout, stderr}. */
final class Cli {
    private Cli() {}

    static Object[] run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Object[] {code, out.toString(), err.toString()};
    }

    /** The command line of a child JVM running fatecg's Main with this test's class path, then args. */
    static java.util.List<String> childJvm(String... args) {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector",
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                "org.fatecg.cli.Main"));
        cmd.addAll(java.util.List.of(args));
        return cmd;
    }

    /**
     * Writes dir/beats.safetensors for --beats: beat i is 0.2 + 0.7 exp(-((t - centre[i]) / 6)^2) plus
     * uniform noise of 0.05 (seeded), clipped to 1, labelled y[i]; 180 samples each.
     */
    static Path bumpBeats(Path dir, long[] y, int[] centre) throws IOException {
        int n = y.length, len = Models.BEAT_LENGTH;
        float[] x = new float[n * len];
        Rng rng = new Rng(5);
        for (int i = 0; i < n; i++)
            for (int t = 0; t < len; t++)
                x[i * len + t] = (float) Math.min(
                        1, 0.2 + 0.7 * Math.exp(-Math.pow((t - centre[i]) / 6.0, 2)) + 0.05 * rng.nextFloat());
        Map<String, Safetensors.Entry> d = new LinkedHashMap<>();
        d.put("input.x", Safetensors.Entry.f32(new int[] {n, 1, len}, x));
        d.put("input.y", Safetensors.Entry.i64(new int[] {n}, y));
        Path beats = dir.resolve("beats.safetensors");
        Safetensors.write(beats, d, Map.of());
        return beats;
    }
}
