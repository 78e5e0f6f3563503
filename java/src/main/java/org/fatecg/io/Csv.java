/*
 * Csv: an in-memory CSV table (RFC 4180 quoting) for per-round metrics and sweeps: a header, then
 * rows of exactly as many cells. Numbers are written in full precision so that a reader gets back
 * the same double; NaN and infinities become empty cells. It is not a CSV parser.
 */
package org.fatecg.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV table. Lines end in "\n" (RFC 4180 says CRLF; every CSV reader in use accepts LF, and LF
 * keeps the files diff-friendly). A field is quoted when it contains a comma, a double quote, CR or
 * LF, or starts or ends with a space; inner quotes are doubled.
 *
 * <p>Cells: {@code null} is empty; {@code Double}/{@code Float} use {@code Double.toString}
 * (shortest round-trip form) and are empty when not finite; everything else is {@code toString()}.
 */
public final class Csv {

    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();

    public Csv(String... header) {
        if (header.length == 0) {
            throw new IllegalArgumentException("a CSV table needs at least one column");
        }
        this.header = header.clone();
    }

    public Csv(List<String> header) {
        this(header.toArray(new String[0]));
    }

    /** Appends a row; it must have one cell per header column. */
    public Csv row(Object... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException(
                    "row has " + cells.length + " cells, header has " + header.length + " columns");
        }
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = cell(cells[i]);
        }
        rows.add(r);
        return this;
    }

    public Csv row(List<?> cells) {
        return row(cells.toArray());
    }

    public int rowCount() {
        return rows.size();
    }

    public List<String> header() {
        return List.of(header);
    }

    /** The whole table, header first, each line ending in "\n". */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        line(sb, header);
        for (String[] r : rows) {
            line(sb, r);
        }
        return sb.toString();
    }

    /** Writes the table atomically (readers never see a half-written file). */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toString());
    }

    private static void line(StringBuilder sb, String[] cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            field(sb, cells[i]);
        }
        sb.append('\n');
    }

    static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                return "";
            }
            return v instanceof Float ? Float.toString((Float) v) : Double.toString(d);
        }
        if (v.getClass().isArray()) {
            throw new IllegalArgumentException(
                    "an array is not a CSV cell: " + v.getClass().getSimpleName());
        }
        return v.toString();
    }

    private static void field(StringBuilder sb, String s) {
        boolean quote = !s.isEmpty() && (s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' ');
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            sb.append(s);
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                sb.append('"');
            }
            sb.append(c);
        }
        sb.append('"');
    }
}
