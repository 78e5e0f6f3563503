package org.fatecg.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged copies of record 100 (made in a temp folder) must fail loudly, naming the file, the field or
 * byte offset, and what was expected; none may yield windows.
 */
class CorruptInputTest {
    @TempDir
    Path dir;

    private WfdbFormatException loadFails() {
        return assertThrows(
                WfdbFormatException.class,
                () -> MitBih.load(dir, java.util.List.of("100"), WindowSettings.PAPER, null, null));
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
    }

    private void editHeader(String from, String to) throws Exception {
        Path h = dir.resolve("100.hea");
        String s = Files.readString(h, StandardCharsets.ISO_8859_1);
        assertTrue(s.contains(from));
        Files.writeString(h, s.replace(from, to), StandardCharsets.ISO_8859_1);
    }

    @Test
    void truncatedSignalFile() throws Exception {
        TestDb.copyRecord("100", dir);
        Path dat = dir.resolve("100.dat");
        byte[] b = Files.readAllBytes(dat);
        Files.write(dat, Arrays.copyOf(b, b.length - 1000));
        assertMentions(loadFails(), "100.dat", "byte 1949000", "1950000 bytes", "truncated", "end of file");
    }

    @Test
    void headerSampleCountDisagreesWithFileLength() throws Exception {
        TestDb.copyRecord("100", dir);
        editHeader("100 2 360 650000", "100 2 360 640000");
        assertMentions(loadFails(), "100.dat", "1920000 bytes", "640000", "disagrees", "1950000 bytes");
    }

    @Test
    void unknownFormat() throws Exception {
        TestDb.copyRecord("100", dir);
        editHeader("100.dat 212 200 11 1024 995", "100.dat 311 200 11 1024 995");
        assertMentions(loadFails(), "100.hea", "signal 0 ('MLII')", "field 'format'", "format 212", "format 311");
    }

    @Test
    void headerChecksumMismatch() throws Exception {
        TestDb.copyRecord("100", dir);
        editHeader("-22131", "-22130");
        assertMentions(loadFails(), "100.hea", "field 'checksum'", "-22130 (header)", "-22131 (16-bit sum");
    }

    @Test
    void damagedSampleBreaksTheChecksum() throws Exception {
        TestDb.copyRecord("100", dir);
        Path dat = dir.resolve("100.dat");
        byte[] b = Files.readAllBytes(dat);
        b[300_000] ^= 0x10; // one sample of signal 0 changes by +-16
        Files.write(dat, b);
        assertMentions(loadFails(), "100.hea", "signal 0 ('MLII'), field 'checksum'", "-22131 (header)");
    }

    @Test
    void initialValueMismatch() throws Exception {
        TestDb.copyRecord("100", dir);
        editHeader("1024 995 -22131", "1024 996 -22131");
        assertMentions(
                loadFails(), "100.hea", "field 'initial value'", "996 (header)", "995 (first sample of 100.dat)");
    }

    @Test
    void corruptedAnnotationStream() throws Exception {
        TestDb.copyRecord("100", dir);
        Path atr = dir.resolve("100.atr");
        byte[] b = Files.readAllBytes(atr);
        b[1001] = (byte) (54 << 2); // the word at byte 1000 now carries undefined code 54
        Files.write(atr, b);
        assertMentions(loadFails(), "100.atr", "byte 1000", "code 54", "expected an annotation code");
    }

    @Test
    void truncatedAnnotationFile() throws Exception {
        TestDb.copyRecord("100", dir);
        Path atr = dir.resolve("100.atr");
        byte[] b = Files.readAllBytes(atr);
        Files.write(atr, Arrays.copyOf(b, 2000));
        assertMentions(loadFails(), "100.atr", "byte 2000", "truncated");
    }

    @Test
    void missingSignalFile() throws Exception {
        TestDb.copyRecord("100", dir);
        Files.delete(dir.resolve("100.dat"));
        assertMentions(loadFails(), "100.dat", "no such file");
    }
}
