package org.fatecg.eval;

import java.util.List;

/**
 * One condition's results from several evaluation shards (disjoint parts of a test set, evaluated
 * apart, as Flower's federated evaluate returns them) merged into the result of the whole set, as if
 * it had been evaluated in one pass:
 * <pre>
 *   confusion    = sum_s C_s                                  (exact)
 *   as published = sum_s b_s m_s / sum_s b_s                  b_s batches of shard s, m_s its batch-mean value
 *   mean L2      = sum_s n_s l2_s / sum_s n_s                 n_s beats of shard s (its confusion total)
 *   max L-inf    = max_s linf_s
 *   mean SNR     = sum_s p_s snr_s / sum_s p_s                p_s beats shard s moved (+inf if none moved)
 *   seconds      = sum_s t_s                                  (time spent, not elapsed)
 * </pre>
 * A single shard is returned as it is. Pure: inputs are not modified.
 */
public final class ResultMerge {
    private ResultMerge() {}

    public static ConditionResult merge(List<ConditionResult> shards) {
        if (shards.isEmpty()) throw new IllegalArgumentException("no evaluation shards to merge");
        if (shards.size() == 1) return shards.get(0);
        ConditionResult first = shards.get(0);
        ConfusionMatrix cm = new ConfusionMatrix(first.confusion().numClasses());
        double l2 = 0, linf = 0, snr = 0, p = 0, r = 0, f = 0, seconds = 0;
        long beats = 0, batches = 0;
        int moved = 0;
        for (ConditionResult s : shards) {
            if (!s.condition().equals(first.condition()))
                throw new IllegalArgumentException(
                        "cannot merge results of '" + s.condition() + "' into '" + first.condition() + "'");
            if (s.confusion().numClasses() != cm.numClasses())
                throw new IllegalArgumentException(first.condition() + ": shards with "
                        + s.confusion().numClasses() + " and " + cm.numClasses() + " classes");
            cm.addAll(s.confusion());
            long n = s.confusion().total();
            ConditionResult.Perturbation pt = s.perturbation();
            l2 += pt.meanL2() * n;
            beats += n;
            linf = Math.max(linf, pt.maxLinf());
            if (pt.perturbed() > 0) snr += pt.meanSnrDb() * pt.perturbed();
            moved += pt.perturbed();
            BatchAveragedMacro.Result ap = s.asPublished();
            p += ap.precision() * ap.batches();
            r += ap.recall() * ap.batches();
            f += ap.f1() * ap.batches();
            batches += ap.batches();
            seconds += s.seconds();
        }
        BatchAveragedMacro.Result ap = batches == 0
                ? new BatchAveragedMacro.Result(0, 0, 0, 0)
                : new BatchAveragedMacro.Result(p / batches, r / batches, f / batches, batches);
        ConditionResult.Perturbation pt = new ConditionResult.Perturbation(
                beats == 0 ? 0 : l2 / beats, linf, moved == 0 ? Double.POSITIVE_INFINITY : snr / moved, moved);
        return new ConditionResult(first.condition(), cm, ap, pt, seconds);
    }
}
