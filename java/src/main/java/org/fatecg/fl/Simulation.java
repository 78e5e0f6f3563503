package org.fatecg.fl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.fatecg.attack.Condition;
import org.fatecg.eval.ConditionResult;
import org.fatecg.nn.Module;

/**
 * One federation (Non-FAT or FAT) in simulation: a server holding the global weights, a strategy, and
 * clients that train one after another on this machine. The round loop is written once, in
 * {@link #runRound} (one round) and {@link #run} (all rounds of several federations, interleaved so that
 * their rounds can be compared as they finish):
 *
 * <pre>
 *   round 0:  evaluate the initial weights (if the strategy asks)
 *   round r:  instructions = configureFit(r)
 *             for each instruction, in order: result_i = client.fit(global, config, stream(seed, FIT, fed, r, client))
 *             refuse any result with a NaN or infinity, naming client and round
 *             global = aggregateFit(r, global, results)
 *             if configureEvaluate(r): evaluate the global model, aggregateEvaluate
 * </pre>
 * Everything random in round r derives from (seed, r, client), so {@link #restore} can put a simulation
 * at any finished round and the next rounds are exactly those of an uninterrupted run.
 */
public final class Simulation {
    /**
     * @param name       "Non-FAT" or "FAT", for reports and errors
     * @param federation the federation's number in the seed streams (0 Non-FAT, 1 FAT)
     * @param seed       the run's seed
     * @param rounds     R
     */
    public record Config(String name, int federation, long seed, int rounds) {}

    private final Config config;
    private final Strategy strategy;
    private final List<Client> clients;
    private final Module model;
    private final WeightLayout layout;
    private final Evaluator evaluator;
    private final FederationListener listener;
    private final List<RoundRecord> history = new ArrayList<>();
    private float[] global;
    private int round = -1; // the last finished round; -1 before round 0

    /** @param model a network of the federation's architecture, used to evaluate the global weights */
    public Simulation(
            Config config,
            Strategy strategy,
            List<Client> clients,
            Module model,
            Evaluator evaluator,
            FederationListener listener) {
        if (clients.isEmpty())
            throw new IllegalArgumentException(config.name() + ": a federation needs at least one client");
        this.config = config;
        this.strategy = strategy;
        this.clients = List.copyOf(clients);
        this.model = model;
        this.layout = new WeightLayout(model);
        this.evaluator = evaluator;
        this.listener = listener == null ? FederationListener.NONE : listener;
    }

    public Config config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    /** The last finished round (0 after the initial evaluation). */
    public int round() {
        return round;
    }

    public boolean finished() {
        return round >= config.rounds();
    }

    /** A copy of the current global weights. */
    public float[] global() {
        return global.clone();
    }

    public List<RoundRecord> history() {
        return Collections.unmodifiableList(history);
    }

    public List<Client> clients() {
        return clients;
    }

    /** Round 0: takes the initial weights and evaluates them if the strategy asks. */
    public RoundRecord start(float[] initial) {
        if (round >= 0) throw new IllegalStateException(name() + " has already started");
        checkFinite(initial, "the initial weights");
        global = initial.clone();
        listener.roundStarted(name(), 0, config.rounds());
        RoundRecord rec = new RoundRecord(0, List.of(), Map.of(), 0, 0);
        rec = evaluate(rec);
        return finish(rec);
    }

    /** Round 0 with results already known (the other federation evaluated the same initial weights). */
    public RoundRecord start(float[] initial, RoundRecord round0) {
        if (round >= 0) throw new IllegalStateException(name() + " has already started");
        global = initial.clone();
        return finish(round0);
    }

    /** Puts the simulation after round {@code finished}, as a checkpoint recorded it. */
    public void restore(int finished, float[] weights, List<RoundRecord> records) {
        if (weights.length != layout.size())
            throw new IllegalArgumentException(
                    name() + ": checkpoint weights have " + weights.length + " values, the model " + layout.size());
        if (records.size() != finished + 1)
            throw new IllegalArgumentException(
                    name() + ": checkpoint of round " + finished + " holds " + records.size() + " round records");
        checkFinite(weights, "the checkpoint's weights");
        global = weights.clone();
        history.clear();
        history.addAll(records);
        round = finished;
    }

    /** Runs the next round: fit, aggregate, evaluate. */
    public RoundRecord runRound() {
        if (round < 0) throw new IllegalStateException(name() + ": call start() (round 0) first");
        if (finished()) throw new IllegalStateException(name() + " has finished all " + config.rounds() + " rounds");
        int r = round + 1;
        listener.roundStarted(name(), r, config.rounds());
        long t0 = System.nanoTime();
        List<FitInstruction> ins = strategy.configureFit(r, clients.size());
        List<FitResult> results = new ArrayList<>(ins.size());
        List<RoundRecord.ClientRecord> recs = new ArrayList<>(ins.size());
        for (int i = 0; i < ins.size(); i++) {
            FitInstruction in = ins.get(i);
            if (in.client() < 0 || in.client() >= clients.size())
                throw new IllegalStateException(name() + " round " + r + ": the strategy chose client " + in.client()
                        + " of " + clients.size());
            Client c = clients.get(in.client());
            listener.clientStarted(name(), r, i, ins.size(), c.id());
            FitResult res = c.fit(
                    name(),
                    r,
                    global,
                    in.config(),
                    Seeds.stream(config.seed(), Seeds.FIT, config.federation(), r, c.id()),
                    listener);
            String bad = res.weights().length != layout.size()
                    ? "a vector of " + res.weights().length + " values for " + layout.size() + " parameters"
                    : layout.firstNonFinite(res.weights());
            if (bad != null)
                throw new FederationException("round " + r + ": client " + c.id() + " of the " + name()
                        + " federation returned an unusable update (" + bad + "); it is not averaged in");
            listener.clientEnded(name(), r, res);
            results.add(res);
            recs.add(RoundRecord.ClientRecord.of(res));
        }
        Aggregate agg = strategy.aggregateFit(r, global, results);
        float[] next = agg.weights();
        checkFinite(next, "round " + r + "'s aggregated weights");
        listener.aggregated(name(), r, global, results, agg);
        global = next;
        RoundRecord rec = new RoundRecord(r, recs, Map.of(), System.nanoTime() - t0, 0);
        return finish(evaluate(rec));
    }

    private RoundRecord evaluate(RoundRecord rec) {
        EvaluateInstruction ins = strategy.configureEvaluate(rec.round());
        if (ins == null || evaluator == null) return rec;
        long t0 = System.nanoTime();
        layout.load(model, global);
        EvaluateResult shard = evaluator.evaluate(model, ins, name(), rec.round(), listener);
        Map<Condition, ConditionResult> results = strategy.aggregateEvaluate(rec.round(), List.of(shard));
        return new RoundRecord(rec.round(), rec.clients(), results, rec.fitNanos(), System.nanoTime() - t0);
    }

    private RoundRecord finish(RoundRecord rec) {
        history.add(rec);
        round = rec.round();
        listener.roundEnded(name(), rec);
        return rec;
    }

    private void checkFinite(float[] w, String what) {
        String bad = layout.firstNonFinite(w);
        if (bad != null) throw new FederationException(name() + ": " + what + " are not finite (" + bad + ")");
    }

    /**
     * The round loop over several federations: round r of each in order, then {@code after.after(r, sims)}.
     * Federations that have not started must be started (round 0) by the caller; restored ones continue
     * from where they stopped (all at the same round).
     */
    public static void run(List<Simulation> sims, RoundEnd after) throws java.io.IOException {
        int from = sims.get(0).round();
        for (Simulation s : sims)
            if (s.round() != from)
                throw new IllegalStateException("federations at different rounds: "
                        + sims.get(0).name() + " " + from + ", " + s.name() + " " + s.round());
        int rounds = sims.get(0).config().rounds();
        for (int r = from + 1; r <= rounds; r++) {
            for (Simulation s : sims) s.runRound();
            after.after(r, sims);
        }
    }
}
