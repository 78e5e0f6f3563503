package org.fatecg.backend.cuda;

import java.util.ArrayList;
import java.util.List;
import org.fatecg.backend.Backend;
import org.fatecg.backend.Storage;
import org.fatecg.backend.cpu.CpuBackend;

/**
 * Checks of a candidate backend against the CPU backend that are not single golden cases: memory
 * operations, and the TinyCnn model (logits, loss, gradients, one PGD trajectory). Each returns its
 * failures as lines (empty = pass), so the JUnit suites and the completeness test can share them.
 *
 * <p>Tolerances (atol + rtol * |ref|): logits and losses 1e-5 + 1e-4; gradients 1e-6 + 1e-4 (sums in a
 * different order); PGD: after 5 steps at most 1% of the input elements may differ by more than 1e-6 (an
 * element whose gradient is within rounding of 0 may step the other way), and none by more than
 * 2 eps (the projection bounds any difference).
 */
final class ParityChecks {
    private ParityChecks() {}

    static List<String> memory(Backend b) {
        List<String> f = new ArrayList<>();
        if (b.name() == null || b.name().isEmpty()) f.add("name() is empty");
        if (b.threads() < 1) f.add("threads() < 1");
        float[] host = new float[101];
        for (int i = 0; i < host.length; i++) host[i] = i * 0.5f - 7;
        Storage s = b.upload(host);
        if (s.size() != 101) f.add("upload size " + s.size());
        float[] back = new float[101];
        b.download(back, s);
        if (!java.util.Arrays.equals(host, back)) f.add("upload/download round trip changed values");
        Storage t = b.allocate(101);
        b.fill(t, 2.5f);
        b.copy(t, 10, s, 50, 20);
        b.download(back, t);
        for (int i = 0; i < 101; i++) {
            float want = i >= 10 && i < 30 ? host[i + 40] : 2.5f;
            if (back[i] != want) {
                f.add("fill+copy: [" + i + "] = " + back[i] + ", want " + want);
                break;
            }
        }
        b.release(t);
        Storage u = b.allocate(101); // may be t again: contents are unspecified, so fill before reading
        b.fill(u, -1f);
        b.download(back, u);
        for (float v : back)
            if (v != -1f) {
                f.add("a reused buffer did not take fill(-1)");
                break;
            }
        b.release(u);
        b.release(s);
        return f;
    }

    static List<String> tinyCnn(Backend candidate) {
        List<String> f = new ArrayList<>();
        float[] labels = new GoldenData(5).labels(TinyCnn.N, TinyCnn.CLASSES);
        float[] x = new GoldenData(6).uniform(TinyCnn.N * TinyCnn.L, 0, 1);
        CpuBackend cpu = new CpuBackend(1);
        try (TinyCnn ref = new TinyCnn(cpu, new GoldenData(7), labels);
                TinyCnn got = new TinyCnn(candidate, new GoldenData(7), labels)) {
            Storage rx = cpu.upload(x), ry = cpu.upload(labels);
            Storage gx = candidate.upload(x), gy = candidate.upload(labels);
            ref.backward(rx, ry);
            got.backward(gx, gy);
            compare(f, "logits", got.read(got.logits), ref.read(ref.logits), 1e-5f, 1e-4f);
            compare(f, "losses", got.read(got.losses), ref.read(ref.losses), 1e-5f, 1e-4f);
            compare(f, "dx", got.read(got.dx), ref.read(ref.dx), 1e-6f, 1e-4f);
            compare(f, "dw1", got.read(got.dw1), ref.read(ref.dw1), 1e-6f, 1e-4f);
            compare(f, "db1", got.read(got.db1), ref.read(ref.db1), 1e-6f, 1e-4f);
            compare(f, "dw2", got.read(got.dw2), ref.read(ref.dw2), 1e-6f, 1e-4f);
            compare(f, "db2", got.read(got.db2), ref.read(ref.db2), 1e-6f, 1e-4f);

            float eps = 8f / 255, alpha = 2f / 255;
            Storage rAdv = cpu.allocate(x.length), gAdv = candidate.allocate(x.length);
            ref.pgd(rAdv, rx, ry, eps, alpha, 5);
            got.pgd(gAdv, gx, gy, eps, alpha, 5);
            float[] r = ref.read(rAdv), g = got.read(gAdv);
            int differing = 0;
            for (int i = 0; i < r.length; i++) {
                float diff = Math.abs(r[i] - g[i]);
                if (diff > 1e-6f) differing++;
                if (!(diff <= 2 * eps)) f.add("PGD x_adv[" + i + "] differs by " + diff + " > 2 eps");
            }
            if (differing > r.length / 100)
                f.add("PGD: " + differing + " of " + r.length + " elements differ by more than 1e-6 after 5 steps");
            // The attack must have moved: a trajectory that never left x would compare equal trivially.
            float moved = 0;
            for (int i = 0; i < r.length; i++) moved = Math.max(moved, Math.abs(r[i] - x[i]));
            if (moved < alpha) f.add("PGD did not move x (max step " + moved + ")");
        }
        return f;
    }

    private static void compare(List<String> f, String name, float[] got, float[] ref, float atol, float rtol) {
        int bad = 0;
        for (int i = 0; i < ref.length; i++)
            if (!GoldenCase.close(got[i], ref[i], atol, rtol) && bad++ < 3)
                f.add(name + "[" + i + "]: got " + got[i] + ", CPU " + ref[i]);
        boolean allZero = true;
        for (float v : ref) allZero &= v == 0f;
        if (allZero) f.add(name + " is all zeros on the CPU: the check would prove nothing");
    }
}
