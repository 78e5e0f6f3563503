package org.fatecg.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes small WFDB records for tests: a format-212 encoder (the inverse of the reader's decoder,
 * written from the format's definition) plus header and annotation writers.
 */
final class SyntheticRecord {
    private SyntheticRecord() {}

    /** Packs the interleaved samples of {@code signals} (each a 12-bit value) in format 212. */
    static byte[] encode212(int[][] signals) {
        int nsig = signals.length, n = signals[0].length, total = nsig * n;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int k = 0; k < total; k += 2) {
            int s0 = signals[k % nsig][k / nsig] & 0xFFF;
            int s1 = k + 1 < total ? signals[(k + 1) % nsig][(k + 1) / nsig] & 0xFFF : 0;
            out.write(s0 & 0xFF);
            out.write((s0 >> 8) | ((s1 >> 4) & 0xF0));
            if (k + 1 < total) out.write(s1 & 0xFF);
        }
        return out.toByteArray();
    }

    /** One MIT annotation word: code in bits 15..10, time difference in bits 9..0, little-endian. */
    static void word(ByteArrayOutputStream out, int code, int data) {
        int w = code << 10 | data;
        out.write(w & 0xFF);
        out.write(w >> 8);
    }

    /**
     * Writes {@code dir/name.hea}, {@code .dat} (signals: lead names and samples, gain 200, baseline
     * {@code baseline}) and {@code .atr} (NORMAL beats at the given samples, SKIP for long gaps).
     */
    static void write(Path dir, String name, List<String> leads, int[][] signals, int baseline, long[] beats)
            throws IOException {
        StringBuilder h = new StringBuilder(name + " " + leads.size() + " 360 " + signals[0].length + "\r\n");
        for (int s = 0; s < leads.size(); s++) {
            int sum = 0;
            for (int v : signals[s]) sum += v;
            h.append(name)
                    .append(".dat 212 200(")
                    .append(baseline)
                    .append(")/mV 11 0 ")
                    .append(signals[s][0])
                    .append(' ')
                    .append((short) sum)
                    .append(" 0 ")
                    .append(leads.get(s))
                    .append("\r\n");
        }
        Files.write(dir.resolve(name + ".hea"), h.toString().getBytes(StandardCharsets.US_ASCII));
        Files.write(dir.resolve(name + ".dat"), encode212(signals));
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        long t = 0;
        for (long b : beats) {
            long d = b - t;
            if (d > 1023) {
                word(a, AnnotationReader.SKIP, 0);
                int hi = (int) (d >>> 16) & 0xFFFF, lo = (int) d & 0xFFFF; // PDP-11 long: high word first
                a.write(hi & 0xFF);
                a.write(hi >> 8);
                a.write(lo & 0xFF);
                a.write(lo >> 8);
                d = 0;
            }
            word(a, 1, (int) d);
            t = b;
        }
        word(a, 0, 0);
        Files.write(dir.resolve(name + ".atr"), a.toByteArray());
    }
}
