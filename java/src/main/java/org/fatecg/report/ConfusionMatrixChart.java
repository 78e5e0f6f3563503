/*
 * ConfusionMatrixChart: a confusion matrix drawn as a PNG heatmap. Rows are true classes, columns
 * predictions; each cell shows its count and its share of the row, and is shaded by that share
 * (row-normalised, so the diagonal reads as per-class recall and a rare class such as F is as
 * visible as N). A colour bar explains the shading and each row's total is printed at its end.
 * It is not a general heatmap: one matrix, one sequential colour scale from white to dark blue.
 */
package org.fatecg.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.fatecg.eval.ConfusionMatrix;
import org.fatecg.io.AtomicFiles;

/** A confusion-matrix heatmap written as a PNG. */
public final class ConfusionMatrixChart {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** The light and dark ends of the shading scale (ColorBrewer "Blues" 1 and 9). */
    static final Color LOW = new Color(0xf7fbff);

    static final Color HIGH = new Color(0x08306b);
    private static final Color TEXT = new Color(0x222222);

    /** What the shading means: each cell's share of its row, the beats of one true class. */
    static final String BAR_LABEL = "share of the true class (row %)";

    private final String title;
    private final String[] labels;
    private final long[][] counts;

    /** counts[t][p] = samples of true class t predicted as p; labels name the classes (e.g. N S V F Q). */
    public ConfusionMatrixChart(String title, String[] classNames, long[][] counts) {
        if (counts.length != classNames.length) {
            throw new IllegalArgumentException(classNames.length + " names for " + counts.length + " rows");
        }
        this.title = title == null ? "" : title;
        this.labels = classNames.clone();
        this.counts = new long[counts.length][];
        for (int t = 0; t < counts.length; t++) {
            if (counts[t].length != counts.length) {
                throw new IllegalArgumentException(
                        "row " + t + " has " + counts[t].length + " columns, not " + counts.length);
            }
            this.counts[t] = counts[t].clone();
        }
    }

    public static ConfusionMatrixChart of(String title, String[] classNames, ConfusionMatrix cm) {
        return new ConfusionMatrixChart(title, classNames, cm.toArray());
    }

    public void writePng(Path file, int width, int height) throws IOException {
        AtomicFiles.writePng(file, render(width, height));
    }

    /**
     * Cell colour for a row share f in [0, 1]: linear interpolation between LOW and HIGH in sRGB.
     * Linear in sRGB is not perceptually uniform, but it is monotone in lightness for this pair,
     * which is all a reader needs to rank cells.
     */
    static Color shade(double f) {
        double t = Double.isFinite(f) ? Math.max(0, Math.min(1, f)) : 0;
        return new Color(
                (int) Math.round(LOW.getRed() + t * (HIGH.getRed() - LOW.getRed())),
                (int) Math.round(LOW.getGreen() + t * (HIGH.getGreen() - LOW.getGreen())),
                (int) Math.round(LOW.getBlue() + t * (HIGH.getBlue() - LOW.getBlue())));
    }

    BufferedImage render(int width, int height) {
        int k = counts.length;
        if (width < 200 || height < 150) {
            throw new IllegalArgumentException("chart needs at least 200x150 pixels, got " + width + "x" + height);
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);

            int base = Math.max(10, Math.round(Math.min(width, height) / 38f));
            Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, base + 1);
            Font boldFont = new Font(Font.SANS_SERIF, Font.BOLD, base + 1);
            Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, base + 3);
            g.setFont(labelFont);
            FontMetrics fm = g.getFontMetrics();
            int pad = base;
            int labelW = 0;
            for (String s : labels) {
                labelW = Math.max(labelW, fm.stringWidth(s));
            }
            long maxRow = 1;
            for (long[] row : counts) {
                maxRow = Math.max(maxRow, sum(row));
            }
            int totalW = fm.stringWidth("n=" + maxRow);
            // The bar, its tick labels, and its own label turned upright beside them.
            int barW = 2 * base + fm.stringWidth("100%") + pad + fm.getHeight() + pad / 2;

            // Layout: title, "predicted" label and column labels above; "true" label and row labels left;
            // row totals and the colour bar right. Cells are square.
            int top = pad
                    + (title.isEmpty() ? 0 : g.getFontMetrics(titleFont).getHeight() + pad / 2)
                    + fm.getHeight()
                    + fm.getHeight()
                    + pad / 2;
            int left = pad + fm.getHeight() + pad / 2 + labelW + pad / 2;
            int availW = width - left - pad - totalW - pad - barW - pad;
            int availH = height - top - pad;
            int cell = Math.max(1, Math.min(availW, availH) / Math.max(1, k));
            int gridW = cell * k;

            if (!title.isEmpty()) {
                g.setFont(titleFont);
                g.setColor(TEXT);
                FontMetrics tfm = g.getFontMetrics();
                g.drawString(title, (width - tfm.stringWidth(title)) / 2f, pad + tfm.getAscent());
            }
            // Centre the block (labels, grid, totals, bar) horizontally when the height limits the cells.
            g.translate(Math.max(0, (availW - gridW) / 2), 0);
            g.setFont(labelFont);
            g.setColor(TEXT);
            String pred = "predicted";
            g.drawString(
                    pred, left + (gridW - fm.stringWidth(pred)) / 2f, top - fm.getHeight() - pad / 2 - fm.getDescent());
            AffineTransform saved = g.getTransform();
            String truth = "true";
            g.translate(pad + fm.getAscent(), top + (gridW + fm.stringWidth(truth)) / 2.0);
            g.rotate(-Math.PI / 2);
            g.drawString(truth, 0, 0);
            g.setTransform(saved);

            // Fonts for cell text shrink with the cell so five classes fit at 500 px and twenty still do.
            int cellFontSize = Math.max(8, Math.min(base + 1, cell / 5));
            Font countFont = new Font(Font.SANS_SERIF, Font.BOLD, cellFontSize);
            Font shareFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(7, cellFontSize - 2));
            for (int t = 0; t < k; t++) {
                long rowSum = sum(counts[t]);
                int y = top + t * cell;
                g.setFont(boldFont);
                g.setColor(TEXT);
                g.drawString(
                        labels[t],
                        left - pad / 2 - g.getFontMetrics().stringWidth(labels[t]),
                        y + (cell + fm.getAscent()) / 2f - 1);
                for (int p = 0; p < k; p++) {
                    double share = rowSum == 0 ? 0 : (double) counts[t][p] / rowSum;
                    int x = left + p * cell;
                    g.setColor(shade(share));
                    g.fillRect(x, y, cell, cell);
                    // Dark cells get white text: the switch is at about half the scale's lightness.
                    g.setColor(share > 0.45 ? Color.WHITE : TEXT);
                    drawCentred(g, countFont, Long.toString(counts[t][p]), x, y, cell, -0.35);
                    if (rowSum > 0) {
                        drawCentred(g, shareFont, percent(share), x, y, cell, 0.9);
                    }
                }
                g.setFont(labelFont);
                g.setColor(TEXT);
                g.drawString("n=" + rowSum, left + gridW + pad / 2f, y + (cell + fm.getAscent()) / 2f - 1);
            }
            g.setFont(boldFont);
            for (int p = 0; p < k; p++) {
                int x = left + p * cell;
                g.drawString(
                        labels[p],
                        x + (cell - g.getFontMetrics().stringWidth(labels[p])) / 2f,
                        top - pad / 2f - fm.getDescent());
            }
            g.setColor(new Color(0x999999));
            g.drawRect(left, top, gridW, gridW);

            // Colour bar: 0% at the bottom, 100% at the top, as tall as the grid.
            int bx = left + gridW + pad + totalW + pad;
            for (int i = 0; i < gridW; i++) {
                g.setColor(shade(1.0 - (double) i / Math.max(1, gridW - 1)));
                g.fillRect(bx, top + i, base, 1);
            }
            g.setColor(new Color(0x999999));
            g.drawRect(bx, top, base, gridW);
            g.setFont(labelFont);
            g.setColor(TEXT);
            for (int q = 0; q <= 4; q++) {
                String s = (q * 25) + "%";
                int yy = top + gridW - q * gridW / 4;
                g.drawString(s, bx + base + pad / 3f, yy + fm.getAscent() / 2f - 1);
            }
            AffineTransform beforeBarLabel = g.getTransform();
            g.translate(
                    bx + base + pad / 3.0 + fm.stringWidth("100%") + pad / 2.0 + fm.getAscent(),
                    top + (gridW + fm.stringWidth(BAR_LABEL)) / 2.0);
            g.rotate(-Math.PI / 2);
            g.drawString(BAR_LABEL, 0, 0);
            g.setTransform(beforeBarLabel);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Draws s centred in the cell, shifted vertically by {@code dy} line heights. */
    private static void drawCentred(Graphics2D g, Font f, String s, int x, int y, int cell, double dy) {
        g.setFont(f);
        FontMetrics m = g.getFontMetrics();
        float sx = x + (cell - m.stringWidth(s)) / 2f;
        float sy = (float) (y + cell / 2.0 + m.getAscent() / 2.0 - 1 + dy * m.getHeight());
        g.drawString(s, sx, sy);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    private static long sum(long[] row) {
        long s = 0;
        for (long v : row) {
            s += v;
        }
        return s;
    }
}
