/*
 * BeatMapFigure: a grid of beat panels, each the trace of a beat with an explanation map drawn as a heat
 * band under it (one coloured cell per sample), rendered to PNG with java.awt in LineChart's style
 * (its palette, nice ticks, fonts scaled with the image). It draws; it computes no maps.
 */
package org.fatecg.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.fatecg.io.AtomicFiles;

/** Beats with their maps as heat bands, in a rows x columns grid. Fill with {@link #set}, then {@link #writePng}. */
public final class BeatMapFigure {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /**
     * One panel: the beat drawn, optionally a reference beat under it in grey (the clean beat beside its
     * adversarial twin), and the map, scaled to its own maximum (each panel shows where that model looks,
     * not how strongly compared with another).
     */
    public record Panel(String title, float[] trace, float[] reference, float[] map) {}

    private static final Color AXIS = new Color(0x333333);
    private static final Color GRID = new Color(0xe6e6e6);
    private static final Color REFERENCE = new Color(0xb0b0b0);

    private final String title;
    private final Panel[][] panels;

    public BeatMapFigure(String title, int rows, int columns) {
        if (rows < 1 || columns < 1)
            throw new IllegalArgumentException("a figure of " + rows + " x " + columns + " panels");
        this.title = title;
        this.panels = new Panel[rows][columns];
    }

    public BeatMapFigure set(int row, int column, Panel p) {
        if (p.map().length != p.trace().length)
            throw new IllegalArgumentException("panel '" + p.title() + "': a map of " + p.map().length
                    + " samples for a beat of " + p.trace().length);
        panels[row][column] = p;
        return this;
    }

    public void writePng(Path file, int panelWidth, int panelHeight) throws IOException {
        AtomicFiles.writePng(file, render(panelWidth, panelHeight));
    }

    /** White through yellow and orange to dark red: 0 is no attention, 1 the panel's largest value. */
    static Color heat(double v) {
        double t = Math.max(0, Math.min(1, v));
        double[][] stops = {{1, 1, 1}, {1, 0.93, 0.55}, {0.99, 0.55, 0.24}, {0.84, 0.15, 0.12}, {0.45, 0, 0.08}};
        double pos = t * (stops.length - 1);
        int i = Math.min(stops.length - 2, (int) pos);
        double f = pos - i;
        float[] c = new float[3];
        for (int k = 0; k < 3; k++) c[k] = (float) (stops[i][k] + f * (stops[i + 1][k] - stops[i][k]));
        return new Color(c[0], c[1], c[2]);
    }

    BufferedImage render(int panelWidth, int panelHeight) {
        if (panelWidth < 200 || panelHeight < 150)
            throw new IllegalArgumentException("panels need at least 200x150 pixels");
        int rows = panels.length, cols = panels[0].length;
        int base = Math.max(10, Math.round(panelHeight / 26f));
        int titleH = title.isEmpty() ? 0 : 2 * base + 6;
        int legendH = 2 * base + 8;
        int width = cols * panelWidth, height = titleH + rows * panelHeight + legendH;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            if (!title.isEmpty()) {
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, base + 3));
                g.setColor(AXIS);
                FontMetrics fm = g.getFontMetrics();
                g.drawString(title, (width - fm.stringWidth(title)) / 2f, base + fm.getAscent() / 2f + 2);
            }
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                    if (panels[r][c] != null)
                        drawPanel(
                                g,
                                panels[r][c],
                                c * panelWidth,
                                titleH + r * panelHeight,
                                panelWidth,
                                panelHeight,
                                base);
            drawLegend(g, width, titleH + rows * panelHeight, base);
        } finally {
            g.dispose();
        }
        return img;
    }

    private void drawPanel(Graphics2D g, Panel p, int x0, int y0, int w, int h, int base) {
        Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, base - 1);
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, base);
        g.setFont(tickFont);
        FontMetrics tfm = g.getFontMetrics();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (float[] t : new float[][] {p.trace(), p.reference()}) {
            if (t == null) continue;
            for (float v : t) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!(hi > lo)) {
            lo -= 0.5;
            hi += 0.5;
        }
        LineChart.Ticks yt = LineChart.Ticks.of(lo, hi, 4, false);
        LineChart.Ticks xt = LineChart.Ticks.of(0, p.trace().length - 1, 7, false);
        int yTickW = 0;
        for (int i = 0; i < yt.count(); i++) yTickW = Math.max(yTickW, tfm.stringWidth(yt.label(i)));
        int pad = base;
        int left = x0 + pad + yTickW + pad / 2, right = x0 + w - pad;
        int top = y0 + pad + tfm.getHeight() + 2;
        int band = Math.max(12, h / 8);
        int bottom = y0 + h - pad - tfm.getHeight() - band - 4;
        int pw = right - left, ph = bottom - top;
        double xmin = xt.lo(), xmax = xt.hi();
        java.util.function.DoubleUnaryOperator px = v -> left + (v - xmin) / (xmax - xmin) * pw;
        final double ylo = yt.lo(), yhi = yt.hi();
        java.util.function.DoubleUnaryOperator py = v -> top + ph - (v - ylo) / (yhi - ylo) * ph;

        g.setFont(titleFont);
        g.setColor(AXIS);
        FontMetrics hfm = g.getFontMetrics();
        String t = p.title();
        while (hfm.stringWidth(t) > w - 2 * pad && t.length() > 4) t = t.substring(0, t.length() - 2);
        g.drawString(t, x0 + (w - hfm.stringWidth(t)) / 2f, y0 + pad + hfm.getAscent() - 2);

        g.setFont(tickFont);
        g.setStroke(new BasicStroke(1f));
        for (int i = 0; i < yt.count(); i++) {
            double yy = py.applyAsDouble(yt.value(i));
            g.setColor(GRID);
            g.draw(new Line2D.Double(left, yy, right, yy));
            g.setColor(AXIS);
            String s = yt.label(i);
            g.drawString(s, left - pad / 2f - tfm.stringWidth(s), (float) (yy + tfm.getAscent() / 2.0 - 1));
        }
        for (int i = 0; i < xt.count(); i++) {
            double xx = px.applyAsDouble(xt.value(i));
            g.setColor(GRID);
            g.draw(new Line2D.Double(xx, top, xx, bottom));
            g.setColor(AXIS);
            String s = xt.label(i);
            g.drawString(s, (float) (xx - tfm.stringWidth(s) / 2.0), bottom + band + 4 + tfm.getAscent());
        }

        // the heat band: one cell per sample, as wide as the sample's share of the x axis
        float[] map = p.map();
        double max = 0;
        for (float v : map) max = Math.max(max, v);
        for (int i = 0; i < map.length; i++) {
            double a = px.applyAsDouble(i - 0.5), b = px.applyAsDouble(i + 0.5);
            g.setColor(heat(max > 0 ? map[i] / max : 0));
            g.fill(new Rectangle2D.Double(
                    Math.max(left, a), bottom + 2, Math.min(right, b) - Math.max(left, a) + 0.5, band));
        }
        g.setColor(AXIS);
        g.drawRect(left, bottom + 2, pw, band);
        g.drawRect(left, top, pw, ph);

        float lw = Math.max(1.5f, h / 180f);
        g.setClip(left, top, pw + 1, ph + 1);
        if (p.reference() != null) {
            g.setColor(REFERENCE);
            g.setStroke(new BasicStroke(lw, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(polyline(p.reference(), px, py));
        }
        g.setColor(LineChart.PALETTE[0]);
        g.setStroke(new BasicStroke(lw, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(polyline(p.trace(), px, py));
        g.setClip(null);
    }

    private static Path2D polyline(
            float[] v, java.util.function.DoubleUnaryOperator px, java.util.function.DoubleUnaryOperator py) {
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < v.length; i++) {
            double x = px.applyAsDouble(i), y = py.applyAsDouble(v[i]);
            if (i == 0) path.moveTo(x, y);
            else path.lineTo(x, y);
        }
        return path;
    }

    private static void drawLegend(Graphics2D g, int width, int y0, int base) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, base - 1));
        FontMetrics fm = g.getFontMetrics();
        String before = "map: 0",
                after = "panel max",
                note = "   trace: the beat (blue), clean beat in grey under an adversarial one; x: sample (360 Hz)";
        int barW = Math.min(240, width / 5), h = base;
        int total = fm.stringWidth(before) + barW + fm.stringWidth(after) + fm.stringWidth(note) + 2 * base;
        int x = Math.max(base, (width - total) / 2), y = y0 + 4;
        g.setColor(AXIS);
        g.drawString(before, x, y + fm.getAscent());
        x += fm.stringWidth(before) + base / 2;
        for (int i = 0; i < barW; i++) {
            g.setColor(heat(i / (double) (barW - 1)));
            g.fillRect(x + i, y + 1, 1, h);
        }
        g.setColor(AXIS);
        g.drawRect(x, y + 1, barW, h);
        x += barW + base / 2;
        g.drawString(after + note, x, y + fm.getAscent());
    }
}
