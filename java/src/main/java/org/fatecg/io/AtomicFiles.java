/*
 * AtomicFiles: write a whole file so that readers see either the old content or the new, never a
 * half-written file (a report opened while a run is still writing it, or a run killed mid-write).
 * Files get the permissions the umask gives a new file (0644 under umask 022), as a plain write
 * would, so that a lab's shared folder or another user id can read reports and models; folders get
 * 0755 likewise. A failure (a full disk, a read-only folder) names the target file and the reason.
 * It is not a locking or a durability (fsync) layer.
 */
package org.fatecg.io;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import javax.imageio.ImageIO;

/** Write-to-temporary-then-rename file writes. */
public final class AtomicFiles {

    private static final SecureRandom NAMES = new SecureRandom();

    private AtomicFiles() {}

    /** What writes a file's content into the open channel of its temporary file. */
    @FunctionalInterface
    public interface Body {
        void writeTo(WritableByteChannel channel) throws IOException;
    }

    /** Opens the temporary file for writing; a seam so that a test can hand in a channel that fails. */
    @FunctionalInterface
    interface Opener {
        WritableByteChannel open(Path temporary) throws IOException;
    }

    private static final Opener PLAIN = tmp -> FileChannel.open(tmp, StandardOpenOption.WRITE);

    /**
     * Writes bytes to a temporary file in the target's directory (same file system, so the rename is
     * atomic), then renames it over the target. Parent directories are created. Where the file system
     * cannot rename atomically, falls back to a plain replacing move.
     *
     * @throws FileSystemException naming the target file on any failure (a full disk, a read-only or
     *     missing folder), with the system's reason; the JDK names only the temporary file, or nothing
     *     at all for "No space left on device"
     */
    public static void write(Path file, byte[] bytes) throws IOException {
        write(file, ch -> writeFully(ch, ByteBuffer.wrap(bytes)));
    }

    /** {@link #write(Path, byte[])} of content that {@code body} streams into the channel (a large cache). */
    public static void write(Path file, Body body) throws IOException {
        write(file, body, PLAIN);
    }

    static void write(Path file, Body body, Opener opener) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = newTemporary(dir, abs.getFileName().toString());
            try (WritableByteChannel ch = opener.open(tmp)) {
                body.writeTo(ch);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw cannotWrite(abs, tmp, e);
        } finally {
            if (tmp != null) Files.deleteIfExists(tmp);
        }
    }

    /** Writes all of b (a channel may take part of a buffer per call). */
    public static void writeFully(WritableByteChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
    }

    /**
     * A failed write to {@code target} as "TARGET: cannot write (REASON)", for writers that stream into a
     * file of their own (a resumable download's part file) rather than through {@link #write}.
     */
    public static FileSystemException cannotWrite(Path target, IOException e) {
        return cannotWrite(target.toAbsolutePath(), null, e);
    }

    /**
     * "TARGET: cannot write (REASON)", where the reason names the folder or file that failed when it is
     * not the target itself: the temporary file is reported as its folder, a parent that cannot be
     * created by its own path.
     */
    static FileSystemException cannotWrite(Path target, Path tmp, IOException e) {
        String detail = reason(e);
        if (e instanceof FileSystemException fse && fse.getFile() != null) {
            String failed = tmp != null && fse.getFile().equals(tmp.toString())
                    ? "in folder " + target.getParent()
                    : fse.getFile();
            if (!failed.equals(target.toString())) detail = failed + ": " + detail;
        }
        FileSystemException named = new FileSystemException(target.toString(), null, "cannot write (" + detail + ")");
        named.initCause(e);
        return named;
    }

    /**
     * The reason of a file error without its path: the system's words ("No space left on device",
     * "Read-only file system"), else what the exception type means.
     */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException fse) {
            String r = fse.getReason();
            if (r != null && !r.isBlank()) return r;
            if (e instanceof NoSuchFileException) return "no such file or folder";
            if (e instanceof AccessDeniedException) return "permission denied";
            if (e instanceof FileAlreadyExistsException) return "already exists";
            if (e instanceof NotDirectoryException) return "not a folder";
            if (e instanceof DirectoryNotEmptyException) return "folder not empty";
            if (e instanceof FileSystemLoopException) return "symbolic link loop";
            return "cannot be used (" + e.getClass().getSimpleName() + ")";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
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
