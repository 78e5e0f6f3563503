package org.fatecg.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import org.fatecg.io.AtomicFiles;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * DIR/config.properties: every knob of {@code fatecg run} with the value it had, in the --config format,
 * so the file both documents a run and repeats it (fatecg run --config DIR/config.properties) or
 * continues it (fatecg run --resume DIR). Floats are written with Float.toString, which reads back to the
 * same float; the data folder as the absolute path that was read.
 */
final class EffectiveConfig {
    private EffectiveConfig() {}

    static void write(Path file, CommandSpec spec, Path dataDir, Instant started) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# fatecg run: effective configuration, written ")
                .append(started)
                .append('\n');
        b.append("# Repeat: fatecg run --config ")
                .append(file)
                .append("   Continue: fatecg run --resume ")
                .append(file.getParent())
                .append('\n');
        for (OptionSpec opt : spec.options()) {
            String key = opt.longestName().replaceFirst("^--", "");
            if (RunDefaults.NOT_KNOBS.contains(key)) continue;
            Object v = key.equals("data") ? dataDir : opt.getValue();
            if (v == null) continue;
            b.append(key).append('=').append(escape(text(v))).append('\n');
        }
        AtomicFiles.writeString(file, b.toString());
    }

    /** A value as a config file holds it: lists comma-separated, enums in lower case. */
    static String text(Object v) {
        if (v instanceof Collection<?> c) {
            StringBuilder b = new StringBuilder();
            for (Object e : c) b.append(b.length() > 0 ? "," : "").append(text(e));
            return b.toString();
        }
        if (v instanceof Enum<?> e) return e.name().toLowerCase();
        if (v instanceof Path p) return p.toAbsolutePath().toString();
        return String.valueOf(v);
    }

    /** Java properties treat backslash as an escape and leading spaces as nothing. */
    private static String escape(String s) {
        String t = s.replace("\\", "\\\\");
        return t.startsWith(" ") ? "\\" + t : t;
    }
}
