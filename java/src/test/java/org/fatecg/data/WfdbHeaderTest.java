package org.fatecg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WfdbHeaderTest {
    private static final Path F = Path.of("x.hea");

    @Test
    void parsesMitBihStyleHeaderWithCrlfAndComments() throws Exception {
        String text = "100 2 360 650000\r\n100.dat 212 200 11 1024 995 -22131 0 MLII\r\n"
                + "100.dat 212 200 11 1024 1011 20052 0 V5\r\n# 69 M 1085 1629 x1\r\n# Aldomet, Inderal\r\n";
        WfdbHeader h = WfdbHeader.parse(F, text, "100");
        assertEquals("100", h.recordName());
        assertEquals(360.0, h.samplingFrequency());
        assertEquals(650000, h.numSamples());
        assertEquals(2, h.signals().size());
        SignalSpec s = h.signals().get(0);
        assertEquals("100.dat", s.fileName());
        assertEquals(212, s.format());
        assertEquals(200.0, s.gain());
        assertEquals(1024, s.baseline(), "baseline defaults to the ADC zero");
        assertEquals("mV", s.units());
        assertEquals(11, s.adcResolution());
        assertEquals(1024, s.adcZero());
        assertEquals(995, s.initialValue());
        assertEquals(-22131, s.checksum());
        assertEquals(0, s.blockSize());
        assertEquals("MLII", s.description());
        assertEquals("V5", h.signals().get(1).description());
        assertEquals(java.util.List.of("69 M 1085 1629 x1", "Aldomet, Inderal"), h.comments());
        assertEquals(1, h.signalIndex("v5"));
        assertEquals(-1, h.signalIndex("V1"));
        // The same text with LF endings parses to the same header.
        assertEquals(h, WfdbHeader.parse(F, text.replace("\r\n", "\n"), "100"));
    }

    @Test
    void parsesBaselineUnitsFormatSuffixesAndSpacedDescription() throws Exception {
        String text = "rec 1 250/1000(3) 40\nrec.dat 212x1:0+12 6.5(-7)/uV 12 3 5 -8 0 ECG lead  II\n";
        SignalSpec s = WfdbHeader.parse(F, text, null).signals().get(0);
        assertEquals(6.5, s.gain());
        assertEquals(-7, s.baseline());
        assertEquals("uV", s.units());
        assertEquals(12, s.byteOffset());
        assertEquals(1, s.samplesPerFrame());
        assertEquals("ECG lead  II", s.description());
        assertEquals((10 - (-7)) / 6.5, s.toPhysical(10), 0.0);
    }

    @Test
    void appliesWfdbDefaultsForMissingFields() throws Exception {
        WfdbHeader h = WfdbHeader.parse(F, "r 1\nr.dat 212 0\n", null);
        SignalSpec s = h.signals().get(0);
        assertEquals(250.0, h.samplingFrequency());
        assertEquals(0, h.numSamples());
        assertEquals(200.0, s.gain(), "a gain of 0 means 200");
        assertEquals(0, s.baseline());
        assertEquals(0, s.initialValue());
        assertNull(s.checksum());
        assertEquals("", s.description());
    }

    @Test
    void errorsNameFileLineFieldAndExpectation() {
        WfdbFormatException e = assertThrows(
                WfdbFormatException.class,
                () -> WfdbHeader.parse(
                        F, "100 2 360 650000\n100.dat 212 200 11 1024 99x5 0 0 MLII\n100.dat 212\n", "100"));
        assertTrue(
                e.getMessage().contains("x.hea")
                        && e.getMessage().contains("line 2")
                        && e.getMessage().contains("initial value")
                        && e.getMessage().contains("99x5"),
                e.getMessage());

        e = assertThrows(WfdbFormatException.class, () -> WfdbHeader.parse(F, "100 2 360\n100.dat 212\n", "100"));
        assertTrue(
                e.getMessage().contains("2 (the number of signals")
                        || e.getMessage().contains("expected 2"),
                e.getMessage());

        e = assertThrows(WfdbFormatException.class, () -> WfdbHeader.parse(F, "101 1 360\n101.dat 212\n", "100"));
        assertTrue(e.getMessage().contains("'100'") && e.getMessage().contains("'101'"), e.getMessage());

        e = assertThrows(WfdbFormatException.class, () -> WfdbHeader.parse(F, "r 1\nr.dat 212 abc\n", null));
        assertTrue(e.getMessage().contains("field 'gain'"), e.getMessage());

        e = assertThrows(WfdbFormatException.class, () -> WfdbHeader.parse(F, "r/3 1\n", null));
        assertTrue(e.getMessage().contains("single-segment"), e.getMessage());
    }
}
