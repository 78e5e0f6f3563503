package org.fatecg.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.fl.Experiment;
import org.fatecg.fl.RoundRecord;
import org.fatecg.flower.FlowerRunFile;

/**
 * {@code fatecg run --participants}: the nodes that real Flower runs drew, round by round, read from
 * their {@code flower-run.json} (the Flower app's record: per round the partition-id of every node that
 * trained, in reply order), so that the simulation trains exactly those clients. A fatecg SuperNode with
 * {@code --partition-id i} holds the shard that {@code fatecg run} gives client i for the same seed,
 * split and {@code --clients}, so partition-id i is client i. A Flower Non-FAT run and a FAT run draw
 * apart, so each federation trained takes its own file. The files are hostile input: every fault names
 * the file, the round and the value.
 */
final class FlowerDraws {
    private FlowerDraws() {}

    /**
     * @param files   the option's values: flower-run.json files or the Flower runs' out-dirs
     * @param runs    the federations trained ("nonfat", "fat", objectives)
     * @param clients the run's --clients
     * @param rounds  the run's --rounds (a Flower run of more rounds replays its first ones)
     * @return per run name, the clients of rounds 1..rounds in order
     */
    static Map<String, List<int[]>> read(List<Path> files, List<String> runs, int clients, int rounds) {
        Map<String, List<int[]>> out = new LinkedHashMap<>();
        for (Path given : files) {
            Path file = FlowerRunFile.locate(given);
            FlowerRunFile run;
            try {
                run = FlowerRunFile.read(file);
            } catch (IOException e) {
                throw new IllegalArgumentException("--participants " + e.getMessage(), e);
            }
            String key = run.federation().equals(Experiment.FAT) ? "fat" : "nonfat";
            String where = "--participants " + file + ": ";
            if (!runs.contains(key))
                throw new IllegalArgumentException(where + "a " + run.federation() + " run, but --federations "
                        + String.join(",", runs) + " does not train " + key);
            if (out.containsKey(key))
                throw new IllegalArgumentException(
                        where + "a second " + run.federation() + " run (give one Flower run per federation)");
            if (run.history().size() < rounds)
                throw new IllegalArgumentException(
                        where + "the Flower run trained " + run.history().size() + " rounds, --rounds is " + rounds);
            List<int[]> draws = new ArrayList<>();
            for (RoundRecord r : run.history().subList(0, rounds)) draws.add(clients(r, clients, where));
            out.put(key, draws);
        }
        for (String run : runs)
            if (!out.containsKey(run))
                throw new IllegalArgumentException("--participants: no Flower run for federation '" + run
                        + "' (give one flower-run.json per federation of --federations " + String.join(",", runs)
                        + ")");
        return out;
    }

    /** One round's partition-ids as client indices: each a client of this run, none twice. */
    private static int[] clients(RoundRecord r, int clients, String where) {
        String at = where + "round " + r.round() + ": ";
        if (r.clients().isEmpty()) throw new IllegalArgumentException(at + "no node trained");
        int[] ids = new int[r.clients().size()];
        boolean[] seen = new boolean[clients];
        for (int i = 0; i < ids.length; i++) {
            int id = r.clients().get(i).client();
            if (id < 0)
                throw new IllegalArgumentException(at + "node " + i + " sent no partition-id (partition-id " + id
                        + "; a Flower Python SuperNode?); only fatecg supernodes' rounds can be replayed");
            if (id >= clients)
                throw new IllegalArgumentException(
                        at + "partition-id " + id + " is not a client of this run (--clients " + clients + ")");
            if (seen[id]) throw new IllegalArgumentException(at + "partition-id " + id + " trained twice");
            seen[id] = true;
            ids[i] = id;
        }
        return ids;
    }
}
