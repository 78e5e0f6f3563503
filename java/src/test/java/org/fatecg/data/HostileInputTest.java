package org.fatecg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WFDB files as hostile input: file references that leave the data folder, a gain that makes every value
 * infinite, an early end-of-file word, duplicate records, a header without signals, oversized files and
 * a tampered shared copy. Each case is a sentence naming the file, the field and the value, checked
 * word for word; none reads outside the folder or yields windows.
 */
class HostileInputTest {
    @TempDir
    Path dir;

    Path hea;

    /** Record 900: two signals (MLII, V1: the paper reads signal 1) of 2000 samples rising 0..99 (baseline 0), beats at 500, 1000, 1500. */
    @BeforeEach
    void writeRecord() throws Exception {
        int[] x = new int[2000];
        for (int t = 0; t < x.length; t++) x[t] = t % 100;
        SyntheticRecord.write(dir, "900", List.of("MLII", "V1"), new int[][] {x, x}, 0, new long[] {500, 1000, 1500});
        hea = dir.resolve("900.hea");
    }

    private void editHeader(String from, String to) throws Exception {
        String s = Files.readString(hea, StandardCharsets.US_ASCII);
        if (!s.contains(from)) throw new AssertionError("'" + from + "' not in " + s);
        Files.writeString(hea, s.replace(from, to), StandardCharsets.US_ASCII);
    }

    private String loadFails() {
        return assertThrows(
                        WfdbFormatException.class,
                        () -> MitBih.load(dir, List.of("900"), WindowSettings.PAPER, null, null))
                .getMessage();
    }

    private static final String INSIDE = "expected a file name inside the record's folder (no absolute path, no '..')";

    @Test
    void theSyntheticRecordLoads() throws Exception {
        assertEquals(
                3,
                MitBih.load(dir, List.of("900"), WindowSettings.PAPER, null, null)
                        .size());
    }

    @Test
    void aSignalFileOutsideTheFolderIsRefused() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("../outside-" + dir.getFileName()));
        Files.copy(dir.resolve("900.dat"), outside.resolve("secret.dat"));
        editHeader("900.dat 212", "../outside-" + dir.getFileName() + "/secret.dat 212");
        assertEquals(
                hea + ": line 2, field 'file': " + INSIDE + ", found '../outside-" + dir.getFileName() + "/secret.dat'",
                loadFails());
        Files.delete(outside.resolve("secret.dat"));
        Files.delete(outside);
    }

    @Test
    void anAbsoluteSignalFileIsRefused() throws Exception {
        editHeader("900.dat 212", "/proc/self/environ 212");
        assertEquals(hea + ": line 2, field 'file': " + INSIDE + ", found '/proc/self/environ'", loadFails());
    }

    @Test
    void aFileNameNoPathCanHoldIsASentence() throws Exception {
        editHeader("900.dat 212", "9\u000000.dat 212");
        assertEquals(
                hea + ": line 2, field 'file': " + INSIDE + ", found '9\\u000000.dat' (not a valid path)", loadFails());
    }

    @Test
    void aGainThatMakesValuesInfiniteIsRefused() throws Exception {
        editHeader(" 212 200(0)", " 212 1e-320(0)");
        // 99 / 1e-320 overflows float32 (and double); 0 / 1e-320 does not, so the largest sample is named.
        assertEquals(
                hea
                        + ": signal 0 ('MLII'), field 'gain': expected a gain that keeps (adc - baseline) / gain a finite float32,"
                        + " found gain 1.0E-320: sample 99 (baseline 0) gives Infinity",
                loadFails());
    }

    @Test
    void noSignalsIsASentence() throws Exception {
        Files.writeString(hea, "900 0 360 2000\r\n");
        assertEquals(
                hea
                        + ": line 1, field 'nsig': expected at least 1 signal (fatecg reads signals, and a record without any"
                        + " has no beats to window), found 0",
                loadFails());
    }

    @Test
    void aNegativeByteOffsetIsASentence() throws Exception {
        editHeader("900.dat 212 ", "900.dat 212+-6 ");
        assertEquals(
                hea + ": line 2, field 'format byte offset': expected a non-negative number of bytes, found '212+-6'",
                loadFails());
    }

    @Test
    void anEarlyEndOfFileWordIsReportedNotSilentlyDroppingBeats() throws Exception {
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        SyntheticRecord.word(a, 1, 500);
        SyntheticRecord.word(a, 0, 0); // end of file at byte 2, two beats still follow
        SyntheticRecord.word(a, 1, 500);
        SyntheticRecord.word(a, 1, 500);
        SyntheticRecord.word(a, 0, 0);
        Files.write(dir.resolve("900.atr"), a.toByteArray());
        assertEquals(
                dir.resolve("900.atr") + ": byte 2: expected the end of the file after the end-of-file word (0x0000),"
                        + " found 6 more bytes (1 annotations read before it)",
                loadFails());
    }

    @Test
    void aRecordListedTwiceIsRefused() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> MitBih.load(dir, List.of("900", "900"), WindowSettings.PAPER, null, null));
        assertEquals(
                "records: '900' is listed twice (900,900): each record may appear once, or its beats would be counted"
                        + " twice and could land in both train and test",
                e.getMessage());
    }

    /** Sparse files: the size is set, no byte is written, and the reader must refuse before reading. */
    private static void grow(Path f, long size) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(size);
        }
    }

    @Test
    void oversizedFilesAreRefusedWithTheirSizeBeforeReading() throws Exception {
        grow(dir.resolve("900.dat"), (1L << 31) + 1);
        assertEquals(
                dir.resolve("900.dat")
                        + ": size: expected at most 268435456 bytes for a signal file, found 2147483649 bytes; not read",
                loadFails());
        grow(dir.resolve("900.atr"), 3L << 30);
        assertEquals(
                dir.resolve("900.atr")
                        + ": size: expected at most 67108864 bytes for an annotation file, found 3221225472 bytes; not read",
                assertThrows(WfdbFormatException.class, () -> AnnotationReader.read(dir, "900", "atr", 0))
                        .getMessage());
        grow(hea, (1L << 20) + 1);
        assertEquals(
                hea + ": size: expected at most 1048576 bytes for a WFDB header, found 1048577 bytes; not read",
                loadFails());
    }

    @Test
    void theSharedCopyIsUsedOnlyWhenItsChecksumsMatch(@TempDir Path root) throws Exception {
        Path db = Files.createDirectories(root.resolve("shared/data/mitdb"));
        Path work = Files.createDirectories(root.resolve("checkout/java"));
        for (String ext : new String[] {"hea", "dat", "atr"})
            Files.copy(dir.resolve("900." + ext), db.resolve("900." + ext));
        Map<String, String> sums = Map.of(
                "900.hea",
                Downloader.sha256Of(db.resolve("900.hea")),
                "900.dat",
                Downloader.sha256Of(db.resolve("900.dat")),
                "900.atr",
                Downloader.sha256Of(db.resolve("900.atr")));
        assertEquals(db.toAbsolutePath(), DataLocator.sharedCopy(work, List.of("900"), sums));

        byte[] atr = Files.readAllBytes(db.resolve("900.atr"));
        atr[0] ^= 1; // one beat moved by one sample
        Files.write(db.resolve("900.atr"), atr);
        String got = Downloader.sha256Of(db.resolve("900.atr"));
        WfdbFormatException e =
                assertThrows(WfdbFormatException.class, () -> DataLocator.sharedCopy(work, List.of("900"), sums));
        assertEquals(
                db.toAbsolutePath().resolve("900.atr") + ": SHA-256: expected " + sums.get("900.atr")
                        + " (MIT-BIH 1.0.0, built into fatecg), found " + got
                        + "; this shared copy is not used (pass --data to read it anyway)",
                e.getMessage());
        // The built-in sums: a file they do not know is not MIT-BIH.
        e = assertThrows(WfdbFormatException.class, () -> DataLocator.sharedCopy(work, List.of("900")));
        assertEquals(
                db.toAbsolutePath().resolve("900.hea")
                        + ": SHA-256: expected a file of MIT-BIH 1.0.0 (fatecg has no checksum for 900.hea),"
                        + " found an unknown file",
                e.getMessage());
    }
}
