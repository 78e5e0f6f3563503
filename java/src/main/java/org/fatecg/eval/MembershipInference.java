package org.fatecg.eval;

import java.util.Arrays;
import org.fatecg.data.Aami;
import org.fatecg.data.BeatDataset;
import org.fatecg.nn.Module;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;

/**
 * The loss-threshold membership inference attack (Yeom, Giacomelli, Fredrikson and Jha 2018, "Privacy
 * risk in machine learning: analyzing the connection to overfitting"): a beat is guessed to have been
 * trained on when the model's cross-entropy on it is below a threshold. Over all thresholds, the
 * attack's power is the AUC of the score -loss for telling members (training beats) from non-members
 * (test beats): 0.5 is a coin toss, 1 a perfect guess. AUC = P(loss(member) &lt; loss(non-member)) +
 * P(tie) / 2, the Mann-Whitney statistic, computed from ranks with ties given their mean rank.
 *
 * <p>The loss of a beat depends on its class far more than on membership (an N beat is easy, an F beat
 * hard), so members and non-members must have the same class counts ({@link #classMatched}); otherwise
 * the AUC measures the difference of the two class mixes (with class-balanced training beats against
 * N-heavy test beats, an untrained model already scored 0.64).
 */
public final class MembershipInference {
    private MembershipInference() {}

    /** Members and non-members of equal size and equal class counts. */
    public record Sample(int[] members, int[] nonMembers) {}

    /**
     * Up to n distinct members drawn uniformly (by rng) from the distinct beats of {@code trained}, each
     * paired with a distinct non-member of its own class drawn from {@code pool}; a member whose class
     * has no unused beat left in the pool is dropped, so both sides always have the same class counts.
     */
    public static Sample classMatched(BeatDataset data, int[] trained, int[] pool, int n, Rng rng) {
        if (n < 1) throw new IllegalArgumentException("membership sample size must be >= 1, got " + n);
        int[] distinct = Arrays.stream(trained).distinct().toArray();
        int[] byClass = Arrays.stream(pool).distinct().toArray();
        rng.shuffle(distinct);
        rng.shuffle(byClass);
        // the pool's beats of each class, in shuffled order; next[c] is the first unused one
        int[][] poolOf = new int[Aami.COUNT][];
        int[] counts = data.classCounts(byClass), next = new int[counts.length];
        for (int c = 0; c < counts.length; c++) poolOf[c] = new int[counts[c]];
        for (int i : byClass) poolOf[data.label(i)][next[data.label(i)]++] = i;
        Arrays.fill(next, 0);
        int[] members = new int[Math.min(n, distinct.length)], nonMembers = new int[members.length];
        int k = 0;
        for (int i = 0; i < distinct.length && k < members.length; i++) {
            int c = data.label(distinct[i]);
            if (next[c] == poolOf[c].length) continue;
            members[k] = distinct[i];
            nonMembers[k++] = poolOf[c][next[c]++];
        }
        return new Sample(Arrays.copyOf(members, k), Arrays.copyOf(nonMembers, k));
    }

    /** The AUC of the loss-threshold attack on the given member and non-member beats. */
    public static double auc(Module model, BeatDataset data, int[] members, int[] nonMembers, int batch) {
        return auc(losses(model, data, members, batch), losses(model, data, nonMembers, batch));
    }

    /** Per-beat cross-entropy, no gradients. */
    public static double[] losses(Module model, BeatDataset data, int[] idx, int batch) {
        int len = data.windowLength();
        double[] out = new double[idx.length];
        model.requiresGrad(false);
        try {
            for (int from = 0; from < idx.length; from += batch) {
                int to = Math.min(idx.length, from + batch), m = to - from;
                float[] x = new float[m * len];
                int[] y = new int[m];
                data.gather(idx, from, to, x, y);
                try (Arena a = Arena.open()) {
                    float[] l = model.forward(Tensor.of(x, m, 1, len))
                            .crossEntropy(Functional.labels(y))
                            .toArray();
                    for (int i = 0; i < m; i++) out[from + i] = l[i];
                }
            }
        } finally {
            model.requiresGrad(true);
        }
        return out;
    }

    /** P(member loss &lt; non-member loss) + ties / 2, by ranks. */
    public static double auc(double[] memberLoss, double[] nonMemberLoss) {
        int a = memberLoss.length, b = nonMemberLoss.length;
        if (a == 0 || b == 0)
            throw new IllegalArgumentException("membership AUC needs members and non-members, got " + a + " and " + b);
        double[][] all = new double[a + b][];
        for (int i = 0; i < a; i++) all[i] = new double[] {memberLoss[i], 1};
        for (int i = 0; i < b; i++) all[a + i] = new double[] {nonMemberLoss[i], 0};
        Arrays.sort(all, (p, q) -> Double.compare(p[0], q[0]));
        double rankSumNon = 0;
        for (int i = 0; i < all.length; ) {
            int j = i;
            while (j < all.length && all[j][0] == all[i][0]) j++;
            double meanRank = (i + 1 + j) / 2.0; // ranks i+1..j
            for (int t = i; t < j; t++) if (all[t][1] == 0) rankSumNon += meanRank;
            i = j;
        }
        // Mann-Whitney U of the non-members (their losses ranked above the members') = the members' wins
        return (rankSumNon - b * (b + 1) / 2.0) / ((double) a * b);
    }
}
