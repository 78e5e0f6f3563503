package org.fatecg.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.fatecg.fl.UpdateLeakage;

/**
 * Reconstructed beats over the true ones: one row per inversion (batch size), up to {@code columns}
 * beats of its batch; the reconstruction is the line, the true beat grey beneath it, and the band under
 * each panel is |reconstruction - truth| per sample (scaled to the panel's largest error).
 */
public final class LeakFigures {
    private LeakFigures() {}

    public static void write(Path file, String title, List<UpdateLeakage.Trial> trials, int columns)
            throws IOException {
        int cols = 1;
        for (UpdateLeakage.Trial t : trials) cols = Math.max(cols, Math.min(columns, t.batch()));
        BeatMapFigure fig = new BeatMapFigure(title, trials.size(), cols);
        for (int r = 0; r < trials.size(); r++) {
            UpdateLeakage.Trial t = trials.get(r);
            int len = t.truth().length / t.batch();
            for (int c = 0; c < Math.min(cols, t.batch()); c++) {
                float[] truth = new float[len], recon = new float[len], err = new float[len];
                System.arraycopy(t.truth(), c * len, truth, 0, len);
                System.arraycopy(t.reconstruction(), c * len, recon, 0, len);
                for (int j = 0; j < len; j++) err[j] = Math.abs(recon[j] - truth[j]);
                UpdateLeakage.Beat b = t.beats().get(c);
                String name = String.format(
                        Locale.ROOT, "B=%d beat %d: corr %.2f, mse %.4f", t.batch(), c + 1, b.correlation(), b.mse());
                fig.set(r, c, new BeatMapFigure.Panel(name, recon, truth, err));
            }
        }
        fig.writePng(file, 360, 220);
    }
}
