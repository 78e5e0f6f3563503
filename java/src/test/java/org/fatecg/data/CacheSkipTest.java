package org.fatecg.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window cache is optional: a folder that cannot hold it costs a notice, not the command. */
class CacheSkipTest {
    @Test
    void anUnwritableCacheIsSkippedWithOneNotice(@TempDir Path dir) throws Exception {
        int[] x = new int[2000];
        for (int t = 0; t < x.length; t++) x[t] = t % 100;
        SyntheticRecord.write(dir, "900", List.of("MLII", "V1"), new int[][] {x, x}, 0, new long[] {500, 1000, 1500});
        // A cache folder below a regular file cannot be created, whoever runs the test (root included);
        // the reason is the kernel's (ENOTDIR).
        Path blocker = Files.writeString(dir.resolve("cache"), "a file, not a folder");
        Path cache = blocker.resolve("windows");
        List<String> notices = new ArrayList<>();
        BeatDataset ds = MitBih.load(dir, List.of("900"), WindowSettings.PAPER, cache, notices::add);
        assertEquals(3, ds.size(), "the windows are still built");
        Path file = cache.resolve(MitBih.cacheFileName(List.of("900"), WindowSettings.PAPER))
                .toAbsolutePath();
        assertEquals(
                List.of("window cache skipped: " + file + ": cannot write (" + cache.toAbsolutePath()
                        + ": Not a directory); the windows are rebuilt next time (--cache-dir chooses another folder,"
                        + " --no-cache turns the cache off)"),
                notices);
    }
}
