package org.fatecg.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fatecg.io.AtomicFiles;

/**
 * A horizontal bar chart written as a PNG: one labelled bar per entry, longest scale at the top entry's
 * value, the value printed at each bar's end. For a profile's top ops; not a general plotting tool.
 */
public final class BarChart {
    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private record Bar(String label, double value, String text) {}

    private final String title;
    private final List<Bar> bars = new ArrayList<>();

    public BarChart(String title) {
        this.title = title == null ? "" : title;
    }

    /** Adds a bar; text is printed at its end (e.g. "12.3 ms, 23%"). */
    public BarChart add(String label, double value, String text) {
        if (!(value >= 0) || Double.isInfinite(value))
            throw new IllegalArgumentException("bar '" + label + "' has value " + value);
        bars.add(new Bar(label, value, text));
        return this;
    }

    public void writePng(Path file, int width) throws IOException {
        AtomicFiles.writePng(file, render(width));
    }

    BufferedImage render(int width) {
        if (width < 300) throw new IllegalArgumentException("bar chart needs at least 300 pixels, got " + width);
        int base = 14, rowH = 2 * base, pad = base;
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, base);
        Font bold = new Font(Font.SANS_SERIF, Font.BOLD, base + 2);
        int top = pad + (title.isEmpty() ? 0 : rowH);
        int height = top + Math.max(1, bars.size()) * rowH + pad;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = LineChart.whiteCanvas(img);
        try {
            g.setColor(new Color(0x333333));
            if (!title.isEmpty()) {
                g.setFont(bold);
                g.drawString(title, pad, pad + g.getFontMetrics().getAscent());
            }
            g.setFont(font);
            FontMetrics fm = g.getFontMetrics();
            int labelW = 0, textW = 0;
            double max = 0;
            for (Bar b : bars) {
                labelW = Math.max(labelW, fm.stringWidth(b.label()));
                textW = Math.max(textW, fm.stringWidth(b.text()));
                max = Math.max(max, b.value());
            }
            int left = pad + labelW + pad, span = Math.max(10, width - left - textW - 2 * pad);
            for (int i = 0; i < bars.size(); i++) {
                Bar b = bars.get(i);
                int y = top + i * rowH;
                int w = max == 0 ? 0 : (int) Math.round(span * b.value() / max);
                g.setColor(LineChart.PALETTE[i % LineChart.PALETTE.length]);
                g.fillRect(left, y + rowH / 6, Math.max(1, w), rowH * 2 / 3);
                g.setColor(new Color(0x333333));
                int baseLine = y + (rowH + fm.getAscent() - fm.getDescent()) / 2;
                g.drawString(b.label(), left - pad - fm.stringWidth(b.label()), baseLine);
                g.drawString(b.text(), left + w + pad / 2, baseLine);
            }
        } finally {
            g.dispose();
        }
        return img;
    }
}
