package org.fatecg.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.fatecg.attack.Condition;
import org.fatecg.eval.MeanSd;
import org.fatecg.io.AtomicFiles;
import org.fatecg.io.Csv;

/**
 * The report of {@code fatecg grid}: report.md (one row per cell and federation with the accuracy under
 * every condition as mean ± sample sd over the seeds and links to each seed's own run report; Table 2
 * beside the paper's for the Non-FAT and FAT federations; the heatmaps), grid.csv (every cell, seed,
 * federation and condition), summary.csv (the means and sds) and heatmaps/ (PNG, two chosen axes, mean
 * accuracy over seeds, one per condition, federation and combination of the other axes). A heatmap axis
 * may be {@code federations}: its values are then the federations themselves. It reads only the cells'
 * metrics.csv (through {@link RunResults}) and writes every file atomically.
 */
public final class GridReport {
    private GridReport() {}

    /** What the grid ran: its title, axes in order, fixed settings, seeds and heatmap axes (null: none). */
    public record Layout(
            String title,
            List<String> axes,
            Map<String, String> fixed,
            List<Long> seeds,
            String rows,
            String columns) {}

    /** One finished cell: its axis values, seed, folder (relative to the grid folder) and its run's results. */
    public record Cell(Map<String, String> values, long seed, String folder, List<RunResults.Final> results) {}

    /** One table row: the cells of every seed that share axis values, for one federation. */
    record Row(Map<String, String> values, String federation, List<Cell> cells) {
        MeanSd accuracy(String condition) {
            List<Double> v = new ArrayList<>();
            for (Cell c : cells)
                for (RunResults.Final f : c.results())
                    if (f.federation().equals(federation) && f.accuracy().containsKey(condition))
                        v.add(f.accuracy().get(condition));
            return MeanSd.of(v.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }

    /** Groups the cells into rows (first appearance order of the axis values, then of the federations). */
    static List<Row> rows(List<Cell> cells) {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (Cell c : cells)
            for (RunResults.Final f : c.results())
                rows.computeIfAbsent(
                                c.values() + "|" + f.federation(),
                                k -> new Row(c.values(), f.federation(), new ArrayList<>()))
                        .cells()
                        .add(c);
        return new ArrayList<>(rows.values());
    }

    /** Writes everything under dir; returns report.md's text. */
    public static String write(Path dir, Layout layout, List<Cell> cells) throws IOException {
        List<Row> rows = rows(cells);
        Set<String> conds = new LinkedHashSet<>();
        for (Cell c : cells)
            for (RunResults.Final f : c.results())
                conds.addAll(order(f.accuracy().keySet()));
        List<String> conditions = new ArrayList<>(conds);

        Csv grid = new Csv(header(layout.axes(), "seed", "federation", "round", "condition", "accuracy", "folder"));
        for (Cell c : cells)
            for (RunResults.Final f : c.results())
                for (String cond : conditions)
                    if (f.accuracy().containsKey(cond)) {
                        List<Object> r = new ArrayList<>(axisValues(layout, c.values()));
                        r.addAll(List.of(
                                c.seed(),
                                f.federation(),
                                f.round(),
                                cond,
                                f.accuracy().get(cond),
                                c.folder()));
                        grid.row(r);
                    }
        grid.write(dir.resolve("grid.csv"));

        Csv summary = new Csv(header(layout.axes(), "federation", "condition", "mean", "sd", "seeds"));
        List<String> head = new ArrayList<>(layout.axes());
        head.add("federation");
        for (String c : conditions) head.add(title(c) + " %");
        head.add("seeds");
        head.add("cell reports");
        MarkdownTable table = new MarkdownTable(head.toArray(new String[0]));
        for (Row r : rows) {
            List<Object> t = new ArrayList<>(axisValues(layout, r.values()));
            t.add(r.federation());
            for (String c : conditions) {
                MeanSd m = r.accuracy(c);
                t.add(m.format(100, 1));
                if (m.n() > 0) {
                    List<Object> s = new ArrayList<>(axisValues(layout, r.values()));
                    s.addAll(List.of(r.federation(), c, m.mean(), m.sd(), m.n()));
                    summary.row(s);
                }
            }
            t.add(r.cells().size());
            List<String> links = new ArrayList<>();
            for (Cell c : r.cells()) links.add("[seed " + c.seed() + "](" + c.folder() + "/report.md)");
            t.add(String.join(" ", links));
            table.row(t.toArray());
        }
        summary.write(dir.resolve("summary.csv"));

        StringBuilder b = new StringBuilder("# Grid: ").append(layout.title()).append("\n\n");
        b.append(String.format(
                Locale.ROOT,
                "%d cells: %s x seeds %s. Fixed settings: %s (every other setting from the preset). "
                        + "Each cell is one `fatecg run` in its folder under `cells/`; accuracy is at each run's last evaluated round, "
                        + "mean ± sample standard deviation (n - 1) over the seeds, in percent.\n\n",
                cells.size(),
                layout.axes().isEmpty() ? "no axes" : String.join(" x ", layout.axes()),
                layout.seeds(),
                layout.fixed().isEmpty() ? "none" : layout.fixed()));
        b.append("## Every cell\n\n").append(table).append('\n');
        String paper = paperTables(layout, rows, conditions);
        if (!paper.isEmpty()) b.append(paper);
        List<String> pngs = heatmaps(dir, layout, rows, conditions);
        if (!pngs.isEmpty()) {
            b.append("## Heatmaps: ")
                    .append(layout.rows())
                    .append(" (rows) x ")
                    .append(layout.columns())
                    .append(" (columns), mean accuracy over seeds\n\n");
            for (String p : pngs)
                b.append("![").append(p).append("](").append(p).append(")\n\n");
        }
        b.append("Every cell, seed and condition: [grid.csv](grid.csv); means and sds: [summary.csv](summary.csv).\n");
        String md = b.toString();
        AtomicFiles.writeString(dir.resolve("report.md"), md);
        return md;
    }

    /**
     * Table 2 of Çelik and Güllü (2025) beside ours, per combination of axis values that has a Non-FAT
     * or FAT federation: accuracy per condition, ours as mean ± sd over seeds, the paper's, and the
     * difference of the means. Conditions the paper did not publish (autoattack, ...) show "-".
     */
    static String paperTables(Layout layout, List<Row> rows, List<String> conditions) {
        Map<Map<String, String>, Map<PaperTables.Model, Row>> groups = new LinkedHashMap<>();
        for (Row r : rows)
            for (PaperTables.Model m : PaperTables.Model.values())
                if (m.label.equals(r.federation()))
                    groups.computeIfAbsent(r.values(), k -> new LinkedHashMap<>())
                            .put(m, r);
        if (groups.isEmpty()) return "";
        StringBuilder b = new StringBuilder("## Table 2 (accuracy %), ours over seeds beside the paper's\n\n");
        for (Map.Entry<Map<String, String>, Map<PaperTables.Model, Row>> g : groups.entrySet()) {
            if (!g.getKey().isEmpty()) b.append("### ").append(g.getKey()).append("\n\n");
            List<String> head = new ArrayList<>(List.of("condition"));
            for (PaperTables.Model m : g.getValue().keySet())
                head.addAll(List.of(m.label + " ours", m.label + " paper", m.label + " Δ (pp)"));
            MarkdownTable t = new MarkdownTable(head.toArray(new String[0])).decimals(2);
            for (String c : conditions) {
                List<Object> r = new ArrayList<>(List.of(title(c)));
                Condition cond = Condition.parse(c);
                for (Map.Entry<PaperTables.Model, Row> e : g.getValue().entrySet()) {
                    MeanSd m = e.getValue().accuracy(c);
                    r.add(m.format(100, 2));
                    if (Condition.PAPER.contains(cond)) {
                        double p = PaperTables.accuracy(e.getKey(), cond);
                        r.add(p);
                        r.add(String.format(Locale.ROOT, "%+.2f", 100 * m.mean() - p));
                    } else {
                        r.add("-");
                        r.add("-");
                    }
                }
                t.row(r.toArray());
            }
            b.append(t).append('\n');
        }
        return b.toString();
    }

    /** The heatmaps; returns their paths relative to dir. */
    static List<String> heatmaps(Path dir, Layout layout, List<Row> rows, List<String> conditions) throws IOException {
        List<String> out = new ArrayList<>();
        if (layout.rows() == null || layout.columns() == null) return out;
        boolean fedAxis =
                layout.rows().equals("federations") || layout.columns().equals("federations");
        Map<String, List<Row>> files = new LinkedHashMap<>();
        for (Row r : rows) {
            StringBuilder key = new StringBuilder();
            for (String a : layout.axes())
                if (!a.equals(layout.rows()) && !a.equals(layout.columns()))
                    key.append(a).append('-').append(r.values().get(a)).append('_');
            if (!fedAxis) key.append(r.federation()).append('_');
            files.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(r);
        }
        Files.createDirectories(dir.resolve("heatmaps"));
        for (Map.Entry<String, List<Row>> e : files.entrySet())
            for (String c : conditions) {
                String name = ("heatmaps/" + e.getKey() + c).replaceAll("[^A-Za-z0-9./+=_-]", "+") + ".png";
                String label = e.getKey().isEmpty()
                        ? ""
                        : e.getKey().replaceAll("_$", "").replace('_', ' ') + ": ";
                Heatmap.of(
                                label + title(c) + " accuracy %",
                                e.getValue(),
                                r -> key(r, layout.rows()),
                                r -> key(r, layout.columns()),
                                r -> r.accuracy(c).mean())
                        .writePng(dir.resolve(name));
                out.add(name);
            }
        return out;
    }

    private static String key(Row r, String axis) {
        return axis.equals("federations") ? r.federation() : r.values().get(axis);
    }

    private static List<String> header(List<String> axes, String... rest) {
        List<String> h = new ArrayList<>(axes);
        h.addAll(List.of(rest));
        return h;
    }

    private static List<Object> axisValues(Layout layout, Map<String, String> values) {
        List<Object> v = new ArrayList<>();
        for (String a : layout.axes()) v.add(values.get(a));
        return v;
    }

    /** Conditions in Condition order (clean, pgd, fgsm, ...), unknown keys after them as found. */
    private static List<String> order(Set<String> keys) {
        List<String> out = new ArrayList<>();
        for (Condition c : Condition.values()) if (keys.contains(c.key())) out.add(c.key());
        for (String k : keys) if (!out.contains(k)) out.add(k);
        return out;
    }

    private static String title(String key) {
        for (Condition c : Condition.values()) if (c.key().equals(key)) return c.title();
        return key;
    }
}
