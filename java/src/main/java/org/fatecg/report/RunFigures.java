package org.fatecg.report;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.fatecg.attack.Condition;
import org.fatecg.eval.ConditionResult;
import org.fatecg.fl.RoundRecord;
import org.fatecg.io.AtomicFiles;

/**
 * The charts of a run, like Figures 2-6 of Çelik and Güllü (2025): for one test condition, a 2 x 2 grid of line
 * charts (accuracy, precision, recall, F1 in % over the evaluated rounds), one colour per federation.
 * Precision, recall and F1 show both variants in the federation's colour: the dataset-level macro
 * values solid, the as-published batch-averaged ones (what the paper plotted) dashed. The paper's
 * round-10 value of each federation is marked with an open diamond in its colour.
 */
public final class RunFigures {
    static final int PANEL_W = 600, PANEL_H = 400;
    /** The round the paper's tables report. */
    static final int PAPER_ROUND = 10;

    private RunFigures() {}

    /** The paper's figure number of a condition: Clean 2, PGD 3, FGSM 4, CW 5, BIM 6 (and on: SPSA 7, PGD-freeze 8). */
    public static int figureNumber(Condition c) {
        return 2 + c.ordinal();
    }

    /** Writes the 2 x 2 figure of one condition; returns false (and writes nothing) if no round evaluated it. */
    public static boolean write(Path file, Condition c, List<Federation> sims) throws IOException {
        List<LineChart> panels = new ArrayList<>();
        String[] metric = {"Accuracy", "Precision", "Recall", "F1 score"};
        boolean any = false;
        for (int m = 0; m < 4; m++) {
            LineChart chart = new LineChart(c.title() + ": " + metric[m], "round", metric[m] + " (%)")
                    .yRange(0, 100)
                    .markers(true);
            for (int k = 0; k < sims.size(); k++) {
                Federation s = sims.get(k);
                int colour = k % LineChart.PALETTE.length; // one colour per federation in every panel
                Series correct = series(s, c, metric(m, false));
                any |= correct.x.length > 0;
                chart.add(s.name(), correct.x, correct.y, colour, false);
                if (m > 0) {
                    Series pub = series(s, c, metric(m, true));
                    chart.add(s.name() + " (as published)", pub.x, pub.y, colour, true);
                }
            }
            for (int k = 0; k < sims.size(); k++) {
                PaperTables.Model model = paperModel(sims.get(k).name());
                if (model == null || !Condition.PAPER.contains(c)) continue; // the paper has no such row or column
                double paper = PaperTables.published(PaperTables.Metric.values()[m], model, c);
                chart.reference(
                        sims.get(k).name() + ", paper round 10", PAPER_ROUND, paper, k % LineChart.PALETTE.length);
            }
            panels.add(chart);
        }
        if (!any) return false;
        BufferedImage img = new BufferedImage(2 * PANEL_W, 2 * PANEL_H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            for (int i = 0; i < 4; i++)
                g.drawImage(panels.get(i).render(PANEL_W, PANEL_H), (i % 2) * PANEL_W, (i / 2) * PANEL_H, null);
        } finally {
            g.dispose();
        }
        AtomicFiles.writePng(file, img);
        return true;
    }

    /** The paper's row for a federation name (Non-FAT, FAT), or null for one the paper did not train. */
    static PaperTables.Model paperModel(String federation) {
        if (federation.equals(org.fatecg.fl.Experiment.FAT)) return PaperTables.Model.FAT;
        if (federation.equals(org.fatecg.fl.Experiment.NON_FAT)) return PaperTables.Model.NON_FAT;
        return null;
    }

    /** Metric m (0 accuracy, 1 precision, 2 recall, 3 F1) in %, dataset-level or as published. */
    static ToDoubleFunction<ConditionResult> metric(int m, boolean published) {
        switch (m) {
            case 0:
                return r -> 100 * r.metrics().accuracy();
            case 1:
                return published
                        ? r -> 100 * r.asPublished().precision()
                        : r -> 100 * r.metrics().macroPrecision();
            case 2:
                return published
                        ? r -> 100 * r.asPublished().recall()
                        : r -> 100 * r.metrics().macroRecall();
            default:
                return published
                        ? r -> 100 * r.asPublished().f1()
                        : r -> 100 * r.metrics().macroF1();
        }
    }

    private record Series(double[] x, double[] y) {}

    private static Series series(Federation s, Condition c, ToDoubleFunction<ConditionResult> f) {
        List<double[]> pts = new ArrayList<>();
        for (RoundRecord r : s.history()) {
            ConditionResult cr = r.results().get(c);
            if (cr != null) pts.add(new double[] {r.round(), f.applyAsDouble(cr)});
        }
        double[] x = new double[pts.size()], y = new double[pts.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = pts.get(i)[0];
            y[i] = pts.get(i)[1];
        }
        return new Series(x, y);
    }
}
