package org.fatecg.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JCuda's natives come only from fatecg's private, verified copy. The main test plants a library with
 * a constructor (it writes a marker file when loaded) under JCuda's file name in a folder standing in for
 * a shared /tmp, and runs two JVMs with java.io.tmpdir there: JCuda's own loader runs the planted code
 * (so the plant is real), fatecg's does not and uses the private copy.
 */
class JCudaNativesTest {
    static final JCudaNatives.Library DRIVER = JCudaNatives.LIBRARIES.get(0);

    /** The forked JVM: "jcuda" initialises JCuda directly, "fatecg" opens the backend as the CLI does. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            if (args[0].equals("jcuda")) {
                try {
                    Class.forName("jcuda.driver.JCudaDriver");
                    System.out.println("probe: JCudaDriver initialised");
                } catch (LinkageError e) {
                    System.out.println("probe: " + e);
                }
            } else {
                try (CudaBackend gpu = CudaBackend.open(0)) {
                    System.out.println("probe: opened " + gpu.describe());
                } catch (CudaUnavailableException e) {
                    System.out.println("probe: unavailable: " + e.getMessage());
                    for (Throwable c = e.getCause(); c != null; c = c.getCause())
                        System.out.println("probe: cause: " + c.getMessage());
                }
            }
            // Which JCuda libraries this process mapped, and from where.
            for (String line : Files.readAllLines(Path.of("/proc/self/maps")))
                if (line.contains("libJCuda")) System.out.println("probe: mapped " + line.substring(line.indexOf('/')));
        }
    }

    @Test
    void aLibraryPlantedInTheTemporaryFolderIsNotLoaded(@TempDir Path root) throws Exception {
        Path sharedTmp = Files.createDirectories(root.resolve("shared-tmp"));
        Path marker = root.resolve("planted-code-ran");
        Path source = root.resolve("plant.c");
        Files.writeString(
                source,
                "#include <stdio.h>\n#include <stdlib.h>\n"
                        + "__attribute__((constructor)) static void planted(void) {\n"
                        + "  const char *m = getenv(\"PLANT_MARKER\"); FILE *f = m ? fopen(m, \"w\") : 0;\n"
                        + "  if (f) { fputs(\"planted code ran\\n\", f); fclose(f); }\n}\n");
        Path planted = sharedTmp.resolve(DRIVER.file());
        Process cc;
        try {
            cc = new ProcessBuilder("cc", "-shared", "-fPIC", "-o", planted.toString(), source.toString())
                    .inheritIO()
                    .start();
        } catch (java.io.IOException noCompiler) {
            Assumptions.abort("no C compiler (cc) to build the planted library: " + noCompiler.getMessage());
            return;
        }
        Assumptions.assumeTrue(
                cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0, "cc could not build the planted library");
        Path cache = root.resolve("cache");

        String jcuda = fork("jcuda", sharedTmp, cache, marker);
        assertTrue(Files.exists(marker), "control: JCuda's own loader runs a planted library\n" + jcuda);
        Files.delete(marker);

        String fatecg = fork("fatecg", sharedTmp, cache, marker);
        assertFalse(Files.exists(marker), "fatecg ran the planted library\n" + fatecg);
        assertFalse(fatecg.contains(sharedTmp.toString()), "nothing is loaded from the temporary folder\n" + fatecg);
        Path privateDir = JCudaNatives.privateDir(Map.of("XDG_CACHE_HOME", cache.toString()), "/nowhere");
        Path copy = privateDir.resolve(DRIVER.file());
        assertEquals(DRIVER.sha256(), JCudaNatives.sha256(Files.readAllBytes(copy)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(privateDir)));
        // The verified copy is the one the JVM opened: mapped (with a GPU) or named in the load error (without).
        assertTrue(fatecg.contains(copy.toString()), "the private copy was loaded\n" + fatecg);
    }

    private static String fork(String mode, Path tmp, Path cache, Path marker) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp,
                "-cp",
                System.getProperty("java.class.path"),
                Probe.class.getName(),
                mode));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        pb.environment().put("PLANT_MARKER", marker.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe did not finish: " + out);
        return out;
    }

    @Test
    void aTamperedCopyInThePrivateFolderIsReplacedAndALooseFolderTightened(@TempDir Path root) throws Exception {
        Path dir = Files.createDirectory(
                root.resolve("native"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.writeString(dir.resolve(DRIVER.file()), "not the library");
        JCudaNatives.prepare(dir);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        for (JCudaNatives.Library lib : JCudaNatives.LIBRARIES)
            assertEquals(lib.sha256(), JCudaNatives.sha256(Files.readAllBytes(dir.resolve(lib.file()))), lib.file());
        try (var files = Files.list(dir)) {
            assertEquals(JCudaNatives.LIBRARIES.size(), files.count(), "no temporary files left");
        }
    }

    @Test
    void aFolderAboveThatEveryoneCanWriteIsRefused(@TempDir Path root) throws Exception {
        Path open = Files.createDirectory(root.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        CudaUnavailableException e =
                assertThrows(CudaUnavailableException.class, () -> JCudaNatives.prepare(open.resolve("cache/native")));
        assertEquals(
                "cannot prepare JCuda's native libraries in " + open.resolve("cache/native") + ": " + open
                        + " is writable by every user and not sticky (mode 777): another user could swap the folder; set XDG_CACHE_HOME to a private folder",
                e.getMessage());
        assertFalse(Files.exists(open.resolve("cache")), "nothing was created");
    }

    @Test
    void aSymbolicLinkAsThePrivateFolderIsRefused(@TempDir Path root) throws Exception {
        Path elsewhere = Files.createDirectory(root.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(root.resolve("native"), elsewhere);
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class, () -> JCudaNatives.prepare(link));
        assertTrue(
                e.getMessage().endsWith(link + " is not a plain folder (a symbolic link or a file)"), e.getMessage());
    }

    @Test
    void aLibraryOnJavaLibraryPathIsRefused(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve(DRIVER.file()), "planted");
        CudaUnavailableException e = assertThrows(
                CudaUnavailableException.class,
                () -> JCudaNatives.refusePlanted(JCudaNatives.libraryPath("/usr/lib:" + root)));
        assertEquals(
                root.resolve(DRIVER.file())
                        + " is on java.library.path, and JCuda would load it instead of fatecg's verified copy;"
                        + " remove it or take its folder off LD_LIBRARY_PATH",
                e.getMessage());
        assertEquals(
                Path.of(".").toAbsolutePath(),
                JCudaNatives.libraryPath(":/usr/lib").get(0),
                "an empty entry is the working folder");
    }

    @Test
    void thePrivateFolderIsInTheUserCache() {
        assertEquals(
                Path.of("/xdg/fatecg/native/jcuda-12.6.0"),
                JCudaNatives.privateDir(Map.of("XDG_CACHE_HOME", "/xdg"), "/home/u"));
        assertEquals(
                Path.of("/home/u/.cache/fatecg/native/jcuda-12.6.0"), JCudaNatives.privateDir(Map.of(), "/home/u"));
    }
}
