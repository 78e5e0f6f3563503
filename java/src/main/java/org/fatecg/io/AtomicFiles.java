/*
 * AtomicFiles: write a whole file so that readers see either the old content or the new, never a
 * half-written file (a report opened while a run is still writing it, or a run killed mid-write).
 * Files get the permissions the umask gives a new file (0644 under umask 022), as a plain write
 * would, so that a lab's shared folder or another user id can read reports and models; folders get
 * 0755 likewise. It is not a locking or a durability (fsync) layer.
 */
package org.fatecg.io;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import javax.imageio.ImageIO;

/** Write-to-temporary-then-rename file writes. */
public final class AtomicFiles {

    private static final SecureRandom NAMES = new SecureRandom();

    private AtomicFiles() {}

    /**
     * Writes bytes to a temporary file in the target's directory (same file system, so the rename is
     * atomic), then renames it over the target. Parent directories are created. Where the file system
     * cannot rename atomically, falls back to a plain replacing move.
     */
    public static void write(Path file, byte[] bytes) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = newTemporary(dir, abs.getFileName().toString());
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * An empty, new file ".NAME.RANDOM.tmp" in {@code dir}. Not Files.createTempFile: that one makes
     * the file 0600 whatever the umask. Creation is exclusive (O_EXCL), so a name that exists, a
     * symbolic link planted there included, is never opened; another random name is tried instead.
     */
    private static Path newTemporary(Path dir, String name) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(NAMES.nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 16) throw e;
            }
        }
    }

    /** Encodes an image as PNG in memory, then {@link #write(Path, byte[])}s it. */
    public static void writePng(Path file, BufferedImage image) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream(64 * 1024);
        if (!ImageIO.write(image, "png", png)) {
            throw new IOException("no PNG writer available");
        }
        write(file, png.toByteArray());
    }

    /** {@link #write(Path, byte[])} of a string in UTF-8. */
    public static void writeString(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
