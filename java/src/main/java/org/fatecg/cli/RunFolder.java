package org.fatecg.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * A run folder held by one run at a time, so that two runs cannot overwrite each other's results: an
 * exclusive lock (the operating system's, released when the process ends, even by SIGKILL) on
 * DIR/.fatecg.lock, whose content is the holder's pid for the message another run gets.
 */
final class RunFolder implements AutoCloseable {
    static final String LOCK_FILE = ".fatecg.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunFolder(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code dir} (which must exist) or refuses, naming the pid of the run that holds it. */
    static RunFolder lock(Path dir) throws IOException {
        Path file = dir.resolve(LOCK_FILE);
        FileChannel ch =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null; // held by this very JVM
        }
        if (l == null) {
            ch.close();
            String pid = Files.readString(file, StandardCharsets.ISO_8859_1).strip();
            throw new IllegalArgumentException(
                    dir + " is in use by another fatecg run (pid " + (pid.isEmpty() ? "unknown" : pid) + ", lock "
                            + file + "); wait for it to end, or choose another --out");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.ISO_8859_1)), 0);
        ch.force(false);
        return new RunFolder(ch, l);
    }

    /**
     * A fresh run's check: {@code dir} must be absent or empty (its lock file aside), else the earlier
     * run's results would be mixed with or lost to the new ones.
     */
    static void requireEmpty(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds)
                if (!p.getFileName().toString().equals(LOCK_FILE))
                    throw new IllegalArgumentException("--out " + dir + " is not empty (it holds " + p.getFileName()
                            + "); choose another --out, continue a run there with --resume " + dir
                            + ", or overwrite it with --replace");
        }
    }

    /**
     * Deletes the temporary files a killed atomic write leaves (".NAME.RANDOM.tmp") in the run folder and
     * its subfolders; returns how many. Called with the lock held, so no live writer owns them.
     */
    static int cleanTemporaries(Path dir) throws IOException {
        int n = 0;
        try (Stream<Path> files = Files.walk(dir, 3)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".tmp") && Files.isRegularFile(p)) {
                    Files.delete(p);
                    n++;
                }
            }
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
