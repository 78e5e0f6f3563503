package org.fatecg.fl;

import org.fatecg.tensor.Rng;

/**
 * Every random stream of a run, derived from (seed, purpose, ids...) alone: stream(seed, FIT, 1, 3, 7) is
 * the stream of federation 1, round 3, client 7, whatever ran before it. That is what makes a resumed run
 * exact: nothing random has to be saved, only the seed, and a round can be replayed from its number.
 *
 * <p>Derivation: r = Rng(seed).fork(purpose), then r = r.fork(id) for each id in turn. Each fork starts
 * from a fresh generator, so streams do not consume from each other. The purpose codes are part of the
 * file format of a run (a checkpoint names its seed and this scheme), so they never change meaning.
 */
public final class Seeds {
    /** Version of this derivation scheme, written into checkpoints. */
    public static final int SCHEME = 1;

    /**
     * Reserved: the train/test split and client partition come from the data package's ClientSplit, which
     * forks Rng(seed) itself with labels 1, 2 and 3 in turn; codes 1 and 2 stay unused here so that no
     * stream of this class coincides with one of those.
     */
    public static final int SPLIT = 1, PARTITION = 2;
    /** Initial weights of the global model (shared by both federations). */
    public static final int INIT = 3;
    /** Client sampling in a round: (round). */
    public static final int SAMPLE = 4;
    /** Local training of one client in one round: (federation, round, client) -> shuffles, PGD starts. */
    public static final int FIT = 5;
    /** Evaluation of a round: (round, condition) -> random starts of the attacks. */
    public static final int EVAL = 6;
    /** The seeded subset of test beats evaluated: (0). */
    public static final int SUBSET = 7;
    /** Differential privacy's Gaussian noise: (round) at the server, (round, client) on a client. */
    public static final int DP_NOISE = 20;
    /** Malicious clients: (client) -> which beats are poisoned; the threat experiments' root set: (-1). */
    public static final int THREAT = 21;

    private Seeds() {}

    public static Rng stream(long seed, int purpose, long... ids) {
        Rng r = new Rng(seed).fork(purpose);
        for (long id : ids) r = r.fork(id);
        return r;
    }
}
