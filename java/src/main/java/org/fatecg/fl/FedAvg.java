package org.fatecg.fl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.eval.BatchAveragedMacro;
import org.fatecg.eval.ConfusionMatrix;
import org.fatecg.tensor.Rng;

/**
 * Federated averaging (McMahan et al. 2017) as Çelik and Güllü (2025) use it through Flower: each round, k of the n
 * clients drawn uniformly without replacement train locally; the server sets
 * global = sum_i (n_i / m) theta_i (see {@link Aggregation#fedAvg}). Subclasses change only the
 * aggregation rule ({@link FedMedian}, {@link FedTrimmedAvg}, {@link Krum}).
 *
 * <p>Stateless: the clients of round r come from the stream Seeds.stream(seed, SAMPLE, r), the same for
 * every federation of a run, so Non-FAT and FAT train the same clients in the same order each round and
 * differ only in how those clients train.
 */
public class FedAvg implements Strategy {
    /**
     * @param seed            the run's seed (client sampling)
     * @param clientsPerRound k, clients sampled per round (the paper: 5 of 10); more than n means all
     * @param fit             local training of every sampled client
     * @param rounds          R, the last round (always evaluated)
     * @param evaluateEvery   evaluate after rounds 0, e, 2e, ... and R
     * @param conditions      the test conditions of every evaluation
     */
    public record Config(long seed, int clientsPerRound, FitConfig fit, int rounds, int evaluateEvery, List<Condition> conditions) {
        public Config {
            if (clientsPerRound < 1) throw new IllegalArgumentException("clients per round must be >= 1, got " + clientsPerRound);
            if (rounds < 1) throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
            if (evaluateEvery < 1) throw new IllegalArgumentException("evaluate-every must be >= 1, got " + evaluateEvery);
            conditions = List.copyOf(conditions);
        }
    }

    protected final Config config;

    public FedAvg(Config config) {
        this.config = config;
    }

    public Config config() {
        return config;
    }

    /** The strategy's name for reports. */
    public String name() {
        return "FedAvg";
    }

    @Override
    public List<FitInstruction> configureFit(int round, int numClients) {
        List<FitInstruction> out = new ArrayList<>();
        for (int c : sample(config.seed(), round, numClients, config.clientsPerRound())) out.add(new FitInstruction(c, config.fit()));
        return out;
    }

    /**
     * k of 0..n-1 uniformly without replacement, in draw order: the first k steps of a Fisher-Yates
     * shuffle (position i swaps with a uniform position in [i, n)).
     */
    public static int[] sample(long seed, int round, int n, int k) {
        int take = Math.min(k, n);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = i;
        Rng rng = Seeds.stream(seed, Seeds.SAMPLE, round);
        for (int i = 0; i < take; i++) {
            int j = i + rng.nextInt(n - i);
            int t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
        return java.util.Arrays.copyOf(ids, take);
    }

    @Override
    public final float[] aggregateFit(int round, float[] global, List<FitResult> results) {
        if (results.isEmpty()) throw new IllegalStateException("round " + round + ": no client results to aggregate");
        List<float[]> updates = new ArrayList<>(results.size());
        long[] counts = new long[results.size()];
        for (int i = 0; i < results.size(); i++) {
            updates.add(results.get(i).weights());
            counts[i] = results.get(i).numExamples();
        }
        return aggregate(updates, counts);
    }

    /** The aggregation rule: here FedAvg's weighted mean. */
    protected float[] aggregate(List<float[]> updates, long[] counts) {
        return Aggregation.fedAvg(updates, counts);
    }

    @Override
    public EvaluateInstruction configureEvaluate(int round) {
        boolean due = round == 0 || round % config.evaluateEvery() == 0 || round == config.rounds();
        return due ? new EvaluateInstruction(config.conditions()) : null;
    }

    /**
     * Sums the shards' confusion matrices; the as-published values are the mean over all batches, i.e.
     * the shards' means weighted by their batch counts; mean L2 is weighted by beats, mean SNR by moved
     * beats, max L-infinity is the maximum.
     */
    @Override
    public Map<Condition, ConditionResult> aggregateEvaluate(int round, List<EvaluateResult> results) {
        Map<Condition, ConditionResult> out = new LinkedHashMap<>();
        for (Condition c : config.conditions()) {
            ConfusionMatrix cm = null;
            double l2 = 0, linf = 0, snr = 0;
            long beats = 0;
            int moved = 0;
            double p = 0, r = 0, f = 0;
            long batches = 0;
            for (EvaluateResult shard : results) {
                ConditionResult cr = shard.results().get(c);
                if (cr == null) throw new IllegalStateException("round " + round + ": evaluation shard " + shard.shard() + " has no result for " + c.title());
                if (cm == null) cm = new ConfusionMatrix(cr.confusion().numClasses());
                ConditionResult.Perturbation pt = cr.perturbation();
                l2 += pt.meanL2() * shard.numExamples();
                beats += shard.numExamples();
                linf = Math.max(linf, pt.maxLinf());
                if (pt.perturbed() > 0) snr += pt.meanSnrDb() * pt.perturbed();
                moved += pt.perturbed();
                cm.addAll(cr.confusion());
                BatchAveragedMacro.Result ap = cr.asPublished();
                p += ap.precision() * ap.batches();
                r += ap.recall() * ap.batches();
                f += ap.f1() * ap.batches();
                batches += ap.batches();
            }
            if (cm == null) throw new IllegalStateException("round " + round + ": no evaluation shards");
            BatchAveragedMacro.Result ap = results.size() == 1 ? results.get(0).results().get(c).asPublished()
                    : new BatchAveragedMacro.Result(batches == 0 ? 0 : p / batches, batches == 0 ? 0 : r / batches, batches == 0 ? 0 : f / batches, batches);
            ConditionResult.Perturbation pt = results.size() == 1 ? results.get(0).results().get(c).perturbation()
                    : new ConditionResult.Perturbation(beats == 0 ? 0 : l2 / beats, linf, moved == 0 ? Double.POSITIVE_INFINITY : snr / moved, moved);
            out.put(c, new ConditionResult(c, cm, ap, pt));
        }
        return out;
    }
}
