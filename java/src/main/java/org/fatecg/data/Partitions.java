package org.fatecg.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.tensor.Rng;

/**
 * Client partitions of a training set for federated learning. Each returns int[clients][] of indices into
 * the {@link BeatDataset}; together they cover the training indices exactly once. All randomness comes
 * from the given {@link Rng}. Within a client the windows are in random order (the paper's client
 * loaders did not shuffle, so the order is what a client trains on).
 *
 * <ul>
 *   <li>{@link #iid}: the paper. Shuffle, then cut into contiguous shards of near-equal size: the first
 *       n mod k shards get floor(n/k) + 1 windows, the others floor(n/k).</li>
 *   <li>{@link #byPatient}: hospitals holding whole patients. The training set's records, in a seeded
 *       order, each go to the client with the fewest windows so far (ties: lowest client index), so no
 *       record is split and the sizes stay as even as whole records allow.</li>
 *   <li>{@link #dirichlet}: label skew. For each class c, proportions p_c ~ Dirichlet(alpha, ..., alpha)
 *       over the k clients (normalised Gamma(alpha, 1) draws); the class's shuffled windows are cut at
 *       round(m_c * cumsum(p_c)). Small alpha: each client sees few classes; large alpha: near IID.
 *       Redrawn (up to 100 times) until no client is empty.</li>
 * </ul>
 */
public final class Partitions {
    private Partitions() {}

    /** The paper's IID shards of the shuffled training set. */
    public static int[][] iid(int[] train, int clients, Rng rng) {
        checkClients(clients, train.length, "windows");
        int[] order = train.clone();
        rng.shuffle(order);
        return shards(order, clients);
    }

    /** Contiguous near-equal shards of {@code order}, as given (no shuffling). */
    public static int[][] shards(int[] order, int clients) {
        checkClients(clients, order.length, "windows");
        int n = order.length, base = n / clients, extra = n % clients;
        int[][] out = new int[clients][];
        int start = 0;
        for (int c = 0; c < clients; c++) {
            int size = base + (c < extra ? 1 : 0);
            out[c] = java.util.Arrays.copyOfRange(order, start, start + size);
            start += size;
        }
        return out;
    }

    /** Whole records per client; see the class comment. */
    public static int[][] byPatient(BeatDataset ds, int[] train, int clients, Rng rng) {
        Map<Integer, List<Integer>> byRecord = new LinkedHashMap<>();
        for (int i : train)
            byRecord.computeIfAbsent(ds.record(i), r -> new ArrayList<>()).add(i);
        checkClients(clients, byRecord.size(), "records");
        int[] recs =
                byRecord.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        rng.shuffle(recs);
        List<List<Integer>> parts = new ArrayList<>();
        for (int c = 0; c < clients; c++) parts.add(new ArrayList<>());
        for (int r : recs) {
            int lightest = 0;
            for (int c = 1; c < clients; c++)
                if (parts.get(c).size() < parts.get(lightest).size()) lightest = c;
            parts.get(lightest).addAll(byRecord.get(r));
        }
        return finish(parts, rng);
    }

    /** Dirichlet(alpha) label skew; see the class comment. */
    public static int[][] dirichlet(BeatDataset ds, int[] train, int clients, double alpha, Rng rng) {
        if (!(alpha > 0) || Double.isInfinite(alpha))
            throw new IllegalArgumentException("alpha must be positive and finite, got " + alpha);
        checkClients(clients, train.length, "windows");
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < Aami.COUNT; c++) byClass.add(new ArrayList<>());
        for (int i : train) byClass.get(ds.label(i)).add(i);
        for (int attempt = 0; attempt < 100; attempt++) {
            List<List<Integer>> parts = new ArrayList<>();
            for (int c = 0; c < clients; c++) parts.add(new ArrayList<>());
            for (List<Integer> members : byClass) {
                if (members.isEmpty()) continue;
                int[] m = Splits.toArray(members);
                rng.shuffle(m);
                double[] p = new double[clients];
                double sum = 0;
                for (int c = 0; c < clients; c++) sum += p[c] = rng.nextGamma(alpha);
                double cum = 0;
                int start = 0;
                for (int c = 0; c < clients; c++) {
                    cum += p[c];
                    int end = c == clients - 1 ? m.length : (int) Math.round(m.length * cum / sum);
                    for (int k = start; k < end; k++) parts.get(c).add(m[k]);
                    start = Math.max(start, end);
                }
            }
            boolean empty = false;
            for (List<Integer> p : parts) empty |= p.isEmpty();
            if (!empty) return finish(parts, rng);
        }
        throw new IllegalArgumentException("Dirichlet(alpha=" + alpha + ") left a client empty in 100 draws for "
                + clients + " clients and " + train.length + " windows: use a larger alpha or fewer clients");
    }

    private static int[][] finish(List<List<Integer>> parts, Rng rng) {
        int[][] out = new int[parts.size()][];
        for (int c = 0; c < out.length; c++) {
            out[c] = Splits.toArray(parts.get(c));
            rng.shuffle(out[c]);
        }
        return out;
    }

    private static void checkClients(int clients, int available, String what) {
        if (clients <= 0) throw new IllegalArgumentException("number of clients must be positive, got " + clients);
        if (clients > available)
            throw new IllegalArgumentException(
                    clients + " clients but only " + available + " " + what + " to share among them");
    }
}
