package org.fatecg.data;

import org.fatecg.tensor.Rng;

/**
 * A split plus its client partition, as indices into one {@link BeatDataset}.
 *
 * <p>Randomness: from {@code Rng(seed)} three streams are forked in a fixed order, labels 1 (split),
 * 2 (partition) and 3 (oversampling shuffle), so changing the partition never changes the test set.
 * With oversampling, each client's indices are tiled per class ({@link Splits#oversample}) and then
 * shuffled, because client loaders read in order.
 *
 * @param split   train/test indices
 * @param clients per-client training indices (after oversampling when asked)
 */
public record ClientSplit(Split split, int[][] clients) {

    public ClientSplit {
        clients = deepCopy(clients);
    }

    /** A copy of the per-client indices. */
    @Override
    public int[][] clients() {
        return deepCopy(clients);
    }

    private static int[][] deepCopy(int[][] a) {
        int[][] out = new int[a.length][];
        for (int i = 0; i < a.length; i++) out[i] = a[i].clone();
        return out;
    }

    /** Builds the split and partition that {@code cfg} describes. */
    public static ClientSplit of(BeatDataset ds, SplitConfig cfg) {
        Rng root = new Rng(cfg.seed());
        Rng splitRng = root.fork(1), partRng = root.fork(2), overRng = root.fork(3);
        Split s = switch (cfg.split()) {
            case PAPER -> Splits.random(ds.size(), cfg.trainFraction(), splitRng);
            case INTERPATIENT -> Splits.interPatient(ds);
            case STRATIFIED -> Splits.stratified(ds, cfg.trainFraction(), splitRng);
        };
        int[] train = s.train();
        int[][] clients = switch (cfg.partition()) {
            case IID -> Partitions.iid(train, cfg.clients(), partRng);
            case PATIENT -> Partitions.byPatient(ds, train, cfg.clients(), partRng);
            case DIRICHLET -> Partitions.dirichlet(ds, train, cfg.clients(), cfg.alpha(), partRng);
        };
        if (cfg.oversample())
            for (int c = 0; c < clients.length; c++) {
                clients[c] = Splits.oversample(ds, clients[c]);
                overRng.shuffle(clients[c]);
            }
        return new ClientSplit(s, clients);
    }
}
