package org.fatecg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds files in the project's ../shared folder (the MIT-BIH database, PyTorch golden values) by walking
 * up from the working directory. A fresh clone has no ../shared: tests that need it are skipped with a
 * visible reason instead of failing.
 */
public final class SharedFiles {
    private SharedFiles() {}

    /** The path of shared/relative, or null when no ancestor folder has it. */
    public static Path find(String relative) {
        Path dir = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared").resolve(relative);
            if (Files.exists(candidate)) return candidate;
        }
        return null;
    }

    /** The path of shared/relative, or a skipped test naming what is missing. */
    public static Path require(String relative) {
        Path p = find(relative);
        Assumptions.assumeTrue(p != null, "skipped: ../shared/" + relative + " is not present (a fresh clone has no ../shared)");
        return p;
    }
}
