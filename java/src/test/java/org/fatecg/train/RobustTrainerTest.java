package org.fatecg.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.fatecg.data.BalancedSample;
import org.fatecg.data.BeatDataset;
import org.fatecg.data.WindowSettings;
import org.fatecg.nn.Models;
import org.fatecg.nn.Module;
import org.fatecg.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training from a checkpoint repeats an uninterrupted run bit for bit; changed settings are refused. */
class RobustTrainerTest {
    static final int L = 180;

    /** 30 synthetic beats of 3 classes (a bump whose position depends on the class, plus noise). */
    static BeatDataset beats() {
        Rng rng = new Rng(4);
        int n = 30;
        float[] x = new float[n * L];
        int[] y = new int[n], rec = new int[n], r = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            rec[i] = 100;
            r[i] = 90 + i;
            for (int t = 0; t < L; t++)
                x[i * L + t] = (float) Math.min(
                        1, Math.max(0, Math.exp(-Math.pow((t - 40 - 50 * y[i]) / 8.0, 2)) + 0.1 * rng.nextDouble()));
        }
        return new BeatDataset(x, y, rec, r, L);
    }

    static int[] all(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    @Test
    void resumedRunEqualsUninterruptedRun(@TempDir Path dir) throws IOException {
        BeatDataset ds = beats();
        int[] idx = BalancedSample.perClass(ds, all(ds.size()), 10);
        for (String objective : new String[] {"loss2", "adv0.1"}) {
            Module straight = Models.byName("mlp", new Rng(1), L, true);
            RobustTrainer.Settings two =
                    new RobustTrainer.Settings("mlp", objective, 2, 8, 1e-3f, 5, null, WindowSettings.PAPER);
            RobustTrainer.History h =
                    RobustTrainer.train(straight, two, ds, idx, dir.resolve(objective + "-a.safetensors"), null);
            assertEquals(2, h.losses().size());

            Module resumed = Models.byName("mlp", new Rng(1), L, true);
            Path ck = dir.resolve(objective + "-b.safetensors");
            RobustTrainer.train(resumed, two, ds, idx, ck, null, 1); // interrupted after epoch 1
            Module fresh =
                    Models.byName("mlp", new Rng(99), L, true); // other weights: the checkpoint must replace them
            RobustTrainer.History h2 = RobustTrainer.train(fresh, two, ds, idx, ck, null);
            assertEquals(h.losses(), h2.losses(), objective + " losses");
            Map<String, float[]> a = straight.stateDict(), b = fresh.stateDict();
            for (String k : a.keySet()) assertArrayEquals(a.get(k), b.get(k), objective + " " + k);
        }
    }

    @Test
    void changedSettingsAreRefused(@TempDir Path dir) throws IOException {
        BeatDataset ds = beats();
        int[] idx = all(ds.size());
        Path ck = dir.resolve("ck.safetensors");
        RobustTrainer.train(
                Models.byName("mlp", new Rng(1), L, true),
                new RobustTrainer.Settings("mlp", "ce", 1, 8, 1e-3f, 5, null, WindowSettings.PAPER),
                ds,
                idx,
                ck,
                null);
        IOException e = assertThrows(
                IOException.class,
                () -> RobustTrainer.train(
                        Models.byName("mlp", new Rng(1), L, true),
                        new RobustTrainer.Settings("mlp", "loss2", 1, 8, 1e-3f, 5, null, WindowSettings.PAPER),
                        ds,
                        idx,
                        ck,
                        null));
        assertTrue(e.getMessage().contains("objective") && e.getMessage().contains("ce"), e.getMessage());
        // Same model and objective on beats of another format: refused too (the beats are not the same data).
        IOException beats = assertThrows(
                IOException.class,
                () -> RobustTrainer.train(
                        Models.byName("mlp", new Rng(1), L, true),
                        new RobustTrainer.Settings("mlp", "ce", 1, 8, 1e-3f, 5, null, WindowSettings.KACHUEE),
                        ds,
                        idx,
                        ck,
                        null));
        assertTrue(
                beats.getMessage().contains("beats = format=windows;lead=1")
                        && beats.getMessage().contains("this run has format=kachuee;lead=0"),
                beats.getMessage());
    }
}
