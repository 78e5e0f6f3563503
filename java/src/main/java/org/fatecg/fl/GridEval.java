package org.fatecg.fl;

import java.util.List;
import org.fatecg.attack.Pgd;
import org.fatecg.data.Aami;
import org.fatecg.data.BeatDataset;
import org.fatecg.eval.ConfusionMatrix;
import org.fatecg.eval.RobustEvaluator;
import org.fatecg.nn.Module;
import org.fatecg.tensor.Rng;

/**
 * The measurements of the threat experiments on one model: clean accuracy and per-class sensitivity,
 * accuracy under PGD, and the backdoor's attack success rate, the share of triggered test beats of the
 * other classes that the model puts in the target class. Beats are held as row-major arrays, gathered
 * once.
 */
public final class GridEval {
    /** Beats with labels, gathered from a set. */
    public record Beats(float[] x, int[] y, int length) {
        public static Beats of(BeatDataset data, int[] idx) {
            float[] x = new float[idx.length * data.windowLength()];
            int[] y = new int[idx.length];
            data.gather(idx, 0, idx.length, x, y);
            return new Beats(x, y, data.windowLength());
        }

        public int size() {
            return y.length;
        }

        /** The first n beats. */
        public Beats head(int n) {
            int m = Math.min(n, y.length);
            return new Beats(java.util.Arrays.copyOf(x, m * length), java.util.Arrays.copyOf(y, m), length);
        }
    }

    private final RobustEvaluator runner;

    public GridEval(int batchSize) {
        this.runner = new RobustEvaluator(batchSize, Aami.COUNT, null);
    }

    public ConfusionMatrix clean(Module model, Beats b) {
        return runner.evaluate(model, b.x(), b.y(), b.length(), List.of(RobustEvaluator.Labelled.clean()))
                .get(0)
                .confusion();
    }

    public double pgdAccuracy(Module model, Beats b, Pgd.Settings pgd, Rng rng) {
        return runner.evaluate(
                        model,
                        b.x(),
                        b.y(),
                        b.length(),
                        List.of(new RobustEvaluator.Labelled("pgd", new Pgd(pgd, rng))))
                .get(0)
                .confusion()
                .accuracy();
    }

    /** Triggered copies of the beats whose class is not the target (their labels kept). */
    public static Beats triggeredOthers(Beats b, Threat.Trigger trigger, int target) {
        int n = 0;
        for (int v : b.y()) if (v != target) n++;
        float[] x = new float[n * b.length()];
        int[] y = new int[n];
        int k = 0;
        for (int i = 0; i < b.size(); i++) {
            if (b.y()[i] == target) continue;
            System.arraycopy(b.x(), i * b.length(), x, k * b.length(), b.length());
            y[k++] = b.y()[i];
        }
        return new Beats(Poisoning.triggered(x, b.length(), trigger), y, b.length());
    }

    /** The attack success rate of the model on triggered beats of the other classes ({@link #triggeredOthers}). */
    public double attackSuccess(Module model, Beats triggeredOthers, int target) {
        return attackSuccess(clean(model, triggeredOthers), target);
    }

    /**
     * The attack success rate from a confusion matrix: sum over true classes t != target of
     * count(t, target), over the number of beats of those classes. Beats whose true class is the target
     * do not count (calling them the target is no success of the attack); NaN when no beat is left.
     */
    public static double attackSuccess(ConfusionMatrix cm, int target) {
        long hit = 0, others = 0;
        for (int t = 0; t < cm.numClasses(); t++) {
            if (t == target) continue;
            hit += cm.count(t, target);
            others += cm.support(t);
        }
        return others == 0 ? Double.NaN : (double) hit / others;
    }
}
