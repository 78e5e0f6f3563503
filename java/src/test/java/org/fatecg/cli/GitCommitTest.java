package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run.json's commit: git from system folders only, and a deadline that really ends a hanging git. */
class GitCommitTest {
    @TempDir
    Path dir;

    private Path script(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    @Test
    void aHangingGitIsKilledAtTheDeadline() throws Exception {
        Path pidFile = dir.resolve("pid");
        // Prints part of an answer, then hangs in a child (sleep) that keeps the output pipe open.
        Path slow = script("git", "echo $$ > " + pidFile + "; echo 0123abc; sleep 60");
        long t0 = System.nanoTime();
        assertNull(GitCommit.query(slow, Duration.ofMillis(500)));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 3, "returned after " + seconds + " s");
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        Thread.sleep(200);
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the fake git was killed");
    }

    @Test
    void theAnswerOfAGitThatFinishes() throws Exception {
        Path clean = script("git-clean", "if [ \"$3\" = rev-parse ]; then echo 0123abc; fi");
        assertEquals("0123abc", GitCommit.query(clean, Duration.ofSeconds(5)));
        Path dirty = script("git-dirty", "if [ \"$3\" = rev-parse ]; then echo 0123abc; else echo ' M x.java'; fi");
        assertEquals("0123abc+dirty", GitCommit.query(dirty, Duration.ofSeconds(5)));
        assertNull(GitCommit.query(script("git-fails", "exit 128"), Duration.ofSeconds(5)), "not a checkout");
    }

    @Test
    void pathIsNeverConsulted() throws Exception {
        Path planted = script("git", "touch " + dir.resolve("ran"));
        // A relative name (what PATH lookup would resolve) is refused; only absolute executables count.
        assertNull(GitCommit.firstExecutable(List.of(Path.of("git"), dir.resolve("missing"))));
        assertEquals(planted, GitCommit.firstExecutable(List.of(Path.of("git"), planted)));
        for (Path p : GitCommit.LOCATIONS)
            assertTrue(p.isAbsolute() && !p.startsWith(System.getProperty("user.home")), p.toString());
        assertFalse(Files.exists(dir.resolve("ran")));
    }
}
