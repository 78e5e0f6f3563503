package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs that cannot lose each other: the run-folder lock, the non-empty --out check, stale temporaries. */
class RunFolderTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int fatecg(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    /** The lock as another run holds it: the OS lock on the lock file, with that run's pid inside. */
    private FileChannel holdLock(Path run, String pid) throws IOException {
        Files.createDirectories(run);
        FileChannel ch =
                FileChannel.open(run.resolve(RunFolder.LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l = ch.tryLock();
        assertNotNull(l);
        ch.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.ISO_8859_1)));
        return ch;
    }

    @Test
    void aSecondRunOnALockedFolderIsRefusedNamingTheHolder() throws IOException {
        Path run = dir.resolve("run");
        try (FileChannel held = holdLock(run, "4242")) {
            assertEquals(1, fatecg("run", "--out", run.toString(), "--device", "cpu"));
            assertEquals(
                    "fatecg: " + run + " is in use by another fatecg run (pid 4242, lock "
                            + run.resolve(RunFolder.LOCK_FILE) + "); wait for it to end, or choose another --out",
                    err.toString().strip());
        }
        // a resume of a live run is refused the same way
        Files.writeString(run.resolve("config.properties"), "preset=quick\n");
        err.getBuffer().setLength(0);
        try (FileChannel held = holdLock(run, "4243")) {
            assertEquals(1, fatecg("run", "--resume", run.toString(), "--device", "cpu"));
            assertTrue(
                    err.toString().startsWith("fatecg: " + run + " is in use by another fatecg run (pid 4243, "),
                    err.toString());
        }
        // released: the lock is ours now, and a second holder in this JVM is refused too
        try (RunFolder mine = RunFolder.lock(run)) {
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(run.resolve(RunFolder.LOCK_FILE)));
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> RunFolder.lock(run));
            assertTrue(
                    e.getMessage()
                            .startsWith(run + " is in use by another fatecg run (pid "
                                    + ProcessHandle.current().pid() + ", "),
                    e.getMessage());
        }
    }

    @Test
    void aFreshRunRefusesANonEmptyOutUnlessReplace() throws IOException {
        Path run = dir.resolve("old");
        Files.createDirectories(run);
        Files.writeString(run.resolve("metrics.csv"), "round,acc\n");
        assertEquals(1, fatecg("run", "--out", run.toString(), "--device", "cpu"));
        assertEquals(
                "fatecg: --out " + run
                        + " is not empty (it holds metrics.csv); choose another --out, continue a run there with --resume "
                        + run + ", or overwrite it with --replace",
                err.toString().strip());
        assertEquals("round,acc\n", Files.readString(run.resolve("metrics.csv")));
        // --replace passes the emptiness check and meets the lock next (held here, so nothing is trained)
        err.getBuffer().setLength(0);
        try (FileChannel held = holdLock(run, "77")) {
            assertEquals(1, fatecg("run", "--replace", "--out", run.toString(), "--device", "cpu"));
            assertTrue(
                    err.toString().startsWith("fatecg: " + run + " is in use by another fatecg run (pid 77, "),
                    err.toString());
        }
    }

    @Test
    void staleTemporariesAreRemovedAndNothingElse() throws IOException {
        Path ck = Files.createDirectories(dir.resolve("checkpoint"));
        Files.writeString(dir.resolve(".metrics.csv.k3j2.tmp"), "half");
        Files.writeString(ck.resolve(".state.json.9zz.tmp"), "{");
        Files.writeString(dir.resolve("metrics.csv"), "kept");
        Files.writeString(dir.resolve("notes.tmp"), "a user's file, not an atomic write's");
        assertEquals(2, RunFolder.cleanTemporaries(dir));
        assertFalse(Files.exists(dir.resolve(".metrics.csv.k3j2.tmp")));
        assertFalse(Files.exists(ck.resolve(".state.json.9zz.tmp")));
        assertEquals("kept", Files.readString(dir.resolve("metrics.csv")));
        assertTrue(Files.exists(dir.resolve("notes.tmp")));
    }
}
