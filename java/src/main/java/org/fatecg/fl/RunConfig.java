package org.fatecg.fl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.attack.Attack;
import org.fatecg.attack.AttackSettings;
import org.fatecg.attack.Condition;
import org.fatecg.attack.Pgd;
import org.fatecg.data.SplitConfig;
import org.fatecg.tensor.Rng;

/**
 * Everything that decides what {@code fatecg run} computes, grouped in small records. The CLI fills it
 * from flags, a --config file and a preset; the experiment only reads it. Device and thread count are
 * not here: they choose where the numbers are computed, not which numbers (the report records them).
 *
 * @param preset     "quick" or "paper", the preset whose values filled what was not given
 * @param seed       the one seed of every random stream (see {@link Seeds}; the split and partition use
 *                   the data package's {@link org.fatecg.data.ClientSplit} with this seed)
 * @param data       where the beats come from
 * @param split      train/test split and client partition
 * @param federation rounds, sampling, local training, aggregation
 * @param attacks    the FAT training attack and the test attacks
 * @param eval       what is evaluated, how often, on how many beats
 */
public record RunConfig(
        String preset, long seed, Data data, SplitConfig split, Federation federation, Attacks attacks, Eval eval) {
    public RunConfig {
        if (split.seed() != seed)
            throw new IllegalArgumentException("the split's seed " + split.seed() + " differs from the run's " + seed);
    }

    /**
     * @param dir     the MIT-BIH folder
     * @param lead    signal index ("1", the paper) or name ("MLII"), with optional fallback ("MLII,0")
     * @param records the records to load (empty: all 48)
     */
    public record Data(Path dir, String lead, List<String> records) {
        public Data {
            records = List.copyOf(records);
        }
    }

    /**
     * @param runs            which federations to train: "nonfat" and/or "fat"
     * @param clientsPerRound clients sampled per round
     * @param rounds          rounds
     * @param fit             local training (epochs, batch, shuffle, Adam, beats per client)
     * @param rule            how the server aggregates: FedAvg, median, trimmed mean, Krum, Multi-Krum
     * @param participants    per run name, who trains in rounds 1, 2, ... (client indices in order), replacing
     *                        the seeded draw, e.g. the nodes a real Flower run drew; a run not named here
     *                        draws its clients from the seed
     */
    public record Federation(
            List<String> runs,
            int clientsPerRound,
            int rounds,
            FitConfig fit,
            AggregationRule rule,
            Map<String, List<int[]>> participants) {
        public Federation {
            runs = List.copyOf(runs);
            Map<String, List<int[]>> copy = new LinkedHashMap<>();
            for (Map.Entry<String, List<int[]>> e : participants.entrySet()) {
                List<int[]> rs = new ArrayList<>();
                for (int[] r : e.getValue()) rs.add(r.clone());
                copy.put(e.getKey(), List.copyOf(rs));
            }
            participants = Collections.unmodifiableMap(copy);
        }

        /** Every run draws its clients from the seed. */
        public Federation(List<String> runs, int clientsPerRound, int rounds, FitConfig fit, AggregationRule rule) {
            this(runs, clientsPerRound, rounds, fit, rule, Map.of());
        }
    }

    /**
     * The attacks of a run: the PGD that FAT clients train against (the FAT paper: PGD-20, eps 8/255,
     * alpha 1/255, random start) and the settings of the test attacks, both built by {@link org.fatecg.attack.Attacks}.
     */
    public record Attacks(Pgd.Settings training, AttackSettings tests) {
        public static Attacks paper() {
            return new Attacks(Pgd.Settings.paper(), AttackSettings.paper());
        }

        /** The PGD a FAT client trains against, with its random start from rng. */
        public Attack trainingAttack(Rng rng) {
            return new Pgd(training, rng);
        }

        /** The attack of a test condition (null for Clean); rng feeds random starts. */
        public Attack testAttack(Condition c, Rng rng) {
            return org.fatecg.attack.Attacks.build(c, tests, rng);
        }
    }

    /**
     * @param conditions test conditions evaluated
     * @param every      evaluate after rounds 0, every, 2 every, ... and the last
     * @param testBeats  how many test beats (0: the whole test set), a seeded subset kept in test order
     * @param batchSize  evaluation batch (32: the paper)
     */
    public record Eval(List<Condition> conditions, int every, int testBeats, int batchSize) {
        public Eval {
            conditions = List.copyOf(conditions);
        }
    }
}
