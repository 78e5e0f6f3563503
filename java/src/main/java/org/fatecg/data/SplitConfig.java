package org.fatecg.data;

/**
 * The data side of an experiment in one small record: which split, how clients are formed, whether to
 * oversample, and the seed. {@link ClientSplit#of} turns it into index arrays; the CLI's
 * {@code data info} and the training loop both go through it, so they see the same clients. Start from
 * {@link #paper(long)} and change what differs: {@code SplitConfig.paper(seed).withClients(4)}.
 *
 * @param split         PAPER (random beat-level), INTERPATIENT (DS1/DS2) or STRATIFIED
 * @param trainFraction training share for PAPER and STRATIFIED (0.8); ignored by INTERPATIENT
 * @param partition     IID shards, whole PATIENTs, or DIRICHLET label skew
 * @param clients       number of clients (1 for centralised training)
 * @param alpha         Dirichlet concentration (only for DIRICHLET)
 * @param oversample    class-balanced oversampling of each client's data (Ma and Liang 2020)
 * @param seed          the run's seed
 */
public record SplitConfig(
        SplitKind split,
        double trainFraction,
        PartitionKind partition,
        int clients,
        double alpha,
        boolean oversample,
        long seed) {

    public enum SplitKind {
        PAPER,
        INTERPATIENT,
        STRATIFIED
    }

    public enum PartitionKind {
        IID,
        PATIENT,
        DIRICHLET
    }

    /** The paper: random 80/20, 10 IID clients, no oversampling. */
    public static SplitConfig paper(long seed) {
        return new SplitConfig(SplitKind.PAPER, 0.8, PartitionKind.IID, 10, 0.5, false, seed);
    }

    public SplitConfig {
        if (split == null || partition == null) throw new IllegalArgumentException("split and partition are required");
        if (clients <= 0) throw new IllegalArgumentException("clients must be positive, got " + clients);
    }

    public SplitConfig withSplit(SplitKind s, double trainFraction) {
        return new SplitConfig(s, trainFraction, partition, clients, alpha, oversample, seed);
    }

    public SplitConfig withSplit(SplitKind s) {
        return withSplit(s, trainFraction);
    }

    /** The partition into clients; alpha is the Dirichlet concentration (used by DIRICHLET only). */
    public SplitConfig withPartition(PartitionKind p, double alpha) {
        return new SplitConfig(split, trainFraction, p, clients, alpha, oversample, seed);
    }

    public SplitConfig withPartition(PartitionKind p) {
        return withPartition(p, alpha);
    }

    public SplitConfig withClients(int n) {
        return new SplitConfig(split, trainFraction, partition, n, alpha, oversample, seed);
    }

    public SplitConfig withOversample(boolean o) {
        return new SplitConfig(split, trainFraction, partition, clients, alpha, o, seed);
    }
}
