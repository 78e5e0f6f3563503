package org.fatecg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fatecg.fl.LocalTrainer;
import org.fatecg.fl.Seeds;
import org.fatecg.nn.Models;
import org.fatecg.nn.Module;
import org.fatecg.optim.Adam;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;

/**
 * The two models {@code fatecg leak} attacks and the beats it inverts. Round 0 is the paper CNN from the
 * run's initialisation stream (the global model every client receives first in {@code fatecg run --seed}).
 * The trained model is a file, or round 0 trained here with Adam on the first half of the beats; the
 * inverted batches are always drawn from the other half, seeded.
 */
final class LeakSetup {
    record Model(String name, Module net) {}

    private final List<Model> models;
    private final float[] x;
    private final int[] y;
    private final int length;
    private final String described;

    private LeakSetup(List<Model> models, float[] x, int[] y, int length, String described) {
        this.models = models;
        this.x = x;
        this.y = y;
        this.length = length;
        this.described = described;
    }

    static LeakSetup of(TestBeats beats, int maxBatch, Path file, int trainSteps, long seed, PrintWriter log)
            throws IOException {
        int n = beats.y().length, len = beats.length();
        if (len != Models.BEAT_LENGTH)
            throw new IllegalArgumentException(
                    "leak attacks the paper CNN on beats of " + Models.BEAT_LENGTH + " samples; the beats have " + len);
        int[] perm = Seeds.stream(seed, Seeds.SUBSET, 1).permutation(n);
        int half = n / 2;
        if (n - half < maxBatch)
            throw new IllegalArgumentException("a batch of " + maxBatch + " needs at least " + 2 * maxBatch
                    + " beats (half train the model, half are inverted); there are " + n);
        float[] ax = new float[maxBatch * len];
        int[] ay = new int[maxBatch];
        for (int i = 0; i < maxBatch; i++) {
            int k = perm[half + i];
            System.arraycopy(beats.x(), k * len, ax, i * len, len);
            ay[i] = beats.y()[k];
        }
        List<Model> models = new ArrayList<>();
        models.add(new Model("round0", Models.paperCnn(Seeds.stream(seed, Seeds.INIT))));
        String trained;
        if (file != null) {
            models.add(new Model("trained", ModelFiles.load(file)));
            trained = "trained = " + file;
        } else {
            Module net = Models.paperCnn(Seeds.stream(seed, Seeds.INIT));
            double loss = train(net, beats, perm, half, trainSteps, seed);
            models.add(new Model("trained", net));
            trained = String.format(
                    java.util.Locale.ROOT,
                    "trained = round 0 after %d Adam steps (batch 32, lr 1e-3) on %d other beats, last loss %.3f",
                    trainSteps,
                    half,
                    loss);
            log.println(trained);
        }
        return new LeakSetup(
                models, ax, ay, len, "round 0 = the paper CNN's seeded initialisation (seed " + seed + "); " + trained);
    }

    private static double train(Module net, TestBeats beats, int[] perm, int pool, int steps, long seed) {
        Adam adam = new Adam(net.parameters(), 1e-3f, 0.9f, 0.999f, 1e-8f);
        Rng rng = Seeds.stream(seed, Seeds.SAMPLE, 1);
        int len = beats.length(), b = 32;
        float[] x = new float[b * len];
        int[] y = new int[b];
        double loss = Double.NaN;
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < b; i++) {
                int k = perm[rng.nextInt(pool)];
                System.arraycopy(beats.x(), k * len, x, i * len, len);
                y[i] = beats.y()[k];
            }
            loss = LocalTrainer.step(net, adam, Tensor.of(x, b, 1, len), Functional.labels(y), null);
        }
        return loss;
    }

    List<Model> models() {
        return models;
    }

    /** The first b beats of the inverted pool. */
    float[] x(int b) {
        return java.util.Arrays.copyOf(x, b * length);
    }

    int[] y(int b) {
        return java.util.Arrays.copyOf(y, b);
    }

    String describe() {
        return described;
    }
}
