package org.fatecg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLocatorTest {

    @Test
    void precedenceIsOptionThenEnvironmentThenUserCache() {
        Map<String, String> env = Map.of(DataLocator.ENV, "/env/db", "XDG_CACHE_HOME", "/xdg");
        assertEquals(
                new DataLocator.Location(Path.of("/opt/db"), DataLocator.Origin.OPTION),
                DataLocator.locate(Path.of("/opt/db"), env, "/home/u"));
        assertEquals(
                new DataLocator.Location(Path.of("/env/db"), DataLocator.Origin.ENVIRONMENT),
                DataLocator.locate(null, env, "/home/u"));
        assertEquals(
                new DataLocator.Location(Path.of("/xdg/fatecg/mitdb"), DataLocator.Origin.CACHE),
                DataLocator.locate(null, Map.of("XDG_CACHE_HOME", "/xdg"), "/home/u"));
        assertEquals(
                Path.of("/home/u/.cache/fatecg/mitdb"),
                DataLocator.locate(null, Map.of("XDG_CACHE_HOME", " "), "/home/u")
                        .dir());
        assertEquals(Path.of("/home/u/.cache/fatecg"), DataLocator.cacheRoot(Map.of(), "/home/u"));
    }

    @Test
    void userNamedIncompleteFolderIsAnErrorListingTheMissingFiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("100.hea"), "100 0\n");
        IOException e = assertThrows(
                IOException.class,
                () -> DataLocator.ensure(
                        new DataLocator.Location(dir, DataLocator.Origin.OPTION), List.of("100", "101"), null, null));
        assertTrue(
                e.getMessage().contains("--data " + dir)
                        && e.getMessage().contains("5 missing")
                        && e.getMessage().contains("100.dat")
                        && e.getMessage().contains("fatecg data download --dest"),
                e.getMessage());
    }

    @Test
    void missingCacheFolderIsFilledByTheDownloader(@TempDir Path cache) throws Exception {
        byte[] h = "r 0\n".getBytes(), d = new byte[0], a = {0, 0};
        try (LoopbackServer srv = new LoopbackServer()) {
            srv.files.put("900.hea", h);
            srv.files.put("900.dat", d);
            srv.files.put("900.atr", a);
            Map<String, String> sums = Map.of("900.hea", sha(h), "900.dat", sha(d), "900.atr", sha(a));
            Path target = cache.resolve("mitdb");
            Path got = DataLocator.ensure(
                    new DataLocator.Location(target, DataLocator.Origin.CACHE),
                    List.of("900"),
                    new Downloader(srv.baseUrl(), sums, null),
                    null);
            assertEquals(target, got);
            assertTrue(DataLocator.missing(target, List.of("900")).isEmpty());
            assertEquals(3, srv.requests.size());
        }
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void sharedCopyIsFoundAboveTheWorkingFolderOnlyWhenComplete(@TempDir Path root) throws Exception {
        Path db = Files.createDirectories(root.resolve("shared/data/mitdb"));
        Path work = Files.createDirectories(root.resolve("checkout/java"));
        for (String ext : new String[] {"hea", "dat"}) Files.writeString(db.resolve("900." + ext), "x");
        String x = sha("x".getBytes());
        Map<String, String> sums = Map.of("900.hea", x, "900.dat", x, "900.atr", x);
        assertEquals(null, DataLocator.sharedCopy(work, List.of("900"), sums), "an incomplete copy is not used");
        Files.writeString(db.resolve("900.atr"), "x");
        assertEquals(db.toAbsolutePath(), DataLocator.sharedCopy(work, List.of("900"), sums));
        assertEquals(
                null, DataLocator.sharedCopy(work, List.of("900", "901"), sums), "every asked record must be there");
    }
}
