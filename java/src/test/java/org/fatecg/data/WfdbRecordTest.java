package org.fatecg.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WfdbRecordTest {

    @Test
    void decodes212FromHandPackedBytes() throws Exception {
        // (-1, 2047): s0 = 0xFFF, s1 = 0x7FF -> b0 = 0xFF, b1 = 0x0F | 0x70, b2 = 0xFF.
        // (-2048, 5): s0 = 0x800, s1 = 0x005 -> b0 = 0x00, b1 = 0x08, b2 = 0x05.
        byte[] b = {(byte) 0xFF, 0x7F, (byte) 0xFF, 0x00, 0x08, 0x05};
        short[][] s = WfdbRecord.decode212(Path.of("t.dat"), b, 0, 2, 2);
        assertArrayEquals(new short[] {-1, -2048}, s[0]);
        assertArrayEquals(new short[] {2047, 5}, s[1]);
        // With the sample count left to the file length, the same bytes are 4 frames of 1 signal.
        short[][] one = WfdbRecord.decode212(Path.of("t.dat"), b, 0, 1, 0);
        assertArrayEquals(new short[] {-1, 2047, -2048, 5}, one[0]);
    }

    @Test
    void decodesOddSampleCountsAndPairsStraddlingFrames(@TempDir Path dir) throws Exception {
        // 3 signals x 3 samples = 9 samples: pairs straddle frames and the last sample takes 2 bytes.
        int[][] sig = {{1, -2, 3}, {-2048, 2047, 0}, {100, -100, 7}};
        SyntheticRecord.write(dir, "syn", List.of("MLII", "V1", "V5"), sig, 0, new long[0]);
        assertEquals(14, Files.size(dir.resolve("syn.dat")));
        WfdbRecord r = WfdbRecord.read(dir, "syn");
        assertEquals(3, r.numSignals());
        assertEquals(3, r.numSamples());
        for (int s = 0; s < 3; s++)
            for (int t = 0; t < 3; t++) assertEquals(sig[s][t], r.adc(s, t), "signal " + s + " sample " + t);
        assertEquals(List.of("MLII", "V1", "V5"), r.leads());
    }

    @Test
    void everySharedRecordMatchesItsHeaderInitialValuesAndChecksums() throws Exception {
        Path d = TestDb.dir();
        int signals = 0;
        for (String rec : MitBih.RECORDS) {
            WfdbRecord r = WfdbRecord.read(d, rec); // read() itself verifies; recheck here independently
            assertEquals(650000, r.numSamples(), rec);
            for (int s = 0; s < r.numSignals(); s++) {
                SignalSpec spec = r.header().signals().get(s);
                assertEquals(spec.initialValue(), r.adc(s, 0), rec + " signal " + s + " initial value");
                long sum = 0;
                short[] x = r.adc(s);
                for (short v : x) sum += v;
                assertEquals((int) spec.checksum(), (short) sum, rec + " signal " + s + " checksum");
                assertEquals(212, spec.format());
                assertEquals(200.0, spec.gain());
                signals++;
            }
        }
        assertEquals(96, signals);
        // Record 114 has its leads swapped: MLII is the lower signal (index 1).
        WfdbHeader h114 = WfdbHeader.read(d, "114");
        assertEquals(1, h114.signalIndex("MLII"));
        assertEquals(0, WfdbHeader.read(d, "100").signalIndex("MLII"));
        assertEquals(-1, WfdbHeader.read(d, "102").signalIndex("MLII"));
    }
}
