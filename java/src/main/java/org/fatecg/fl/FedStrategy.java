package org.fatecg.fl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.attack.Condition;
import org.fatecg.eval.ConditionResult;
import org.fatecg.eval.ResultMerge;
import org.fatecg.tensor.Rng;

/**
 * The one strategy, with Flower's verbs, around a pure {@link AggregationRule}: each round, k of the n
 * clients drawn uniformly without replacement train locally; the server aggregates their weights with
 * the rule (FedAvg, McMahan et al. 2017, as the FAT paper uses it through Flower; or a robust rule);
 * the global model is evaluated after round 0, every e rounds and the last, shards merged by
 * {@link ResultMerge}.
 *
 * <p>Stateless: the clients of round r come from the stream Seeds.stream(seed, SAMPLE, r), the same for
 * every federation of a run, so Non-FAT and FAT train the same clients in the same order each round and
 * differ only in how those clients train. Or they come from a participant list given per federation (the
 * nodes a real Flower run drew, so that a simulation replays that run's sampling).
 */
public final class FedStrategy implements Strategy {
    /**
     * @param seed            the run's seed (client sampling)
     * @param clientsPerRound k, clients sampled per round (the paper: 5 of 10); more than n means all
     * @param fit             local training of every sampled client
     * @param rounds          R, the last round (always evaluated)
     * @param evaluateEvery   evaluate after rounds 0, e, 2e, ... and R
     * @param conditions      the test conditions of every evaluation
     */
    public record Config(
            long seed, int clientsPerRound, FitConfig fit, int rounds, int evaluateEvery, List<Condition> conditions) {
        public Config {
            if (clientsPerRound < 1)
                throw new IllegalArgumentException("clients per round must be >= 1, got " + clientsPerRound);
            if (rounds < 1) throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
            if (evaluateEvery < 1)
                throw new IllegalArgumentException("evaluate-every must be >= 1, got " + evaluateEvery);
            conditions = List.copyOf(conditions);
        }
    }

    private final Config config;
    private final AggregationRule rule;
    private final List<int[]> participants; // null: the seeded draw

    public FedStrategy(Config config, AggregationRule rule) {
        this(config, rule, null);
    }

    /**
     * @param participants who trains in rounds 1, 2, ... (client indices, in order) instead of the seeded
     *                     draw, e.g. the nodes a real Flower run drew; null for the seeded draw
     */
    public FedStrategy(Config config, AggregationRule rule, List<int[]> participants) {
        if (config.clientsPerRound() < rule.minUpdates())
            throw new IllegalArgumentException(rule.title() + " needs at least " + rule.minUpdates()
                    + " clients per round, got " + config.clientsPerRound());
        if (participants != null) {
            if (participants.size() < config.rounds())
                throw new IllegalArgumentException("the participant list covers " + participants.size()
                        + " rounds, the federation trains " + config.rounds());
            for (int r = 1; r <= config.rounds(); r++)
                if (participants.get(r - 1).length < rule.minUpdates())
                    throw new IllegalArgumentException(rule.title() + " needs at least " + rule.minUpdates()
                            + " clients per round; the participant list gives round " + r + " "
                            + participants.get(r - 1).length);
            participants = List.copyOf(participants);
        }
        this.config = config;
        this.rule = rule;
        this.participants = participants;
    }

    public Config config() {
        return config;
    }

    public AggregationRule rule() {
        return rule;
    }

    /** The round's clients: the participant list's, else k of the n drawn from the seed. */
    @Override
    public List<FitInstruction> configureFit(int round, int numClients) {
        int[] chosen = participants != null
                ? participants.get(round - 1)
                : sample(config.seed(), round, numClients, config.clientsPerRound());
        List<FitInstruction> out = new ArrayList<>();
        for (int c : chosen) out.add(new FitInstruction(c, config.fit()));
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
    public Aggregate aggregateFit(int round, float[] global, List<FitResult> results) {
        if (results.isEmpty()) throw new IllegalStateException("round " + round + ": no client results to aggregate");
        List<ClientUpdate> updates = new ArrayList<>(results.size());
        for (FitResult r : results) updates.add(ClientUpdate.of(r));
        return rule.apply(round, global, updates);
    }

    @Override
    public EvaluateInstruction configureEvaluate(int round) {
        boolean due = round == 0 || round % config.evaluateEvery() == 0 || round == config.rounds();
        return due ? new EvaluateInstruction(config.conditions()) : null;
    }

    /** Per condition, the shards' results merged as one evaluation of the whole test set ({@link ResultMerge}). */
    @Override
    public Map<Condition, ConditionResult> aggregateEvaluate(int round, List<EvaluateResult> results) {
        if (results.isEmpty()) throw new IllegalStateException("round " + round + ": no evaluation shards");
        Map<Condition, ConditionResult> out = new LinkedHashMap<>();
        for (Condition c : config.conditions()) {
            List<ConditionResult> shards = new ArrayList<>(results.size());
            for (EvaluateResult shard : results) {
                ConditionResult cr = shard.results().get(c);
                if (cr == null)
                    throw new IllegalStateException("round " + round + ": evaluation shard " + shard.shard()
                            + " has no result for " + c.title());
                shards.add(cr);
            }
            out.put(c, ResultMerge.merge(shards));
        }
        return out;
    }
}
