package org.fatecg.cli;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An output folder made before any work starts, so that an unusable --out (under /proc, below a file,
 * without write permission) stops the command in a second with the folder and the reason, rather than
 * after an hour of training. The folder gets the permissions the umask gives (0755 under 022).
 */
final class OutputFolder {
    private OutputFolder() {}

    /** Creates {@code dir} and its parents; {@code option} (e.g. "--out") names where it came from. */
    static Path create(String option, Path dir) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (FileSystemException e) {
            String where = e.getFile() != null && !Path.of(e.getFile()).equals(dir) ? " (at " + e.getFile() + ")" : "";
            throw new IOException(option + " " + dir + ": cannot create the folder" + where + ": " + Main.reason(e), e);
        } catch (IOException e) {
            throw new IOException(option + " " + dir + ": cannot create the folder: " + Main.describe(e), e);
        }
        if (!Files.isWritable(dir))
            throw new IOException(option + " " + dir + ": the folder is not writable by this user");
        return dir;
    }
}
