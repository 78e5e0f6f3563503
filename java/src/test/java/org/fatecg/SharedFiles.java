package org.fatecg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds files in the project's ../shared folder (the MIT-BIH database, PyTorch golden values) by walking
 * up from the working directory. A fresh clone has no ../shared: tests that need it are skipped with a
 * visible reason instead of failing: a JUnit assumption (surefire counts the test as skipped) and the
 * reason printed on the console once, since surefire keeps assumption messages in its XML reports only.
 * Call {@link #require} per test (in the test or a @BeforeEach), not in @BeforeAll: an assumption that
 * fails there aborts the class before any test starts, and the build reports "Tests run: 0".
 */
public final class SharedFiles {
    /** Where the upward search starts (default: user.dir); a test sets it to pretend to be a fresh clone. */
    public static final String SEARCH_FROM = "fatecg.shared.searchFrom";

    private static final Set<String> PRINTED = new HashSet<>();

    private SharedFiles() {}

    /** The folder the upward search starts from. */
    public static Path searchFrom() {
        return Paths.get(System.getProperty(SEARCH_FROM, System.getProperty("user.dir")))
                .toAbsolutePath();
    }

    /** The path of shared/relative, or null when no ancestor folder has it. */
    public static Path find(String relative) {
        for (Path d = searchFrom(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared").resolve(relative);
            if (Files.exists(candidate)) return candidate;
        }
        return null;
    }

    /** The path of shared/relative, or a skipped test naming what is missing. */
    public static Path require(String relative) {
        Path p = find(relative);
        skipUnless(
                p != null,
                "../shared/" + relative + " is not present above " + searchFrom()
                        + " (a fresh clone has no ../shared)");
        return p;
    }

    /** Skips the calling test unless {@code condition}, printing "[skipped] reason" on the console the first time. */
    public static void skipUnless(boolean condition, String reason) {
        if (!condition) {
            synchronized (PRINTED) {
                if (PRINTED.add(reason)) System.out.println("[skipped] " + reason);
            }
        }
        Assumptions.assumeTrue(condition, "skipped: " + reason);
    }
}
