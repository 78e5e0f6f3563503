package org.fatecg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.fatecg.SharedFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output files and folders get what the umask gives a plain new file (0666 & ~umask) and folder
 * (0777 & ~umask), as cp or a text editor would make them, and not the 0600 of a JDK temporary file:
 * under umask 022 another user (a lab's shared folder, a container's other uid) can read them. The
 * writes stay atomic: no temporary file is left beside them. The umask is set by sh in a child JVM.
 */
class OutputPermissionsTest {

    @Test
    void umask022GivesWorldReadableFilesAndFolders(@TempDir Path dir) throws Exception {
        write(dir, "022");
        assertEquals("rw-r--r--", mode(dir.resolve("report/report.md")));
        assertEquals("rw-r--r--", mode(dir.resolve("report/models/fat.safetensors")));
        assertEquals("rwxr-xr-x", mode(dir.resolve("report")));
        assertEquals("rwxr-xr-x", mode(dir.resolve("report/models")));
        assertEquals("# report, replaced\n", Files.readString(dir.resolve("report/report.md")));
        try (Stream<Path> all = Files.walk(dir)) {
            assertEquals(
                    List.of(),
                    all.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(),
                    "no temporary file left");
        }
    }

    @Test
    void aStricterUmaskIsKept(@TempDir Path dir) throws Exception {
        write(dir, "027");
        assertEquals("rw-r-----", mode(dir.resolve("report/report.md")));
        assertEquals("rw-r-----", mode(dir.resolve("report/models/fat.safetensors")));
        assertEquals("rwxr-x---", mode(dir.resolve("report/models")));
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static void write(Path dir, String umask) throws Exception {
        boolean sh = Files.isExecutable(Path.of("/bin/sh"));
        SharedFiles.skipUnless(sh, "no /bin/sh to set a umask (not a POSIX system)");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                "/bin/sh",
                "-c",
                "umask " + umask + " && exec \"$0\" -cp \"$1\" " + UmaskProbe.class.getName() + " \"$2\"",
                java,
                System.getProperty("java.class.path"),
                dir.toString());
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("probe.log").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe did not finish");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("probe.log")));
    }
}
