package org.fatecg.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downloader against a loopback server; never the internet. */
class DownloaderTest {

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + seed * 7 + (i >> 8));
        return b;
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void fetchesVerifiesResumesAndSkipsCompleteFiles(@TempDir Path dest) throws Exception {
        byte[] a = bytes(300_000, 1), b = bytes(5_000, 2);
        try (LoopbackServer srv = new LoopbackServer()) {
            srv.files.put("a.dat", a);
            srv.files.put("b.hea", b);
            Map<String, String> sums = new LinkedHashMap<>();
            sums.put("a.dat", sha(a));
            sums.put("b.hea", sha(b));
            // A previous run stopped after 123,456 bytes of a.dat.
            Files.write(dest.resolve("a.dat.part"), Arrays.copyOf(a, 123_456));
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            Downloader dl = new Downloader(srv.baseUrl(), sums, new PrintStream(progress, true));
            assertEquals(List.of("a.dat", "b.hea"), dl.downloadAll(dest));
            assertArrayEquals(a, Files.readAllBytes(dest.resolve("a.dat")));
            assertArrayEquals(b, Files.readAllBytes(dest.resolve("b.hea")));
            assertFalse(Files.exists(dest.resolve("a.dat.part")));
            assertEquals(List.of("a.dat bytes=123456-", "b.hea"), srv.requests, "resumed with a Range request");
            assertEquals(300_000 - 123_456 + 5_000, srv.bytesSent, "only the missing bytes travelled");
            assertTrue(
                    progress.toString().contains("100%") && progress.toString().contains("a.dat"), progress.toString());

            // Second run: both present and verified, nothing requested.
            srv.requests.clear();
            assertEquals(List.of(), new Downloader(srv.baseUrl(), sums, null).downloadAll(dest));
            assertEquals(List.of(), srv.requests);

            // A damaged local copy is fetched again.
            Files.write(dest.resolve("b.hea"), new byte[] {1, 2, 3});
            assertEquals(List.of("b.hea"), new Downloader(srv.baseUrl(), sums, null).downloadAll(dest));
            assertArrayEquals(b, Files.readAllBytes(dest.resolve("b.hea")));
        }
    }

    @Test
    void serverIgnoringRangeOrPartAlreadyWholeStillEndsCorrect(@TempDir Path dest) throws Exception {
        byte[] a = bytes(70_000, 3);
        try (LoopbackServer srv = new LoopbackServer()) {
            srv.files.put("a.dat", a);
            Map<String, String> sums = Map.of("a.dat", sha(a));
            srv.honourRanges = false; // answers 200 with the whole file: the part is replaced, not appended to
            Files.write(dest.resolve("a.dat.part"), Arrays.copyOf(a, 10_000));
            new Downloader(srv.baseUrl(), sums, null).downloadAll(dest);
            assertArrayEquals(a, Files.readAllBytes(dest.resolve("a.dat")));

            srv.honourRanges = true; // a whole part: the server answers 416, the part verifies and is kept
            Files.delete(dest.resolve("a.dat"));
            Files.write(dest.resolve("a.dat.part"), a);
            srv.requests.clear();
            new Downloader(srv.baseUrl(), sums, null).downloadAll(dest);
            assertArrayEquals(a, Files.readAllBytes(dest.resolve("a.dat")));
            assertEquals(List.of("a.dat bytes=70000-"), srv.requests);
        }
    }

    @Test
    void checksumMismatchFailsNamingFileAndDigestsAndLeavesNoFile(@TempDir Path dest) throws Exception {
        byte[] good = bytes(1000, 4), served = bytes(1000, 5);
        try (LoopbackServer srv = new LoopbackServer()) {
            srv.files.put("x.atr", served);
            Downloader dl = new Downloader(srv.baseUrl(), Map.of("x.atr", sha(good)), null);
            IOException e = assertThrows(IOException.class, () -> dl.downloadAll(dest));
            assertTrue(
                    e.getMessage().contains("x.atr")
                            && e.getMessage().contains("SHA-256 mismatch")
                            && e.getMessage().contains("expected " + sha(good))
                            && e.getMessage().contains("found " + sha(served)),
                    e.getMessage());
            assertFalse(Files.exists(dest.resolve("x.atr")));
            assertFalse(Files.exists(dest.resolve("x.atr.part")));

            IOException missing = assertThrows(
                    IOException.class,
                    () -> new Downloader(srv.baseUrl(), Map.of("nope.dat", sha(good)), null).downloadAll(dest));
            assertTrue(
                    missing.getMessage().contains("HTTP 404")
                            && missing.getMessage().contains("nope.dat"),
                    missing.getMessage());
        }
    }

    @Test
    void aPartFileThatCannotBeWrittenIsNamed(@TempDir Path dest) throws Exception {
        byte[] a = bytes(2000, 6);
        try (LoopbackServer srv = new LoopbackServer()) {
            srv.files.put("y.dat", a);
            // Where the part file should go there is a folder: opening it for writing fails on this
            // machine, not on the network, and the error says which file (as for a full disk).
            Files.createDirectories(dest.resolve("y.dat.part"));
            IOException e = assertThrows(
                    IOException.class,
                    () -> new Downloader(srv.baseUrl(), Map.of("y.dat", sha(a)), null).downloadAll(dest));
            assertTrue(
                    e.getMessage().startsWith(dest.resolve("y.dat.part").toAbsolutePath() + ": cannot write ("),
                    e.getMessage());
            assertFalse(Files.exists(dest.resolve("y.dat")));
        }
    }

    @Test
    void unreachableServerExplainsHowToPointDataAtACopy(@TempDir Path dest) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        } // closed: nothing listens there now
        Downloader dl = new Downloader("http://127.0.0.1:" + port + "/db", Map.of("100.hea", "00"), null);
        IOException e = assertThrows(IOException.class, () -> dl.downloadAll(dest));
        assertTrue(
                e.getMessage().contains("cannot reach")
                        && e.getMessage().contains("--data DIR")
                        && e.getMessage().contains("FATECG_DATA"),
                e.getMessage());
    }

    @Test
    void embeddedChecksumsCoverTheWholeDatabaseAndMatchTheSharedCopy() throws Exception {
        Map<String, String> sums = Downloader.embeddedChecksums();
        assertEquals(146, sums.size());
        for (String r : MitBih.RECORDS)
            for (String ext : new String[] {"hea", "dat", "atr"})
                assertTrue(sums.containsKey(r + "." + ext), r + "." + ext);
        Path d = TestDb.dir();
        for (String f : List.of("100.hea", "232.atr", "RECORDS"))
            assertEquals(sums.get(f), Downloader.sha256Of(d.resolve(f)), f);
        assertEquals(Downloader.PHYSIONET, Downloader.physionet(null).baseUrl());
    }
}
