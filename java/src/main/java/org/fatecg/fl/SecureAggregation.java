package org.fatecg.fl;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secure aggregation by pairwise additive masking (Bonawitz et al. 2017, "Practical secure aggregation
 * for privacy-preserving machine learning", simplified: no self-masks, no signatures, an honest-but-
 * curious server). One round, for k clients with updates Delta_i = theta_i - global and public counts n_i:
 *
 * <pre>
 *   1. every client makes an X25519 key pair and publishes pk_i; it Shamir-shares its secret key t-of-k
 *      among the others (t = floor(k/2) + 1), so that a majority can rebuild it if it drops out
 *   2. s_ij = SHA-256(X25519(sk_i, pk_j) | round | min(i,j) | max(i,j)); PRG_ij = AES-128-CTR keyed by s_ij
 *   3. client i sends y_i = Q((n_i / m) Delta_i) + sum_{j > i} PRG_ij - sum_{j < i} PRG_ij   (mod 2^32)
 *      with m = sum of the k counts and Q(v) = round(v 2^f), f fraction bits (two's complement ints)
 *   4. the server adds the y_i it receives: every pair's masks cancel, leaving sum_i Q(.) exactly; for a
 *      client d that dropped after step 1, t survivors hand in their shares of sk_d, the server rebuilds
 *      it and removes the masks PRG_dj the survivors j added; with fewer than t survivors the round fails
 *   5. theta = global + (m / m_survivors) 2^-f sum,  m_survivors the survivors' counts
 * </pre>
 * The result is FedAvg over the clients that delivered, to within k 2^-(f+1) (m / m_survivors) per
 * coordinate (each Q rounds by at most half a step). The server only ever holds masked vectors, which
 * {@link Result} exposes so that a test can look at what it saw. Values beyond the fixed-point range
 * (|(n_i/m) Delta_i| >= 2^(31-f) / k) are refused with the client and coordinate named.
 */
public final class SecureAggregation {
    private static final BigInteger PRIME =
            BigInteger.ONE.shiftLeft(521).subtract(BigInteger.ONE); // Mersenne prime 2^521 - 1 > any 32-byte key
    private final int fractionBits;
    private final SecureRandom random;

    /** @param fractionBits f, the fixed-point fraction bits (1..30) */
    public SecureAggregation(int fractionBits, SecureRandom random) {
        if (fractionBits < 1 || fractionBits > 30)
            throw new IllegalArgumentException("fixed-point fraction bits must be in 1..30, got " + fractionBits);
        this.fractionBits = fractionBits;
        this.random = random;
    }

    /** The new global weights, what the server saw (one masked vector per delivering client), and who dropped. */
    public record Result(float[] weights, List<int[]> masked, List<Integer> dropped) {}

    /**
     * One round over the updates (in order); the clients at the positions in {@code dropped} complete
     * step 1 but never send their masked vector.
     */
    public Result aggregate(int round, float[] global, List<ClientUpdate> updates, Set<Integer> dropped) {
        int k = updates.size(), d = global.length, threshold = k / 2 + 1;
        if (k == 0) throw new IllegalArgumentException("no updates to aggregate");
        try {
            // 1. keys and shares: shares[i][j] is client j's share of client i's secret key (x = j + 1)
            KeyPair[] keys = new KeyPair[k];
            BigInteger[][] shares = new BigInteger[k][];
            KeyPairGenerator gen = KeyPairGenerator.getInstance("X25519");
            gen.initialize(NamedParameterSpec.X25519, random);
            for (int i = 0; i < k; i++) {
                keys[i] = gen.generateKeyPair();
                shares[i] = share(
                        new BigInteger(
                                1,
                                ((XECPrivateKey) keys[i].getPrivate())
                                        .getScalar()
                                        .orElseThrow()),
                        threshold,
                        k);
            }
            long m = 0, mSurvivors = 0;
            for (int i = 0; i < k; i++) {
                if (updates.get(i).numExamples() <= 0)
                    throw new IllegalArgumentException(
                            "client " + updates.get(i).client() + " reports "
                                    + updates.get(i).numExamples() + " examples");
                m += updates.get(i).numExamples();
                if (!dropped.contains(i)) mSurvivors += updates.get(i).numExamples();
            }
            if (dropped.size() >= k)
                throw new FederationException(
                        "round " + round + ": secure aggregation: every client dropped out, nothing to aggregate");
            // 3. masked vectors from the clients that deliver
            double scale = Math.scalb(1.0, fractionBits), limit = Math.scalb(1.0, 31 - fractionBits) / k;
            int[] sum = new int[d];
            List<int[]> masked = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                if (dropped.contains(i)) continue;
                ClientUpdate u = updates.get(i);
                if (u.weights().length != d)
                    throw new IllegalArgumentException("update of client " + u.client() + " has " + u.weights().length
                            + " values, the model " + d);
                double w = (double) u.numExamples() / m;
                int[] y = new int[d];
                for (int j = 0; j < d; j++) {
                    double v = w * ((double) u.weights()[j] - global[j]);
                    if (!(Math.abs(v) < limit))
                        throw new FederationException("round " + round + ": client " + u.client()
                                + "'s weighted update " + v + " at coordinate " + j
                                + " is outside secure aggregation's fixed-point range +-" + limit + " (" + fractionBits
                                + " fraction bits for " + k + " clients)");
                    y[j] = (int) Math.round(v * scale);
                }
                for (int other = 0; other < k; other++) {
                    if (other == i) continue;
                    int[] prg = mask(keys[i].getPrivate(), keys[other].getPublic(), round, i, other, d);
                    addMask(y, prg, other > i ? 1 : -1);
                }
                masked.add(y);
                for (int j = 0; j < d; j++) sum[j] += y[j]; // int overflow is the arithmetic modulo 2^32
            }
            // 4. unmask the dropped clients' pairs from t survivors' shares
            List<Integer> gone = new ArrayList<>(new java.util.TreeSet<>(dropped));
            int survivors = k - gone.size();
            if (!gone.isEmpty() && survivors < threshold)
                throw new FederationException("round " + round + ": secure aggregation cannot remove the masks of "
                        + gone.size() + " dropped client(s): only " + survivors + " of the " + threshold
                        + " shares needed to rebuild their keys arrived; the round is void");
            for (int dIdx : gone) {
                List<Integer> holders = new ArrayList<>();
                for (int j = 0; j < k && holders.size() < threshold; j++) if (!dropped.contains(j)) holders.add(j);
                PrivateKey rebuilt = privateKey(reconstruct(shares[dIdx], holders));
                for (int j = 0; j < k; j++) {
                    if (dropped.contains(j)) continue;
                    // survivor j added sign(d > j) PRG_jd; PRG_dj is the same stream (symmetric key)
                    int[] prg = mask(rebuilt, keys[j].getPublic(), round, dIdx, j, d);
                    addMask(sum, prg, dIdx > j ? -1 : 1);
                }
            }
            // 5. dequantise
            float[] out = new float[d];
            double rescale = (double) m / mSurvivors;
            for (int j = 0; j < d; j++) out[j] = (float) (global[j] + rescale * sum[j] / scale);
            return new Result(out, masked, gone);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's X25519/AES/SHA-256 are unavailable: " + e.getMessage(), e);
        }
    }

    private static void addMask(int[] y, int[] prg, int sign) {
        if (sign > 0) for (int j = 0; j < y.length; j++) y[j] += prg[j];
        else for (int j = 0; j < y.length; j++) y[j] -= prg[j];
    }

    /** d pseudo-random 32-bit words from the pair's agreed key: AES-128-CTR over zeros. */
    static int[] mask(PrivateKey mine, PublicKey theirs, int round, int a, int b, int d)
            throws GeneralSecurityException {
        KeyAgreement ka = KeyAgreement.getInstance("X25519");
        ka.init(mine);
        ka.doPhase(theirs, true);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(ka.generateSecret());
        sha.update(ByteBuffer.allocate(12)
                .putInt(round)
                .putInt(Math.min(a, b))
                .putInt(Math.max(a, b))
                .array());
        byte[] seed = sha.digest();
        Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, 0, 16, "AES"), new IvParameterSpec(new byte[16]));
        byte[] stream = aes.doFinal(new byte[4 * d]);
        int[] out = new int[d];
        ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
        return out;
    }

    /** Shamir's t-of-n sharing over GF(2^521 - 1): share j is p(j + 1) for a random degree t-1 p with p(0) = secret. */
    BigInteger[] share(BigInteger secret, int t, int n) {
        BigInteger[] coef = new BigInteger[t];
        coef[0] = secret;
        for (int c = 1; c < t; c++) coef[c] = new BigInteger(PRIME.bitLength() - 1, random);
        BigInteger[] out = new BigInteger[n];
        for (int j = 0; j < n; j++) {
            BigInteger x = BigInteger.valueOf(j + 1), y = BigInteger.ZERO;
            for (int c = t - 1; c >= 0; c--) y = y.multiply(x).add(coef[c]).mod(PRIME);
            out[j] = y;
        }
        return out;
    }

    /** p(0) by Lagrange interpolation from the shares of the holders (x = holder + 1). */
    static BigInteger reconstruct(BigInteger[] shares, List<Integer> holders) {
        BigInteger secret = BigInteger.ZERO;
        for (int a : holders) {
            BigInteger num = BigInteger.ONE, den = BigInteger.ONE, xa = BigInteger.valueOf(a + 1);
            for (int b : holders) {
                if (b == a) continue;
                BigInteger xb = BigInteger.valueOf(b + 1);
                num = num.multiply(xb.negate()).mod(PRIME);
                den = den.multiply(xa.subtract(xb)).mod(PRIME);
            }
            secret = secret.add(shares[a].multiply(num).multiply(den.modInverse(PRIME)))
                    .mod(PRIME);
        }
        return secret;
    }

    private static PrivateKey privateKey(BigInteger scalar) throws GeneralSecurityException {
        byte[] raw = scalar.toByteArray(), fixed = new byte[32];
        // BigInteger is big-endian with an optional sign byte; the scalar bytes were read as big-endian too.
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, fixed, 32 - copy, copy);
        return KeyFactory.getInstance("X25519")
                .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, fixed));
    }

    /**
     * FedAvg through secure aggregation, as a rule for the strategy: the same weights as
     * {@link AggregationRule.FedAvg} to the quantisation step, computed from masked vectors only (no client
     * drops out in a simulated round). The masks cancel exactly whatever keys are drawn, so the result is
     * deterministic although the keys come from a SecureRandom.
     */
    public record Rule(int fractionBits) implements AggregationRule {
        public Rule {
            new SecureAggregation(fractionBits, null); // checks the range
        }

        public String key() {
            return "fedavg";
        }

        public String title() {
            return "SecureFedAvg(f=" + fractionBits + ")";
        }

        public Aggregate apply(float[] global, List<ClientUpdate> updates) {
            return apply(0, global, updates);
        }

        public Aggregate apply(int round, float[] global, List<ClientUpdate> updates) {
            Result r =
                    new SecureAggregation(fractionBits, new SecureRandom()).aggregate(round, global, updates, Set.of());
            return Aggregate.allSelected(r.weights(), updates.size());
        }
    }
}
