package org.fatecg.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.fatecg.io.AtomicFiles;

/**
 * A table of shares in [0, 1] drawn as a PNG heatmap: rows and columns labelled, each cell printing its
 * value as a percentage and shaded on the white-to-dark-blue scale of {@link ConfusionMatrixChart}
 * (a missing value, NaN, is left grey with a dash). Used for the threat grid (attack x defence under
 * clean accuracy, accuracy under PGD and backdoor success) and for {@code fatecg grid} (two chosen axes,
 * mean accuracy over seeds). Not a general plotting tool.
 */
public final class Heatmap {
    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private static final Color TEXT = new Color(0x222222), MISSING = new Color(0xdddddd);

    private final String title;
    private final List<String> rows, columns;
    private final double[][] values;

    public Heatmap(String title, List<String> rows, List<String> columns, double[][] values) {
        if (values.length != rows.size())
            throw new IllegalArgumentException(rows.size() + " row labels for " + values.length + " rows");
        for (int r = 0; r < values.length; r++)
            if (values[r].length != columns.size())
                throw new IllegalArgumentException(
                        "row " + r + " has " + values[r].length + " values for " + columns.size() + " columns");
        this.title = title;
        this.rows = List.copyOf(rows);
        this.columns = List.copyOf(columns);
        this.values = values;
    }

    /**
     * The heatmap of items placed by two keys: rows and columns are the distinct row and column keys in
     * the order they first appear, a cell holds the value of the item with those keys (the last one, if
     * several share them), NaN where none does.
     */
    public static <T> Heatmap of(
            String title,
            List<T> items,
            Function<T, String> rowKey,
            Function<T, String> columnKey,
            ToDoubleFunction<T> value) {
        Set<String> rs = new LinkedHashSet<>(), cs = new LinkedHashSet<>();
        for (T t : items) {
            rs.add(rowKey.apply(t));
            cs.add(columnKey.apply(t));
        }
        List<String> rows = new ArrayList<>(rs), cols = new ArrayList<>(cs);
        double[][] v = new double[rows.size()][cols.size()];
        for (double[] row : v) Arrays.fill(row, Double.NaN);
        for (T t : items) v[rows.indexOf(rowKey.apply(t))][cols.indexOf(columnKey.apply(t))] = value.applyAsDouble(t);
        return new Heatmap(title, rows, cols, v);
    }

    public void writePng(Path file) throws IOException {
        AtomicFiles.writePng(file, render());
    }

    BufferedImage render() {
        int cellW = 92, cellH = 40, pad = 14;
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D p = probe.createGraphics();
        Font label = new Font(Font.SANS_SERIF, Font.PLAIN, 13), bold = new Font(Font.SANS_SERIF, Font.BOLD, 15);
        p.setFont(label);
        FontMetrics fm = p.getFontMetrics();
        int labelW = 0;
        for (String r : rows) labelW = Math.max(labelW, fm.stringWidth(r));
        for (String c : columns) cellW = Math.max(cellW, fm.stringWidth(c) + 10);
        p.dispose();
        int left = pad + labelW + pad, top = pad + 24 + pad + fm.getHeight();
        int width = left + cellW * columns.size() + pad, height = top + cellH * rows.size() + pad;
        width = Math.max(width, 320);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(TEXT);
            g.setFont(bold);
            g.drawString(title, pad, pad + 16);
            g.setFont(label);
            for (int c = 0; c < columns.size(); c++)
                g.drawString(
                        columns.get(c),
                        left + c * cellW + (cellW - fm.stringWidth(columns.get(c))) / 2f,
                        top - fm.getDescent() - 4);
            for (int r = 0; r < rows.size(); r++) {
                int y = top + r * cellH;
                g.setColor(TEXT);
                g.drawString(
                        rows.get(r),
                        left - pad / 2 - fm.stringWidth(rows.get(r)),
                        y + (cellH + fm.getAscent()) / 2f - 2);
                for (int c = 0; c < columns.size(); c++) {
                    double v = values[r][c];
                    int x = left + c * cellW;
                    boolean missing = !Double.isFinite(v);
                    g.setColor(missing ? MISSING : ConfusionMatrixChart.shade(v));
                    g.fillRect(x, y, cellW, cellH);
                    g.setColor(!missing && v > 0.45 ? Color.WHITE : TEXT);
                    String s = missing ? "-" : String.format(Locale.ROOT, "%.1f", 100 * v);
                    g.drawString(s, x + (cellW - fm.stringWidth(s)) / 2f, y + (cellH + fm.getAscent()) / 2f - 2);
                }
            }
            g.setColor(new Color(0x999999));
            g.drawRect(left, top, cellW * columns.size(), cellH * rows.size());
        } finally {
            g.dispose();
        }
        return img;
    }
}
