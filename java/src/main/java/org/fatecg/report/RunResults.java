package org.fatecg.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a finished run folder back: each federation's accuracy per condition at its last evaluated
 * round, from metrics.csv. Used by the commands that run several {@code fatecg run}s and compare them
 * (privacy, grid). Every field it reads is checked: a malformed file is an error naming it.
 */
public final class RunResults {
    private RunResults() {}

    /**
     * One federation's last evaluated round: condition key (clean, pgd, ...) -> accuracy in [0, 1], and
     * -> dataset-level macro F1 in [0, 1] where metrics.csv has the macro_f1 column (else empty).
     */
    public record Final(String federation, int round, Map<String, Double> accuracy, Map<String, Double> macroF1) {}

    /** The last evaluated round of every federation in dir/metrics.csv, in the file's order. */
    public static List<Final> lastRound(Path dir) throws IOException {
        Path file = dir.resolve("metrics.csv");
        Map<String, Integer> round = new LinkedHashMap<>();
        Map<String, Map<String, Double>> acc = new LinkedHashMap<>(), f1 = new LinkedHashMap<>();
        for (Map<String, String> r : readCsv(file)) {
            String f = r.get("federation"), c = r.get("condition");
            if (f == null || c == null) throw new IOException(file + ": no column 'federation' or 'condition'");
            int k = (int) number(file, "round", r.get("round"));
            Integer seen = round.get(f);
            if (seen == null || k > seen) {
                round.put(f, k);
                acc.put(f, new LinkedHashMap<>());
                f1.put(f, new LinkedHashMap<>());
            }
            if (k == round.get(f)) {
                acc.get(f).put(c, number(file, "accuracy", r.get("accuracy")));
                if (r.containsKey("macro_f1")) f1.get(f).put(c, number(file, "macro_f1", r.get("macro_f1")));
            }
        }
        if (round.isEmpty()) throw new IOException(file + ": no rows");
        List<Final> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : round.entrySet())
            out.add(new Final(
                    e.getKey(), e.getValue(), Map.copyOf(acc.get(e.getKey())), Map.copyOf(f1.get(e.getKey()))));
        return out;
    }

    /** A CSV written by fatecg (no quoted fields), as header -> value maps; a malformed line is an error naming it. */
    static List<Map<String, String>> readCsv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) throw new IOException(file + ": empty, expected a header line");
        String[] head = lines.get(0).split(",", -1);
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) continue;
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length != head.length)
                throw new IOException(
                        file + ": line " + (i + 1) + " has " + cells.length + " fields, the header " + head.length);
            Map<String, String> m = new LinkedHashMap<>();
            for (int j = 0; j < head.length; j++) m.put(head[j], cells[j]);
            out.add(m);
        }
        return out;
    }

    /** A numeric field; empty is NaN (how Csv writes a non-finite value). */
    static double number(Path file, String field, String value) throws IOException {
        if (value == null) throw new IOException(file + ": no column '" + field + "'");
        try {
            return value.isEmpty() ? Double.NaN : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IOException(file + ": field '" + field + "' is '" + value + "', not a number");
        }
    }
}
