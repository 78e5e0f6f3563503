package org.fatecg.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed WFDB header (.hea) of a single-segment record: the record line, one {@link SignalSpec} per
 * signal line, and the comment lines (MIT-BIH puts age, sex and medications there).
 *
 * <p>Grammar (WFDB "header(5)"), fields separated by spaces or tabs, lines ended by LF or CRLF:
 * <pre>
 *   record line:  name[/segments] nsig [freq[/counterfreq[(base)]] [nsamp [basetime [basedate]]]]
 *   signal line:  file format[xspf][:skew][+offset] [gain[(baseline)][/units] [adcres [adczero
 *                 [initval [checksum [blocksize [description...]]]]]]]
 *   comment:      # anything
 * </pre>
 * It is not a full WFDB implementation: multi-segment records are rejected here, and formats other than
 * 212 are rejected when the signal file is read ({@link WfdbRecord}).
 *
 * @param recordName       the record name of the record line
 * @param samplingFrequency samples per second per signal (WFDB default 250 when absent)
 * @param numSamples       samples per signal; 0 when the header leaves it to the file length
 * @param signals          the signal lines, in order (signal index = position)
 * @param comments         comment lines without the leading '#', trimmed
 */
public record WfdbHeader(
        String recordName, double samplingFrequency, long numSamples, List<SignalSpec> signals, List<String> comments) {

    public WfdbHeader {
        signals = List.copyOf(signals);
        comments = List.copyOf(comments);
    }

    /** Reads and parses {@code dir/record.hea}. */
    public static WfdbHeader read(Path dir, String record) throws IOException {
        Path file = dir.resolve(record + ".hea");
        if (!Files.isRegularFile(file))
            throw new WfdbFormatException(file, "file", "a WFDB header for record " + record, "no such file");
        byte[] bytes = WfdbFiles.readCapped(file, WfdbFiles.MAX_HEADER_BYTES, "a WFDB header");
        return parse(file, new String(bytes, StandardCharsets.ISO_8859_1), record);
    }

    /**
     * Parses header text. {@code file} only labels error messages; {@code expectedName}, when not null,
     * must equal the record line's name (a renamed or mixed-up header is an error).
     */
    public static WfdbHeader parse(Path file, String text, String expectedName) throws WfdbFormatException {
        String[] lines = text.split("\r\n|\n|\r", -1);
        List<String> comments = new ArrayList<>();
        List<SignalSpec> signals = new ArrayList<>();
        String name = null;
        int nsig = -1;
        double freq = 250;
        long nsamp = 0;
        for (int ln = 0; ln < lines.length; ln++) {
            String line = lines[ln].strip();
            String at = "line " + (ln + 1);
            if (line.isEmpty()) continue;
            if (line.startsWith("#")) {
                comments.add(line.substring(1).strip());
                continue;
            }
            String[] f = line.split("[ \t]+");
            if (name == null) { // the record line
                name = f[0];
                if (name.contains("/"))
                    throw new WfdbFormatException(
                            file, at + ", field 'name'", "a single-segment record", "'" + name + "'");
                if (expectedName != null && !name.equals(expectedName))
                    throw new WfdbFormatException(
                            file, at + ", field 'name'", "'" + expectedName + "' (the file's name)", "'" + name + "'");
                if (f.length < 2)
                    throw new WfdbFormatException(file, at + ", field 'nsig'", "the number of signals", "end of line");
                nsig = parseInt(file, at, "nsig", f[1]);
                if (nsig < 1)
                    throw new WfdbFormatException(
                            file,
                            at + ", field 'nsig'",
                            "at least 1 signal (fatecg reads signals, and a record"
                                    + " without any has no beats to window)",
                            f[1]);
                if (f.length > 2) freq = parseFrequency(file, at, f[2]);
                if (f.length > 3) nsamp = parseLong(file, at, "nsamp", f[3]);
                if (nsamp < 0)
                    throw new WfdbFormatException(file, at + ", field 'nsamp'", "a non-negative count", f[3]);
                continue;
            }
            if (signals.size() == nsig)
                throw new WfdbFormatException(
                        file, at, nsig + " signal lines (nsig on the record line)", "another line: '" + line + "'");
            signals.add(parseSignal(file, at, line, f));
        }
        if (name == null) throw new WfdbFormatException(file, "record line", "a record line", "an empty header");
        if (signals.size() != nsig)
            throw new WfdbFormatException(
                    file, "signal lines", nsig + " (nsig on the record line)", signals.size() + " lines");
        return new WfdbHeader(name, freq, nsamp, signals, comments);
    }

    /** "360", "360/1000", "360/1000(0)": the sampling frequency is the number before any '/'. */
    private static double parseFrequency(Path file, String at, String s) throws WfdbFormatException {
        int cut = s.indexOf('/');
        String v = cut < 0 ? s : s.substring(0, cut);
        try {
            double d = Double.parseDouble(v);
            if (d > 0 && Double.isFinite(d)) return d;
        } catch (NumberFormatException e) {
            /* reported below */
        }
        throw new WfdbFormatException(file, at + ", field 'frequency'", "a positive number", "'" + s + "'");
    }

    private static SignalSpec parseSignal(Path file, String at, String line, String[] f) throws WfdbFormatException {
        WfdbFiles.inside(Path.of(""), file, at + ", field 'file'", f[0]); // refused here, before any file is opened
        if (f.length < 2)
            throw new WfdbFormatException(
                    file, at + ", field 'format'", "a storage format after the file name", "end of line");
        // format[xspf][:skew][+offset]
        String fmt = f[1];
        int spf = 1, skew = 0;
        long offset = 0;
        int plus = fmt.indexOf('+');
        if (plus >= 0) {
            offset = parseLong(file, at, "format byte offset", fmt.substring(plus + 1));
            fmt = fmt.substring(0, plus);
        }
        if (offset < 0)
            throw new WfdbFormatException(
                    file, at + ", field 'format byte offset'", "a non-negative number of bytes", "'" + f[1] + "'");
        int colon = fmt.indexOf(':');
        if (colon >= 0) {
            skew = parseInt(file, at, "format skew", fmt.substring(colon + 1));
            fmt = fmt.substring(0, colon);
        }
        int x = fmt.indexOf('x');
        if (x >= 0) {
            spf = parseInt(file, at, "format samples per frame", fmt.substring(x + 1));
            fmt = fmt.substring(0, x);
        }
        int format = parseInt(file, at, "format", fmt);

        // gain[(baseline)][/units]; a gain of 0 or a missing one means WFDB's default of 200 per mV
        double gain = 200;
        String units = "mV";
        Integer baseline = null;
        if (f.length > 2) {
            String g = f[2];
            int slash = g.indexOf('/');
            if (slash >= 0) {
                units = g.substring(slash + 1);
                g = g.substring(0, slash);
            }
            int open = g.indexOf('(');
            if (open >= 0) {
                if (!g.endsWith(")"))
                    throw new WfdbFormatException(
                            file, at + ", field 'gain'", "gain(baseline) with a closing parenthesis", "'" + f[2] + "'");
                baseline = parseInt(file, at, "baseline", g.substring(open + 1, g.length() - 1));
                g = g.substring(0, open);
            }
            try {
                gain = Double.parseDouble(g);
            } catch (NumberFormatException e) {
                throw new WfdbFormatException(file, at + ", field 'gain'", "a number", "'" + f[2] + "'");
            }
            if (!(gain >= 0) || !Double.isFinite(gain))
                throw new WfdbFormatException(file, at + ", field 'gain'", "a non-negative number", "'" + f[2] + "'");
            if (gain == 0) gain = 200;
        }
        int adcRes = f.length > 3 ? parseInt(file, at, "adc resolution", f[3]) : 0;
        int adcZero = f.length > 4 ? parseInt(file, at, "adc zero", f[4]) : 0;
        int initVal = f.length > 5 ? parseInt(file, at, "initial value", f[5]) : adcZero;
        Integer checksum = f.length > 6 ? parseInt(file, at, "checksum", f[6]) : null;
        int blockSize = f.length > 7 ? parseInt(file, at, "block size", f[7]) : 0;
        String description = f.length > 8 ? descriptionOf(line) : "";
        return new SignalSpec(
                f[0],
                format,
                spf,
                skew,
                offset,
                gain,
                baseline == null ? adcZero : baseline,
                units,
                adcRes,
                adcZero,
                initVal,
                checksum,
                blockSize,
                description);
    }

    /** The description is everything after the eighth field, inner spaces kept ("ECG lead II"). */
    private static String descriptionOf(String line) {
        int pos = 0;
        for (int field = 0; field < 8; field++) {
            while (pos < line.length() && isBlank(line.charAt(pos))) pos++;
            while (pos < line.length() && !isBlank(line.charAt(pos))) pos++;
        }
        return line.substring(pos).strip();
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static int parseInt(Path file, String at, String field, String s) throws WfdbFormatException {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new WfdbFormatException(file, at + ", field '" + field + "'", "an integer", "'" + s + "'");
        }
    }

    private static long parseLong(Path file, String at, String field, String s) throws WfdbFormatException {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new WfdbFormatException(file, at + ", field '" + field + "'", "an integer", "'" + s + "'");
        }
    }

    /** Index of the first signal whose description equals {@code name} (case-insensitive), or -1. */
    public int signalIndex(String name) {
        for (int i = 0; i < signals.size(); i++)
            if (signals.get(i).description().equalsIgnoreCase(name)) return i;
        return -1;
    }
}
