package org.fatecg.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk and a folder that cannot be written: the error names the file being written (the JDK's
 * "No space left on device" names nothing, and a refused temporary file names a random name), the old
 * content survives, and no temporary file is left behind. The full disk is the kernel's own: the
 * temporary file's channel is /dev/full, where every write fails with ENOSPC.
 */
class AtomicFilesFailureTest {
    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aFullDiskNamesTheTargetAndKeepsTheOldFile() throws IOException {
        Path devFull = Path.of("/dev/full");
        if (!Files.exists(devFull)) System.out.println("SKIPPED: no /dev/full on this system");
        assumeTrue(Files.exists(devFull), "no /dev/full on this system");
        Path target = dir.resolve("report.md");
        AtomicFiles.writeString(target, "old\n");
        FileSystemException e = assertThrows(
                FileSystemException.class,
                () -> AtomicFiles.write(
                        target,
                        ch -> AtomicFiles.writeFully(ch, java.nio.ByteBuffer.wrap("new\n".getBytes())),
                        tmp -> FileChannel.open(devFull, StandardOpenOption.WRITE)));
        assertEquals(target + ": cannot write (No space left on device)", e.getMessage());
        assertEquals("old\n", Files.readString(target));
        assertEquals(List.of(target), files(), "the temporary file is removed");
    }

    @Test
    void aRefusedTemporaryFileIsReportedAsItsFolder() {
        Path target = dir.resolve("run.json");
        FileSystemException e = assertThrows(
                FileSystemException.class,
                () -> AtomicFiles.write(target, ch -> {}, tmp -> {
                    throw new AccessDeniedException(tmp.toString());
                }));
        assertEquals(target + ": cannot write (in folder " + dir + ": permission denied)", e.getMessage());
    }

    @Test
    void aParentThatIsAFileIsNamed() throws IOException {
        Path blocker = Files.writeString(dir.resolve("models"), "not a folder");
        Path target = blocker.resolve("final.safetensors");
        FileSystemException e =
                assertThrows(FileSystemException.class, () -> AtomicFiles.write(target, new byte[] {1}));
        assertEquals(target + ": cannot write (" + blocker + ": already exists)", e.getMessage());
    }

    @Test
    void aReadOnlyFolderNamesTheTarget() throws IOException {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            boolean enforced = !Files.isWritable(ro);
            if (!enforced) System.out.println("SKIPPED: folder permissions are not enforced for this user (root?)");
            assumeTrue(enforced, "folder permissions are not enforced for this user (root?)");
            Path target = ro.resolve("tables.md");
            FileSystemException e = assertThrows(
                    FileSystemException.class, () -> AtomicFiles.write(target, "x".getBytes(StandardCharsets.UTF_8)));
            assertEquals(target + ": cannot write (in folder " + ro + ": permission denied)", e.getMessage());
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aSuccessfulStreamedWriteLandsWhole() throws IOException {
        Path target = dir.resolve("w.bin");
        AtomicFiles.write(target, ch -> AtomicFiles.writeFully(ch, java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3})));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        assertEquals(List.of(target), files());
    }
}
