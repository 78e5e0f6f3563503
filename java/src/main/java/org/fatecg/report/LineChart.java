/*
 * LineChart: a multi-series line chart rendered to PNG with java.awt (headless) and ImageIO.
 * It draws a title, axes with "nice" ticks and grid lines, axis labels, a legend and one coloured
 * polyline per series; NaN or infinite points break a line into separate pieces (gaps), and an
 * isolated finite point is drawn as a dot so a single-point series is still visible.
 * It is not a plotting library: no log axes, no dates, no interactivity, no SVG.
 */
package org.fatecg.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fatecg.io.AtomicFiles;

/** A multi-series line chart written as a PNG. Build with {@link #add}, then {@link #writePng}. */
public final class LineChart {

    static {
        // Rendering to a BufferedImage needs no display; without this flag AWT may try to open one.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /**
     * Series colours: the Tableau-10 palette, chosen because neighbouring entries stay distinct for
     * common colour-vision deficiencies. Series beyond ten reuse colours with a dashed stroke, unless
     * given a colour and stroke of their own.
     */
    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf),
    };

    private static final Color GRID = new Color(0xe6e6e6);
    private static final Color AXIS = new Color(0x333333);

    /** A line: its palette colour and whether it is dashed. */
    private record Series(String name, double[] x, double[] y, int colour, boolean dashed) {}

    /** A single reference value (e.g. a published result), drawn as an open diamond. */
    private record Reference(String name, double x, double y, int colour) {}

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final List<Reference> references = new ArrayList<>();
    private double fixedYMin = Double.NaN;
    private double fixedYMax = Double.NaN;
    private boolean markers;

    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title == null ? "" : title;
        this.xLabel = xLabel == null ? "" : xLabel;
        this.yLabel = yLabel == null ? "" : yLabel;
    }

    /**
     * Adds a series in the next palette colour (solid; dashed from the eleventh on); the arrays are
     * copied. x and y must have the same length (may be 0).
     */
    public LineChart add(String seriesName, double[] x, double[] y) {
        int k = series.size();
        return add(seriesName, x, y, k % PALETTE.length, k >= PALETTE.length);
    }

    /** Adds a series in palette colour {@code colour}, solid or dashed (two variants of one quantity). */
    public LineChart add(String seriesName, double[] x, double[] y, int colour, boolean dashed) {
        if (colour < 0 || colour >= PALETTE.length) {
            throw new IllegalArgumentException("colour " + colour + " is not in 0.." + (PALETTE.length - 1));
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "series '" + seriesName + "': x has " + x.length + " points, y has " + y.length);
        }
        series.add(new Series(seriesName == null ? "" : seriesName, x.clone(), y.clone(), colour, dashed));
        return this;
    }

    /**
     * Marks one reference value at (x, y) with an open diamond in palette colour {@code colour}, listed
     * in the legend; the axes include it (a paper's round-10 value shows even on a 3-round run).
     */
    public LineChart reference(String name, double x, double y, int colour) {
        if (colour < 0 || colour >= PALETTE.length) {
            throw new IllegalArgumentException("colour " + colour + " is not in 0.." + (PALETTE.length - 1));
        }
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException(
                    "reference '" + name + "' needs a finite point, got (" + x + ", " + y + ")");
        }
        references.add(new Reference(name == null ? "" : name, x, y, colour));
        return this;
    }

    /** Fixes the y axis to [min, max] (e.g. 0..100 for accuracy in %); points outside are clipped. */
    public LineChart yRange(double min, double max) {
        if (!(min < max) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("y range needs finite min < max, got " + min + ", " + max);
        }
        fixedYMin = min;
        fixedYMax = max;
        return this;
    }

    /** Draws a dot at every finite point, not only at isolated ones. */
    public LineChart markers(boolean on) {
        markers = on;
        return this;
    }

    /** Renders the chart and writes it as a PNG, atomically, creating parent directories as needed. */
    public void writePng(Path file, int width, int height) throws IOException {
        AtomicFiles.writePng(file, render(width, height));
    }

    /** Renders the chart to an RGB image (package-private for tests). */
    BufferedImage render(int width, int height) {
        if (width < 200 || height < 150) {
            throw new IllegalArgumentException("chart needs at least 200x150 pixels, got " + width + "x" + height);
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = whiteCanvas(img);
        try {
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            draw(g, width, height);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Graphics on img with antialiased shapes and text, the image filled white; the caller disposes it. */
    static Graphics2D whiteCanvas(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        return g;
    }

    private void draw(Graphics2D g, int width, int height) {
        // Font sizes scale with the image height: 500 px gives 13 px tick labels and a 16 px title.
        int base = Math.max(10, Math.round(height / 38f));
        Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, base);
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, base + 1);
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, base + 3);

        double[] xr = dataRange(true);
        double[] yr = Double.isNaN(fixedYMin) ? dataRange(false) : new double[] {fixedYMin, fixedYMax};
        Ticks xt = Ticks.of(xr[0], xr[1], 8, false);
        Ticks yt = Ticks.of(yr[0], yr[1], 6, !Double.isNaN(fixedYMin));

        // Layout: title on top, y label and tick labels on the left, legend on the right.
        g.setFont(tickFont);
        FontMetrics tfm = g.getFontMetrics();
        int yTickW = 0;
        for (int i = 0; i < yt.count(); i++) {
            yTickW = Math.max(yTickW, tfm.stringWidth(yt.label(i)));
        }
        g.setFont(labelFont);
        FontMetrics lfm = g.getFontMetrics();
        int legendW = 0;
        for (Series s : series) {
            legendW = Math.max(legendW, lfm.stringWidth(s.name()));
        }
        for (Reference r : references) {
            legendW = Math.max(legendW, lfm.stringWidth(r.name()));
        }
        int swatch = 2 * base;
        legendW =
                series.isEmpty() && references.isEmpty() ? 0 : Math.min(legendW + swatch + 3 * base / 2, width * 2 / 5);
        int pad = base;
        int left = pad + lfm.getHeight() + pad / 2 + yTickW + pad / 2;
        int right = width - pad - legendW - (legendW > 0 ? pad : 0);
        int top = pad + (title.isEmpty() ? 0 : g.getFontMetrics(titleFont).getHeight() + pad / 2);
        int bottom = height - pad - lfm.getHeight() - pad / 2 - tfm.getHeight() - pad / 2;
        int pw = Math.max(1, right - left);
        int ph = Math.max(1, bottom - top);

        Mapper m = new Mapper(left, top, pw, ph, xt.lo(), xt.hi(), yt.lo(), yt.hi());

        // Grid and tick labels.
        g.setFont(tickFont);
        g.setStroke(new BasicStroke(1f));
        for (int i = 0; i < yt.count(); i++) {
            double py = m.py(yt.value(i));
            g.setColor(GRID);
            g.draw(new Line2D.Double(left, py, left + pw, py));
            g.setColor(AXIS);
            String s = yt.label(i);
            g.drawString(s, left - pad / 2 - tfm.stringWidth(s), (float) (py + tfm.getAscent() / 2.0 - 1));
        }
        for (int i = 0; i < xt.count(); i++) {
            double px = m.px(xt.value(i));
            g.setColor(GRID);
            g.draw(new Line2D.Double(px, top, px, top + ph));
            g.setColor(AXIS);
            String s = xt.label(i);
            g.drawString(s, (float) (px - tfm.stringWidth(s) / 2.0), bottom + pad / 2 + tfm.getAscent());
        }
        g.setColor(AXIS);
        g.drawRect(left, top, pw, ph);

        // Axis labels and title.
        g.setFont(labelFont);
        g.drawString(xLabel, left + (pw - lfm.stringWidth(xLabel)) / 2f, height - pad - lfm.getDescent());
        AffineTransform saved = g.getTransform();
        g.translate(pad + lfm.getAscent(), top + (ph + lfm.stringWidth(yLabel)) / 2.0);
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, 0, 0);
        g.setTransform(saved);
        if (!title.isEmpty()) {
            g.setFont(titleFont);
            FontMetrics hfm = g.getFontMetrics();
            g.drawString(title, (width - hfm.stringWidth(title)) / 2f, pad + hfm.getAscent());
        }

        // Series, clipped to the plot area so a fixed y range cuts lines instead of overdrawing axes.
        float lineWidth = Math.max(2f, height / 250f);
        Shape oldClip = g.getClip();
        g.clipRect(left, top, pw + 1, ph + 1);
        for (Series s : series) {
            g.setColor(PALETTE[s.colour()]);
            g.setStroke(strokeFor(s.dashed(), lineWidth));
            drawSeries(g, s, m, lineWidth * 1.6);
        }
        g.setClip(oldClip);
        // Reference diamonds unclipped: one at the last round sits on the frame and must show whole.
        double diamond = lineWidth * 3.5;
        for (Reference r : references) {
            drawDiamond(g, m.px(r.x()), m.py(r.y()), diamond, PALETTE[r.colour()], lineWidth);
        }

        // Legend: a short line of the series' colour and stroke, then its name.
        g.setFont(labelFont);
        int ly = top + lfm.getHeight();
        int lx = right + pad;
        for (Series s : series) {
            double cy = ly - lfm.getAscent() / 2.0 + 1;
            g.setColor(PALETTE[s.colour()]);
            g.setStroke(strokeFor(s.dashed(), lineWidth));
            g.draw(new Line2D.Double(lx, cy, lx + swatch, cy));
            g.setColor(AXIS);
            g.drawString(s.name(), lx + swatch + base / 2f, ly);
            ly += lfm.getHeight() + base / 3;
        }
        for (Reference r : references) {
            double cy = ly - lfm.getAscent() / 2.0 + 1;
            drawDiamond(g, lx + swatch / 2.0, cy, diamond, PALETTE[r.colour()], lineWidth);
            g.setColor(AXIS);
            g.drawString(r.name(), lx + swatch + base / 2f, ly);
            ly += lfm.getHeight() + base / 3;
        }
    }

    /** An open diamond of half-diagonal {@code r}: white inside, so the line under it does not hide it. */
    private static void drawDiamond(Graphics2D g, double cx, double cy, double r, Color colour, float width) {
        Path2D.Double d = new Path2D.Double();
        d.moveTo(cx, cy - r);
        d.lineTo(cx + r, cy);
        d.lineTo(cx, cy + r);
        d.lineTo(cx - r, cy);
        d.closePath();
        g.setColor(Color.WHITE);
        g.fill(d);
        g.setColor(colour);
        g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_MITER));
        g.draw(d);
    }

    private static BasicStroke strokeFor(boolean dashed, float width) {
        if (!dashed) {
            return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        }
        return new BasicStroke(
                width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {4 * width, 2 * width}, 0f);
    }

    /** One polyline per run of finite points; a run of length one (or every point with markers) gets a dot. */
    private void drawSeries(Graphics2D g, Series s, Mapper m, double dot) {
        int n = s.x().length;
        Path2D.Double path = new Path2D.Double();
        int runStart = -1;
        for (int i = 0; i <= n; i++) {
            boolean ok = i < n && Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i]);
            if (ok) {
                double px = m.px(s.x()[i]);
                double py = m.py(s.y()[i]);
                if (runStart < 0) {
                    runStart = i;
                    path.moveTo(px, py);
                } else {
                    path.lineTo(px, py);
                }
                if (markers) {
                    g.fill(new Ellipse2D.Double(px - dot, py - dot, 2 * dot, 2 * dot));
                }
            } else if (runStart >= 0) {
                if (i - runStart == 1 && !markers) {
                    double px = m.px(s.x()[runStart]);
                    double py = m.py(s.y()[runStart]);
                    g.fill(new Ellipse2D.Double(px - dot, py - dot, 2 * dot, 2 * dot));
                }
                runStart = -1;
            }
        }
        g.draw(path);
    }

    /**
     * [min, max] over the finite values of all series along one axis. An empty chart gets [0, 1]; a
     * degenerate range (one value) is widened by 10% of |v| (or 1 when v = 0) on each side so the
     * line sits in the middle instead of on an axis.
     */
    private double[] dataRange(boolean xAxis) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            double[] v = xAxis ? s.x() : s.y();
            double[] w = xAxis ? s.y() : s.x();
            for (int i = 0; i < v.length; i++) {
                if (Double.isFinite(v[i]) && Double.isFinite(w[i])) {
                    lo = Math.min(lo, v[i]);
                    hi = Math.max(hi, v[i]);
                }
            }
        }
        for (Reference r : references) {
            double v = xAxis ? r.x() : r.y();
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (lo > hi) {
            return new double[] {0, 1};
        }
        if (lo == hi) {
            double d = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            return new double[] {lo - d, hi + d};
        }
        return new double[] {lo, hi};
    }

    /** Data-to-pixel mapping; pixel y grows downwards. */
    private record Mapper(int left, int top, int w, int h, double x0, double x1, double y0, double y1) {
        double px(double x) {
            return left + (x - x0) / (x1 - x0) * w;
        }

        double py(double y) {
            return top + h - (y - y0) / (y1 - y0) * h;
        }
    }

    /**
     * Axis ticks at "nice" values: the step is 1, 2 or 5 times a power of ten (Heckbert, "Nice numbers
     * for graph labels", Graphics Gems 1990), and the axis is widened outwards to whole steps unless it
     * is fixed. Labels carry as many decimals as the step needs and no more.
     */
    record Ticks(double lo, double hi, double step, int decimals) {
        static Ticks of(double min, double max, int target, boolean fixed) {
            double step = niceNum((max - min) / Math.max(1, target - 1), true);
            double lo = fixed ? min : Math.floor(min / step) * step;
            double hi = fixed ? max : Math.ceil(max / step) * step;
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
            return new Ticks(lo, hi, step, decimals);
        }

        /** Heckbert's nice number: f * 10^e with f in {1, 2, 5, 10}, rounded or taken as ceiling. */
        static double niceNum(double x, boolean round) {
            double e = Math.floor(Math.log10(x));
            double f = x / Math.pow(10, e);
            double nf;
            if (round) {
                nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
            } else {
                nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
            }
            return nf * Math.pow(10, e);
        }

        /** Ticks are the multiples of step inside [lo, hi] (with a tolerance for rounding error). */
        private double first() {
            return Math.ceil(lo / step - 1e-9) * step;
        }

        int count() {
            return (int) Math.floor((hi - first()) / step + 1e-9) + 1;
        }

        double value(int i) {
            double v = first() + i * step;
            return Math.abs(v) < step * 1e-9 ? 0 : v;
        }

        String label(int i) {
            return String.format(Locale.ROOT, "%." + decimals + "f", value(i));
        }
    }
}
