package org.fatecg.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.fatecg.eval.RobustEvaluator;
import org.fatecg.report.LineChart;

/**
 * Collects the first few beats of each attacked condition while an evaluation runs (a
 * {@link RobustEvaluator.Sink}) and draws them: the clean and adversarial beat overlaid, and the
 * perturbation x_adv - x, one PNG each, named {@code <condition>-beat<i>.png} and
 * {@code <condition>-perturbation<i>.png}.
 */
final class ExampleFigures implements RobustEvaluator.Sink {
    private final TestBeats beats;
    private final int count;
    private final List<String> conditions = new ArrayList<>();
    private final List<float[]> adversarial = new ArrayList<>();
    private final List<int[]> predicted = new ArrayList<>();

    ExampleFigures(TestBeats beats, int count) {
        this.beats = beats;
        this.count = Math.min(count, beats.size());
    }

    @Override
    public void accept(String condition, int from, float[] adv, int[] pred) {
        if (from != 0 || count == 0) return; // the first batch holds the examples
        int k = Math.min(count, pred.length);
        conditions.add(condition);
        adversarial.add(Arrays.copyOf(adv, k * beats.length()));
        predicted.add(Arrays.copyOf(pred, k));
    }

    /** Writes the figures of every condition but the clean one; returns the files written. */
    List<Path> write(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        int len = beats.length();
        double[] t = new double[len];
        for (int j = 0; j < len; j++) t[j] = j;
        int clean = conditions.indexOf("clean");
        for (int c = 0; c < conditions.size(); c++) {
            if (c == clean) continue;
            String tag = conditions.get(c).replaceAll("[^A-Za-z0-9._-]+", "_");
            int[] pred = predicted.get(c);
            for (int i = 0; i < pred.length; i++) {
                double[] x = new double[len], a = new double[len], d = new double[len];
                for (int j = 0; j < len; j++) {
                    x[j] = beats.x()[i * len + j];
                    a[j] = adversarial.get(c)[i * len + j];
                    d[j] = a[j] - x[j];
                }
                String truth = TestBeats.CLASS_NAMES[beats.y()[i]], now = TestBeats.CLASS_NAMES[pred[i]];
                String before = clean >= 0 ? TestBeats.CLASS_NAMES[predicted.get(clean)[i]] : "?";
                Path overlay = dir.resolve(tag + "-beat" + i + ".png"),
                        delta = dir.resolve(tag + "-perturbation" + i + ".png");
                new LineChart(
                                "beat " + i + " (" + truth + ") under " + conditions.get(c),
                                "sample (360 Hz)",
                                "normalised amplitude")
                        .add("clean, predicted " + before, t, x)
                        .add("adversarial, predicted " + now, t, a)
                        .writePng(overlay, 900, 450);
                new LineChart(
                                "perturbation of beat " + i + " under " + conditions.get(c),
                                "sample (360 Hz)",
                                "x_adv - x")
                        .add("x_adv - x", t, d)
                        .writePng(delta, 900, 300);
                files.add(overlay);
                files.add(delta);
            }
        }
        return files;
    }
}
