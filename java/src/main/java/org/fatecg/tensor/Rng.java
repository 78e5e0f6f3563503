package org.fatecg.tensor;

/**
 * The one seeded random source of fatecg. Every random choice (initialisation, shuffles, splits, client
 * sampling, attack starts) draws from an Rng made from the run's seed, so a run repeats bit for bit.
 *
 * <p>The generator is SplitMix64 (Steele, Lea and Flood 2014): a 64-bit counter advanced by the golden
 * gamma and mixed by two multiply-xorshift rounds. It is written out here, rather than taken from
 * java.util, so that the sequence is fixed by this file and not by a JDK version.
 */
public final class Rng {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    /** An independent stream derived from this one and a label (e.g. a client index). */
    public Rng fork(long label) {
        return new Rng(mix(nextLong() ^ mix(label + GOLDEN_GAMMA)));
    }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 24 random bits, exactly representable as a float. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound), without modulo bias (Lemire's rejection on the high bits). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
        long r = (nextLong() >>> 33) * bound;
        int low = (int) (r & 0x7FFFFFFFL);
        if (low < bound) {
            int threshold = (int) ((0x80000000L - bound) % bound);
            while (low < threshold) {
                r = (nextLong() >>> 33) * bound;
                low = (int) (r & 0x7FFFFFFFL);
            }
        }
        return (int) (r >>> 31);
    }

    /** Standard normal by Box-Muller (one of the pair is discarded: simple and reproducible). */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // (0, 1], keeps log finite
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Gamma(shape, 1) by Marsaglia and Tsang (2000); shape < 1 through the boost u^(1/shape). */
    public double nextGamma(double shape) {
        if (!(shape > 0)) throw new IllegalArgumentException("gamma shape must be positive, got " + shape);
        if (shape < 1) return nextGamma(shape + 1) * Math.pow(1.0 - nextDouble(), 1.0 / shape);
        double d = shape - 1.0 / 3.0, c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = nextGaussian(), v = 1.0 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            double u = 1.0 - nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
        }
    }

    /** Fisher-Yates shuffle in place. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** 0..n-1 in a random order. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        shuffle(p);
        return p;
    }
}
