package org.fatecg.eval;

import java.util.Arrays;
import org.fatecg.data.BeatDataset;
import org.fatecg.nn.Module;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Tensor;

/**
 * The loss-threshold membership inference attack (Yeom, Giacomelli, Fredrikson and Jha 2018, "Privacy
 * risk in machine learning: analyzing the connection to overfitting"): a beat is guessed to have been
 * trained on when the model's cross-entropy on it is below a threshold. Over all thresholds, the
 * attack's power is the AUC of the score -loss for telling members (training beats) from non-members
 * (test beats): 0.5 is a coin toss, 1 a perfect guess. AUC = P(loss(member) &lt; loss(non-member)) +
 * P(tie) / 2, the Mann-Whitney statistic, computed from ranks with ties given their mean rank.
 */
public final class MembershipInference {
    private MembershipInference() {}

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
