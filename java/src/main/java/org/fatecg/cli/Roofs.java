package org.fatecg.cli;

import org.fatecg.backend.Backend;
import org.fatecg.backend.Storage;
import org.fatecg.report.ProfileSummary;

/**
 * Measures the two roofs a profile is read against, on the backend itself: the GEMM rate (best of the
 * paper CNN's two heaviest GEMM shapes and a square 512 one) and the memory bandwidth of a large copy
 * (bytes read plus written per second). Each is the best of a few short timed rounds; a download of
 * one value ends each round, so that a GPU's queued work is counted.
 */
final class Roofs {
    private static final long ROUND_NANOS = 100_000_000L;

    private Roofs() {}

    static ProfileSummary.Roofs measure(Backend b) {
        double peak = 0;
        String at = "";
        for (int[] s : new int[][] {{64, 1408, 256}, {1408, 192, 128}, {512, 512, 512}}) {
            int m = s[0], k = s[1], n = s[2];
            Storage a = b.allocate(m * k), bb = b.allocate(k * n), c = b.allocate(m * n);
            b.fill(a, 0.5f);
            b.fill(bb, 0.25f);
            double sec = best(b, c, () -> b.gemm(c, a, bb, false, false, m, n, k, 1f, 0f));
            double rate = 2.0 * m * n * k / sec / 1e9;
            if (rate > peak) {
                peak = rate;
                at = m + "x" + k + "x" + n;
            }
            b.release(a);
            b.release(bb);
            b.release(c);
        }
        int len = 1 << 23; // 32 MB, far beyond the caches
        Storage src = b.allocate(len), dst = b.allocate(len);
        b.fill(src, 1f);
        double sec = best(b, dst, () -> b.copy(dst, 0, src, 0, len));
        b.release(src);
        b.release(dst);
        return new ProfileSummary.Roofs(peak, "M x K x N " + at, 8.0 * len / sec / 1e9);
    }

    /** Best seconds per call over three rounds of about 0.1 s, after one warm-up round. */
    private static double best(Backend b, Storage sync, Runnable body) {
        Storage tiny = b.allocate(1);
        float[] one = new float[1];
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 4; round++) {
            long t0 = System.nanoTime();
            int calls = 0;
            do {
                body.run();
                calls++;
            } while (System.nanoTime() - t0 < ROUND_NANOS);
            b.copy(tiny, 0, sync, 0, 1);
            b.download(one, tiny);
            if (round > 0) best = Math.min(best, (System.nanoTime() - t0) / 1e9 / calls);
        }
        b.release(tiny);
        return best;
    }
}
