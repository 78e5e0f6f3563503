package org.fatecg.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The file of {@code fatecg grid --config GRID.properties}, a Java properties file:
 *
 * <pre>
 *   seeds = 0,1,2                          the seeds every cell runs (default 0); mean and sd are over them
 *   axis.strategy = fedavg; median; krum   an axis: a key of fatecg run and its values, separated by ';'
 *   axis.federations = nonfat; fat         (a value may hold commas: axis.attacks = clean,pgd; clean,autoattack)
 *   run.rounds = 5                         a fixed setting of every cell: any key of fatecg run
 *   heatmap.rows = strategy                the two axes of the heatmaps (default: the first two axes)
 *   heatmap.columns = federations
 *   title = FedAvg against median          the report's heading (default: the file's name)
 * </pre>
 *
 * The cells are every combination of the axes' values, times the seeds, in the file's axis order with
 * the seed varying fastest. Each cell is one {@code fatecg run} whose settings are the fixed ones, then
 * the cell's axis values, then its seed, over the preset (run.preset, quick by default). Every error
 * names the file, the key and the value.
 */
final class GridConfig {
    /** One axis: a run key and its values in the file's order. */
    record Axis(String key, List<String> values) {}

    /** One cell: its axis values (axis key -> value, in axis order) and its seed, and its folder name. */
    record Cell(Map<String, String> values, long seed, String name) {
        /** The cell without its seed: what the seeds of one table row share. */
        String group() {
            return name.substring(0, name.lastIndexOf("seed-")).replaceAll("_$", "");
        }
    }

    static final String SEEDS = "seeds",
            AXIS = "axis.",
            RUN = "run.",
            ROWS = "heatmap.rows",
            COLUMNS = "heatmap.columns",
            TITLE = "title";

    final Path file;
    final Properties raw;
    final Map<String, String> fixed;
    final List<Axis> axes;
    final List<Long> seeds;
    final String rows, columns, title;

    private GridConfig(
            Path file,
            Properties raw,
            Map<String, String> fixed,
            List<Axis> axes,
            List<Long> seeds,
            String rows,
            String columns,
            String title) {
        this.file = file;
        this.raw = raw;
        this.fixed = fixed;
        this.axes = axes;
        this.seeds = seeds;
        this.rows = rows;
        this.columns = columns;
        this.title = title;
    }

    /** Reads and checks file; runKeys are the long option names of fatecg run that a file may set. */
    static GridConfig read(Path file, Set<String> runKeys) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not UTF-8 text", e);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": not a properties file: " + e.getMessage(), e);
        }
        Map<String, String> fixed = new LinkedHashMap<>();
        // Properties forgets the file's order; axes keep it, so read the keys in the order they appear.
        List<String> order = keyOrder(file, p);
        List<Axis> axes = new ArrayList<>();
        for (String key : order) {
            String value = p.getProperty(key).trim();
            if (key.startsWith(AXIS) || key.startsWith(RUN)) {
                String k = key.substring(key.startsWith(AXIS) ? AXIS.length() : RUN.length());
                if (!runKeys.contains(k) || RunDefaults.NOT_KNOBS.contains(k))
                    throw error(file, key, value, "'" + k + "' is not a setting of fatecg run");
                if (k.equals("seed")) throw error(file, key, value, "seeds are set with 'seeds = 0,1,2'");
                if (k.equals("data") || k.equals("cache-dir"))
                    throw error(file, key, value, "give --" + k + " to fatecg grid, not in the grid file");
                if (key.startsWith(RUN)) {
                    if (value.isEmpty()) throw error(file, key, value, "empty value");
                    fixed.put(k, value);
                } else {
                    List<String> vs = new ArrayList<>();
                    for (String v : value.split(";", -1)) {
                        String t = v.trim();
                        if (t.isEmpty()) throw error(file, key, value, "an empty value between ';'");
                        if (vs.contains(t)) throw error(file, key, value, "'" + t + "' listed twice");
                        vs.add(t);
                    }
                    axes.add(new Axis(k, List.copyOf(vs)));
                }
            } else if (!key.equals(SEEDS) && !key.equals(ROWS) && !key.equals(COLUMNS) && !key.equals(TITLE))
                throw error(
                        file,
                        key,
                        value,
                        "unknown key (expected seeds, axis.<run key>, run.<run key>, heatmap.rows, heatmap.columns, title)");
        }
        for (Axis a : axes)
            if (fixed.containsKey(a.key()))
                throw error(file, RUN + a.key(), fixed.get(a.key()), "'" + a.key() + "' is also an axis");
        List<Long> seeds = new ArrayList<>();
        String seedText = p.getProperty(SEEDS, "0").trim();
        for (String s : seedText.split(",", -1)) {
            long v;
            try {
                v = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw error(file, SEEDS, seedText, "'" + s.trim() + "' is not an integer");
            }
            if (v < 0) throw error(file, SEEDS, seedText, "seeds must be >= 0");
            if (seeds.contains(v)) throw error(file, SEEDS, seedText, v + " listed twice");
            seeds.add(v);
        }
        String rows = heatmapAxis(file, p, ROWS, axes, 0), columns = heatmapAxis(file, p, COLUMNS, axes, 1);
        if (rows != null && rows.equals(columns)) throw error(file, COLUMNS, columns, "the same axis as heatmap.rows");
        String name = file.getFileName().toString().replaceFirst("\\.properties$", "");
        return new GridConfig(
                file,
                p,
                fixed,
                List.copyOf(axes),
                List.copyOf(seeds),
                rows,
                columns,
                p.getProperty(TITLE, name).trim());
    }

    private static String heatmapAxis(Path file, Properties p, String key, List<Axis> axes, int fallback) {
        String v = p.getProperty(key);
        if (v == null) return axes.size() > fallback ? axes.get(fallback).key() : null;
        for (Axis a : axes) if (a.key().equals(v.trim())) return a.key();
        List<String> names = new ArrayList<>();
        for (Axis a : axes) names.add(a.key());
        throw error(file, key, v.trim(), "not an axis of this grid (axes: " + names + ")");
    }

    /** The keys in the order of their first line in the file (Properties does not keep it). */
    private static List<String> keyOrder(Path file, Properties p) throws IOException {
        Map<Integer, String> at = new TreeMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String key : p.stringPropertyNames()) {
            int line = Integer.MAX_VALUE;
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i).stripLeading();
                if (l.startsWith(key) && l.substring(key.length()).matches("\\s*[=:\\s].*|\\s*")) {
                    line = i;
                    break;
                }
            }
            while (at.containsKey(line)) line++; // a key written with escapes: after the others, still kept
            at.put(line, key);
        }
        return new ArrayList<>(at.values());
    }

    static IllegalArgumentException error(Path file, String key, String value, String why) {
        return new IllegalArgumentException(file + ": key '" + key + "' = '" + value + "': " + why);
    }

    /** Every cell: the product of the axes' values in axis order, the seed varying fastest. */
    List<Cell> cells() {
        List<Map<String, String>> combos = new ArrayList<>(List.of(new LinkedHashMap<>()));
        for (Axis a : axes) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> c : combos)
                for (String v : a.values()) {
                    Map<String, String> m = new LinkedHashMap<>(c);
                    m.put(a.key(), v);
                    next.add(m);
                }
            combos = next;
        }
        List<Cell> out = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Map<String, String> c : combos)
            for (long seed : seeds) {
                StringBuilder n = new StringBuilder();
                for (Map.Entry<String, String> e : c.entrySet())
                    n.append(e.getKey()).append('-').append(e.getValue()).append('_');
                String name = n.append("seed-").append(seed).toString().replaceAll("[^A-Za-z0-9.+=_-]", "+");
                if (!names.add(name))
                    throw new IllegalArgumentException(file + ": two cells get the folder name '" + name
                            + "' (values that differ only in characters other than letters, digits and . + = _ -)");
                out.add(new Cell(java.util.Collections.unmodifiableMap(c), seed, name));
            }
        return out;
    }

    /** The settings file of one cell, in fatecg run's --config format: fixed settings, then the cell's values and seed. */
    String cellProperties(Cell c) {
        StringBuilder b = new StringBuilder("# cell " + c.name() + " of the grid " + file.getFileName() + "\n");
        Map<String, String> all = new LinkedHashMap<>(fixed);
        for (Axis a : axes) all.put(a.key(), c.values().get(a.key()));
        all.put("seed", Long.toString(c.seed()));
        for (Map.Entry<String, String> e : all.entrySet())
            b.append(e.getKey()).append('=').append(escape(e.getValue())).append('\n');
        return b.toString();
    }

    /** A value as Properties.load reads it back: backslashes doubled, leading blanks and line breaks escaped. */
    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }
}
