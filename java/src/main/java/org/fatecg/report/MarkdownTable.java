/*
 * MarkdownTable: a GitHub-flavoured Markdown pipe table whose columns are padded to line up in a
 * plain-text viewer too, with per-column alignment. Used for the paper-comparison tables and run
 * summaries. It is not a Markdown renderer and does not wrap long cells.
 */
package org.fatecg.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A Markdown table: header, alignment row, body rows, each line ending in "\n".
 *
 * <p>Cells: {@code Double}/{@code Float} with a fixed number of decimals (default 2; "n/a" when not
 * finite), {@code null} as empty, everything else by {@code toString()}. A '|' in a cell is escaped
 * as "\|", line breaks become spaces. Widths count code points, so "±" or "é" pad correctly.
 */
public final class MarkdownTable {

    /** Column alignment; Markdown writes it as ":--", "--:" or ":-:" in the separator row. */
    public enum Align {
        LEFT,
        RIGHT,
        CENTER
    }

    private final String[] header;
    private final Align[] align;
    private final List<String[]> rows = new ArrayList<>();
    private int decimals = 2;

    /** Columns start left-aligned; see {@link #align}. */
    public MarkdownTable(String... header) {
        if (header.length == 0) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.header = new String[header.length];
        for (int i = 0; i < header.length; i++) {
            this.header[i] = escape(header[i]);
        }
        this.align = new Align[header.length];
        Arrays.fill(align, Align.LEFT);
    }

    /** Sets the alignment of columns 0.. in order; columns not named keep theirs. */
    public MarkdownTable align(Align... columns) {
        if (columns.length > align.length) {
            throw new IllegalArgumentException(columns.length + " alignments for " + align.length + " columns");
        }
        System.arraycopy(columns, 0, align, 0, columns.length);
        return this;
    }

    /** Decimals for Double and Float cells of rows added after this call. */
    public MarkdownTable decimals(int d) {
        if (d < 0 || d > 17) {
            throw new IllegalArgumentException("decimals must be in 0..17, got " + d);
        }
        decimals = d;
        return this;
    }

    public MarkdownTable row(Object... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException(
                    "row has " + cells.length + " cells, header has " + header.length + " columns");
        }
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = escape(cell(cells[i]));
        }
        rows.add(r);
        return this;
    }

    public int rowCount() {
        return rows.size();
    }

    @Override
    public String toString() {
        int n = header.length;
        int[] w = new int[n];
        for (int c = 0; c < n; c++) {
            w[c] = Math.max(3, width(header[c])); // "---" is the shortest separator cell
            for (String[] r : rows) {
                w[c] = Math.max(w[c], width(r[c]));
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, w);
        sb.append('|');
        for (int c = 0; c < n; c++) {
            sb.append(' ');
            sb.append(align[c] != Align.RIGHT ? ':' : '-');
            sb.append("-".repeat(w[c] - 2));
            sb.append(align[c] != Align.LEFT ? ':' : '-');
            sb.append(" |");
        }
        sb.append('\n');
        for (String[] row : rows) {
            line(sb, row, w);
        }
        return sb.toString();
    }

    private void line(StringBuilder sb, String[] cells, int[] w) {
        sb.append('|');
        for (int c = 0; c < cells.length; c++) {
            int pad = w[c] - width(cells[c]);
            int before = switch (align[c]) {
                case LEFT -> 0;
                case RIGHT -> pad;
                case CENTER -> pad / 2;
            };
            sb.append(' ')
                    .append(" ".repeat(before))
                    .append(cells[c])
                    .append(" ".repeat(pad - before))
                    .append(" |");
        }
        sb.append('\n');
    }

    private String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            return Double.isFinite(d) ? String.format(Locale.ROOT, "%." + decimals + "f", d) : "n/a";
        }
        return v.toString();
    }

    private static String escape(String s) {
        return s == null
                ? ""
                : s.replace("|", "\\|").replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }
}
