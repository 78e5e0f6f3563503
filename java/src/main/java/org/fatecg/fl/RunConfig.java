package org.fatecg.fl;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything that decides what {@code fatecg run} computes, grouped in small records. The CLI fills it
 * from flags, a --config file and a preset; the experiment only reads it. Device and thread count are
 * not here: they choose where the numbers are computed, not which numbers (the report records them).
 *
 * @param preset  "quick" or "paper", the preset whose values filled what was not given
 * @param seed    the one seed of every random stream (see {@link Seeds})
 */
public record RunConfig(String preset, long seed, Data data, Federation federation, AttackSettings attacks, Eval eval) {

    /**
     * @param dir           the MIT-BIH folder
     * @param lead          signal index ("1", the paper) or name ("MLII"), with optional fallback ("MLII,0")
     * @param split         paper (random 80/20 over beats), interpatient (de Chazal DS1/DS2) or stratified
     * @param trainFraction train share for the paper and stratified splits
     * @param partition     iid (contiguous shards, the paper), patient (whole records) or dirichlet (label skew)
     * @param alpha         Dirichlet concentration for the dirichlet partition
     * @param records       the records to load (empty: all 48)
     */
    public record Data(Path dir, String lead, String split, double trainFraction, String partition, double alpha, List<String> records) {
        public Data {
            records = List.copyOf(records);
        }
    }

    /**
     * @param runs            which federations to train: "nonfat" and/or "fat"
     * @param clients         number of clients the training set is partitioned into
     * @param clientsPerRound clients sampled per round
     * @param rounds          rounds
     * @param fit             local training (epochs, batch, shuffle, Adam, beats per client)
     * @param strategy        fedavg, median, trimmed-mean or krum
     * @param trimFraction    beta of trimmed-mean
     * @param byzantine       f of krum
     */
    public record Federation(List<String> runs, int clients, int clientsPerRound, int rounds, FitConfig fit,
                             String strategy, double trimFraction, int byzantine) {
        public Federation {
            runs = List.copyOf(runs);
        }
    }

    /**
     * @param conditions test conditions evaluated
     * @param every      evaluate after rounds 0, every, 2 every, ... and the last
     * @param testBeats  how many test beats (0: the whole test set), a seeded subset kept in test order
     * @param batchSize  evaluation batch (32: the paper; also the batches of the as-published metric)
     */
    public record Eval(List<Condition> conditions, int every, int testBeats, int batchSize) {
        public Eval {
            conditions = List.copyOf(conditions);
        }
    }
}
