package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which Java the launcher (./fatecg) runs the jar on: FATECG_JAVA when set (and an error naming it when
 * it is not an executable), else the newest JDK among `java` on PATH, $JAVA_HOME and /usr/lib/jvm, with
 * a one-line notice when that is not the java on PATH, and JDK 24+'s two permission flags only there.
 * The launcher runs on a copy of itself beside a stand-in jar (so it builds nothing), with stand-in
 * "java" scripts that print the arguments they were given and read their version from a JDK's release
 * file, as the launcher does. The newer stand-in claims version 99, above any real JDK in /usr/lib/jvm.
 */
class LauncherJavaChoiceTest {
    record Result(int code, String out, String err) {}

    static Path fakeJdk(Path root, String name, String version) throws Exception {
        Path bin = Files.createDirectories(root.resolve(name).resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"" + name + " $*\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(root.resolve(name).resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        return java;
    }

    static Result launch(Path dir, Map<String, String> env) throws Exception {
        Path launcher = dir.resolve("fatecg");
        if (!Files.exists(launcher)) {
            Files.copy(Path.of("../fatecg"), launcher);
            Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createDirectories(dir.resolve("java/target"));
            Files.writeString(dir.resolve("java/target/fatecg.jar"), "stand-in");
        }
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "--version");
        pb.environment().remove("FATECG_JAVA");
        pb.environment().remove("JAVA_HOME");
        pb.environment().remove("FATECG_JAVA_OPTS");
        pb.environment().putAll(env);
        pb.redirectOutput(dir.resolve("out.txt").toFile());
        pb.redirectError(dir.resolve("err.txt").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher did not finish");
        return new Result(
                p.exitValue(),
                Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void theNewestJdkWinsAndIsAnnounced(@TempDir Path dir) throws Exception {
        Path old = fakeJdk(dir, "jdk17", "17.0.9");
        Path newer = fakeJdk(dir, "jdk99", "99.0.1");
        String path = old.getParent() + ":/usr/bin:/bin";
        Result r = launch(
                dir,
                Map.of("PATH", path, "JAVA_HOME", newer.getParent().getParent().toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("jdk99 --add-modules=jdk.incubator.vector"), r.out());
        assertTrue(
                r.out().contains("--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"), r.out());
        assertTrue(r.out().contains(" -Xmx8g -jar "), r.out());
        assertTrue(r.err().contains("fatecg: running on Java 99 (" + newer + "), the newest JDK here"), r.err());
    }

    @Test
    void fatecgJavaChoosesAndNeedsNoNotice(@TempDir Path dir) throws Exception {
        Path old = fakeJdk(dir, "jdk17", "17.0.9");
        Path newer = fakeJdk(dir, "jdk99", "99.0.1");
        Result r = launch(dir, Map.of("PATH", newer.getParent() + ":/usr/bin:/bin", "FATECG_JAVA", old.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("jdk17 --add-modules=jdk.incubator.vector -Xmx8g -jar "), r.out());
        assertFalse(r.out().contains("--enable-native-access"), "JDK 17 gets no JDK 24 flags: " + r.out());
        assertFalse(r.err().contains("running on Java"), r.err());
    }

    @Test
    void aFatecgJavaThatIsNoExecutableIsNamed(@TempDir Path dir) throws Exception {
        Result r = launch(dir, Map.of("FATECG_JAVA", dir.resolve("no-such-java").toString()));
        assertEquals(2, r.code());
        assertEquals("fatecg: FATECG_JAVA='" + dir.resolve("no-such-java") + "' is not an executable java\n", r.err());
        assertEquals("", r.out());
    }
}
