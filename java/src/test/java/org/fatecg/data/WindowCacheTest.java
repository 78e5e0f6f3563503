package org.fatecg.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowCacheTest {

    private static void assertSame(BeatDataset a, BeatDataset b) {
        assertEquals(a.size(), b.size());
        assertEquals(a.windowLength(), b.windowLength());
        assertArrayEquals(a.labels(), b.labels());
        assertArrayEquals(a.records(), b.records());
        assertArrayEquals(a.rSamples(), b.rSamples());
        assertArrayEquals(a.windows(), b.windows());
    }

    @Test
    void secondLoadOfAll48RecordsComesFromTheCacheInUnderASecond(@TempDir Path cache) throws Exception {
        Path d = TestDb.dir();
        BeatDataset first = MitBih.load(d, WindowSettings.PAPER, cache, null);
        assertSame(TestDb.paper(), first);
        List<Path> files;
        try (Stream<Path> s = Files.list(cache)) {
            files = s.toList();
        }
        assertEquals(1, files.size(), files.toString());
        long t0 = System.nanoTime();
        BeatDataset second = MitBih.load(d, WindowSettings.PAPER, cache, null);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertSame(first, second);
        assertTrue(seconds < 1.0, "cached load took " + seconds + " s");
    }

    @Test
    void keyChangesInvalidateAndDamagedFilesAreRebuilt(@TempDir Path data, @TempDir Path cache) throws Exception {
        TestDb.copyRecord("100", data);
        TestDb.copyRecord("232", data);
        List<String> recs = List.of("100", "232");
        BeatDataset a = MitBih.load(data, recs, WindowSettings.PAPER, cache, null);
        Path file = cache.resolve(MitBih.cacheFileName(recs, WindowSettings.PAPER));
        String key = MitBih.cacheKey(data, recs, WindowSettings.PAPER);
        assertSame(a, WindowCache.read(file, key));

        // Another reader version (or any other setting in the key) misses.
        assertNull(WindowCache.read(file, key.replace("version=" + MitBih.VERSION, "version=" + (MitBih.VERSION + 1))));
        // Another lead is another file; the first one stays valid.
        WindowSettings ml = WindowSettings.PAPER.withLead(Lead.MLII);
        BeatDataset b = MitBih.load(data, recs, ml, cache, null);
        assertNotEquals(a.x(0, 0), b.x(0, 0));
        assertTrue(Files.isRegularFile(cache.resolve(MitBih.cacheFileName(recs, ml))));
        assertSame(a, WindowCache.read(file, key));

        // A source file touched: the key changes, the load rebuilds and rewrites the file.
        Files.setLastModifiedTime(data.resolve("232.atr"), FileTime.fromMillis(1_000_000_000_000L));
        String key2 = MitBih.cacheKey(data, recs, WindowSettings.PAPER);
        assertNotEquals(key, key2);
        assertNull(WindowCache.read(file, key2));
        assertSame(a, MitBih.load(data, recs, WindowSettings.PAPER, cache, null));
        assertSame(a, WindowCache.read(file, key2));

        // A flipped bit in the cached windows fails the CRC: a miss, then a correct rebuild.
        byte[] raw = Files.readAllBytes(file);
        raw[raw.length - 100] ^= 1;
        Files.write(file, raw);
        assertNull(WindowCache.read(file, key2));
        assertSame(a, MitBih.load(data, recs, WindowSettings.PAPER, cache, null));
        assertSame(a, WindowCache.read(file, key2));
    }
}
