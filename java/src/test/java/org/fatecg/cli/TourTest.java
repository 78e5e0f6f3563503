package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fatecg.data.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tour against independent references (the bytes decoded here, softmax and its identities by hand,
 * Adam's first step, FedAvg's weighted mean), and docs/TOUR.md against the live tour: every line of
 * its output blocks (fenced as "text tour" and "text autodiff") must appear, in order, in what the
 * tour prints now, so the document cannot go stale.
 */
class TourTest {

    static Path doc() {
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("docs/TOUR.md");
            if (Files.isRegularFile(d)) return d;
        }
        throw new AssertionError("docs/TOUR.md not found above " + System.getProperty("user.dir"));
    }

    /** The lines of the doc's code blocks fenced with this info string. */
    static List<String> quoted(String info) throws Exception {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : Files.readAllLines(doc())) {
            if (line.startsWith("```")) {
                in = !in && line.substring(3).trim().equals(info);
                continue;
            }
            if (in && !line.isBlank()) out.add(line);
        }
        return out;
    }

    static void assertQuotedInOrder(List<String> quoted, String live) {
        assertTrue(quoted.size() > 5, "docs/TOUR.md quotes " + quoted.size() + " lines");
        List<String> lines = live.lines().toList();
        int at = 0;
        for (String q : quoted) {
            int found = -1;
            for (int i = at; i < lines.size(); i++)
                if (lines.get(i).equals(q)) {
                    found = i;
                    break;
                }
            if (found < 0)
                fail("docs/TOUR.md quotes a line the live tour no longer prints (or prints out of order):\n  " + q
                        + "\nlive output:\n" + live);
            at = found + 1;
        }
    }

    @Test
    void autodiffExampleAgreesWithFiniteDifferencesAndTheDocument() throws Exception {
        DeviceOptions.install("cpu", 1, System.err);
        StringWriter s = new StringWriter();
        AutodiffTour.Result r = new AutodiffTour(new PrintWriter(s, true)).run();
        assertTrue(r.firstOrderError() < 1e-3, "first-order error " + r.firstOrderError());
        assertTrue(r.secondOrderError() < 1e-4, "second-order error " + r.secondOrderError());
        assertQuotedInOrder(quoted("text autodiff"), s.toString());
    }

    @Test
    void beatTourAgreesWithHandComputationsAndTheDocument(@TempDir Path tmp) throws Exception {
        if (TestDb.findForTests() == null)
            System.out.println("TourTest: skipped, no MIT-BIH copy (shared/data/mitdb) above the working folder");
        Path data = TestDb.dir();
        DeviceOptions.install("cpu", 1, System.err);
        StringWriter s = new StringWriter();
        BeatTour.Result r = new BeatTour(new PrintWriter(s, true)).run(data, "100", 5, tmp);

        // format 212 by hand: frame t of the 2-signal file is bytes 3t..3t+2; signal 1 = byte 2 | (high nibble of byte
        // 1) << 8
        byte[] dat = Files.readAllBytes(data.resolve("100.dat"));
        double[] mv = new double[180];
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (int t = 0; t < 180; t++) {
            int p = 3 * (r.rSample() - 90 + t);
            int v = (dat[p + 2] & 0xFF) | ((dat[p + 1] & 0xF0) << 4);
            if (v >= 2048) v -= 4096;
            mv[t] = (float) ((v - 1024) / 200.0);
            lo = Math.min(lo, mv[t]);
            hi = Math.max(hi, mv[t]);
            if (t == 90) assertEquals(v, r.adc());
        }
        assertEquals(mv[90], r.millivolts(), 1e-6);
        for (int t = 0; t < 180; t++)
            assertEquals((mv[t] - lo) / (hi - lo + 1e-6), r.window()[t], 1e-5, "x[" + t + "]");

        // CE = -log softmax(z)[label]; its gradient in the last bias is softmax - onehot (label 0: an N beat)
        double m = Double.NEGATIVE_INFINITY, sum = 0;
        for (float z : r.logits()) m = Math.max(m, z);
        for (float z : r.logits()) sum += Math.exp(z - m);
        assertEquals(-(r.logits()[0] - m - Math.log(sum)), r.loss(), 1e-5);
        for (int c = 0; c < 5; c++) {
            double p = Math.exp(r.logits()[c] - m) / sum;
            assertEquals(p - (c == 0 ? 1 : 0), r.fc3BiasGrad()[c], 1e-5);
        }
        // PGD without random start: |delta|_inf = min(k alpha, eps), alpha 1/255, eps 8/255
        for (int k = 1; k <= r.linfPerStep().length; k++)
            assertEquals(Math.min(k, 8) / 255.0, r.linfPerStep()[k - 1], 1e-6, "step " + k);
        // Adam's first step: m_hat / sqrt(v_hat) = g / |g| (up to eps), so each weight moves by -lr sign(g)
        for (int c = 0; c < 5; c++)
            assertEquals(-1e-3 * Math.signum(r.fc3BiasGradAdv()[c]), r.fc3BiasAfter()[c] - r.fc3BiasBefore()[c], 1e-6);
        assertTrue(r.fatLossAfter() < r.fatLossBefore(), r.fatLossAfter() + " < " + r.fatLossBefore());
        // FedAvg: (n_A theta_A + n_B theta_B) / (n_A + n_B)
        long na = r.counts()[0], nb = r.counts()[1];
        for (int j = 0; j < r.averaged().length; j++)
            assertEquals(
                    (na * (double) r.clientA()[j] + nb * (double) r.clientB()[j]) / (na + nb), r.averaged()[j], 1e-7);
        int j = r.shownWeight();
        assertTrue(r.clientA()[j] != r.clientB()[j]);

        assertQuotedInOrder(quoted("text tour"), s.toString());
        assertTrue(Files.size(tmp.resolve("tour-pgd.png")) > 1000 && Files.size(tmp.resolve("tour-beat.png")) > 1000);
    }
}
