package org.fatecg.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.fatecg.SharedFiles;

/**
 * Test access to the shared MIT-BIH copy (../shared/data/mitdb from the repository root), found by walking
 * up from user.dir so it works from the module directory under surefire and from the root alike. Tests
 * that need it call {@link #dir()}, which skips them visibly (a JUnit assumption with a message) when the
 * copy is absent. The paper-preset dataset of all 48 records is built once per test JVM.
 */
public final class TestDb {
    private static BeatDataset paper;

    private TestDb() {}

    /** The shared database folder, or null when there is none above user.dir. */
    static Path find() {
        for (Path p = SharedFiles.searchFrom(); p != null; p = p.getParent()) {
            Path c = p.resolve("shared/data/mitdb");
            if (Files.isRegularFile(c.resolve("100.hea"))) return c;
            Path sibling = p.resolve("../shared/data/mitdb").normalize();
            if (Files.isRegularFile(sibling.resolve("100.hea"))) return sibling;
        }
        return null;
    }

    /** The shared database folder, or null (for tests that print why they skip before {@link #dir()}). */
    public static Path findForTests() {
        return find();
    }

    /** The shared database folder; skips the calling test when it is absent. */
    public static Path dir() {
        Path d = find();
        SharedFiles.skipUnless(
                d != null,
                "MIT-BIH not found (looked for shared/data/mitdb above " + SharedFiles.searchFrom()
                        + "): skipping the tests that read the real database");
        return d;
    }

    /** All 48 records with the paper's settings, built once (no window cache involved). */
    public static synchronized BeatDataset paper() {
        Path d = dir();
        if (paper == null) {
            try {
                paper = MitBih.load(d, WindowSettings.PAPER, null, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return paper;
    }

    /** Copies the three files of {@code record} into {@code to} (writable, for corruption tests). */
    public static void copyRecord(String record, Path to) throws IOException {
        Path d = dir();
        for (String ext : new String[] {"hea", "dat", "atr"}) {
            Path t = to.resolve(record + "." + ext);
            Files.copy(d.resolve(record + "." + ext), t, StandardCopyOption.REPLACE_EXISTING);
            t.toFile().setWritable(true);
        }
    }
}
