package org.fatecg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AnnotationReaderTest {
    private static final Path F = Path.of("t.atr");

    @Test
    void decodesSkipNumSubChnAuxAsWfdbDoes() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        SyntheticRecord.word(b, 28, 18); // '+' at 18
        SyntheticRecord.word(b, AnnotationReader.AUX, 3); // "(N" NUL, padded to 4 bytes
        b.write('(');
        b.write('N');
        b.write(0);
        b.write(0);
        SyntheticRecord.word(b, 1, 100); // 'N' at 118
        SyntheticRecord.word(b, AnnotationReader.NUM, 1023); // num = -1 (10-bit two's complement), carried over
        SyntheticRecord.word(b, AnnotationReader.CHN, 1); // chan 1, carried over
        SyntheticRecord.word(b, AnnotationReader.SKIP, 0); // + 70000 = 0x0001_1170: high word first
        b.write(0x01);
        b.write(0x00);
        b.write(0x70);
        b.write(0x11);
        SyntheticRecord.word(b, 5, 2); // 'V' at 118 + 70000 + 2
        SyntheticRecord.word(b, AnnotationReader.SUB, 3); // subtype 3 of that V only
        SyntheticRecord.word(b, 12, 1); // '/' at 70121
        SyntheticRecord.word(b, 0, 0);
        List<Annotation> a = AnnotationReader.parse(F, b.toByteArray(), 0);
        assertEquals(4, a.size());
        assertEquals(new Annotation(18, 28, "+", 0, 0, 0, "(N"), a.get(0));
        assertEquals(new Annotation(118, 1, "N", 0, 1, -1, ""), a.get(1));
        assertEquals(new Annotation(70120, 5, "V", 3, 1, -1, ""), a.get(2));
        assertEquals(new Annotation(70121, 12, "/", 0, 1, -1, ""), a.get(3));
    }

    @Test
    void sharedDatabaseHasThePublishedBeatSymbolCounts() throws Exception {
        Path d = TestDb.dir();
        Map<String, Integer> counts = new TreeMap<>();
        for (String rec : MitBih.RECORDS)
            for (Annotation a : AnnotationReader.read(d, rec, "atr", 650000))
                if (Aami.indexOf(a.symbol()) >= 0) counts.merge(a.symbol(), 1, Integer::sum);
        // The per-symbol totals of PhysioNet's MIT-BIH directory (mitdbdir), over all 48 records.
        Map<String, Integer> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("N", 75052),
                Map.entry("L", 8075),
                Map.entry("R", 7259),
                Map.entry("V", 7130),
                Map.entry("/", 7028),
                Map.entry("A", 2546),
                Map.entry("f", 982),
                Map.entry("F", 803),
                Map.entry("j", 229),
                Map.entry("a", 150),
                Map.entry("E", 106),
                Map.entry("J", 83),
                Map.entry("Q", 33),
                Map.entry("e", 16),
                Map.entry("S", 2)));
        assertEquals(expected, counts);
    }

    /**
     * In 232 (long sinus pauses) every gap over 1023 samples is a SKIP. With SKIPs honoured, the beat
     * annotations sit on the QRS peaks; with their intervals zeroed (what a reader ignoring SKIP sees),
     * most land in the wrong place. This is the check that would catch a broken SKIP.
     */
    @Test
    void skipKeepsBeatsOfRecords201And232OnTheirQrsPeaks() throws Exception {
        Path d = TestDb.dir();
        for (String rec : new String[] {"232", "201"}) {
            WfdbRecord r = WfdbRecord.read(d, rec);
            byte[] atr = Files.readAllBytes(d.resolve(rec + ".atr"));
            byte[] zeroed = atr.clone();
            int skips = 0;
            for (int p = 0; ; p += 2) {
                int w = (atr[p] & 0xFF) | (atr[p + 1] & 0xFF) << 8;
                if (w == 0) break;
                if (w >>> 10 == AnnotationReader.SKIP) {
                    for (int k = 2; k < 6; k++) zeroed[p + k] = 0;
                    skips++;
                    p += 4;
                } else if (w >>> 10 == AnnotationReader.AUX) p += (w & 0x3FF) + (w & 1);
            }
            assertTrue(skips >= 2, rec + " has SKIPs");
            double good = onPeakFraction(r, AnnotationReader.parse(d.resolve(rec + ".atr"), atr, r.numSamples()));
            double bad = onPeakFraction(r, AnnotationReader.parse(d.resolve(rec + ".atr"), zeroed, r.numSamples()));
            assertTrue(good > 0.85, rec + ": " + good + " of beats on a QRS peak with SKIP honoured");
            assertTrue(bad < 0.5, rec + ": " + bad + " with SKIP ignored");
        }
    }

    /** Fraction of beats whose largest |x - local mean| within +-20 samples (signal 0) is within 5 samples. */
    private static double onPeakFraction(WfdbRecord r, List<Annotation> ann) {
        int n = 0, ok = 0;
        for (Annotation a : ann) {
            int s = (int) a.sample();
            if (Aami.indexOf(a.symbol()) < 0 || s < 20 || s + 20 >= r.numSamples()) continue;
            double mean = 0;
            for (int t = -20; t <= 20; t++) mean += r.adc(0, s + t);
            mean /= 41;
            int best = 0;
            double bv = -1;
            for (int t = -20; t <= 20; t++) {
                double v = Math.abs(r.adc(0, s + t) - mean);
                if (v > bv) {
                    bv = v;
                    best = t;
                }
            }
            n++;
            if (Math.abs(best) <= 5) ok++;
        }
        return (double) ok / n;
    }

    @Test
    void corruptStreamsFailWithTheByteOffset() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        SyntheticRecord.word(b, 1, 10);
        SyntheticRecord.word(b, 55, 3); // undefined code
        SyntheticRecord.word(b, 0, 0);
        WfdbFormatException e =
                assertThrows(WfdbFormatException.class, () -> AnnotationReader.parse(F, b.toByteArray(), 0));
        assertTrue(
                e.getMessage().contains("t.atr")
                        && e.getMessage().contains("byte 2")
                        && e.getMessage().contains("code 55"),
                e.getMessage());

        byte[] noEnd = {10, 4}; // 'N' at 10, then the file just stops
        e = assertThrows(WfdbFormatException.class, () -> AnnotationReader.parse(F, noEnd, 0));
        assertTrue(e.getMessage().contains("byte 2") && e.getMessage().contains("truncated"), e.getMessage());

        byte[] shortSkip = {0, (byte) 0xEC, 1, 0}; // SKIP with only 2 of its 4 bytes
        e = assertThrows(WfdbFormatException.class, () -> AnnotationReader.parse(F, shortSkip, 0));
        assertTrue(e.getMessage().contains("byte 0") && e.getMessage().contains("SKIP"), e.getMessage());

        byte[] late = {(byte) 0xFF, 0x07, 0, 0}; // 'N' at 1023 in a 1000-sample record
        e = assertThrows(WfdbFormatException.class, () -> AnnotationReader.parse(F, late, 1000));
        assertTrue(e.getMessage().contains("1000 samples") && e.getMessage().contains("sample 1023"), e.getMessage());

        byte[] orphan = {5, (byte) 0xF4, 0, 0}; // SUB before any annotation
        e = assertThrows(WfdbFormatException.class, () -> AnnotationReader.parse(F, orphan, 0));
        assertTrue(e.getMessage().contains("SUB"), e.getMessage());
    }
}
