package org.fatecg.backend.cuda;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * JCuda's native libraries, loaded only from fatecg's own verified copy.
 *
 * <p>Why: JCuda's loader first tries {@code System.loadLibrary} (the folders of {@code java.library.path}),
 * then copies the library out of its jar to {@code ${java.io.tmpdir}/libJCudaDriver-12.6.0-linux-x86_64.so}
 * only when that file is absent, and loads whatever is there. In a shared /tmp any local user can plant a
 * library of that name, and its code then runs inside every fatecg process that tries CUDA.
 *
 * <p>What {@link #load} does instead, once per process and before any JCuda class initialises:
 * <ol>
 *   <li>reads each library JCuda will ask for from the classpath (the jcuda-natives jars, shaded into
 *       fatecg.jar) and checks its SHA-256 against the digest recorded here for JCuda 12.6.0;</li>
 *   <li>puts it in a private folder, {@code $XDG_CACHE_HOME/fatecg/native/jcuda-12.6.0} (or under
 *       {@code ~/.cache}): mode 0700, owned by this user, not a symbolic link, and no folder above it
 *       writable by others unless sticky (as /tmp is); a file already there is used only when its SHA-256
 *       matches, else it is replaced by an atomic move;</li>
 *   <li>refuses to go on when a folder of {@code java.library.path} holds a file of one of those names
 *       (JCuda would load that one first);</li>
 *   <li>points {@code java.io.tmpdir} at the private folder while the JCuda classes initialise (JCuda reads
 *       it at that moment), then restores it: JCuda finds the verified file and loads it.</li>
 * </ol>
 * Any failure is a {@link CudaUnavailableException} naming the file and the reason, and nothing is loaded.
 */
final class JCudaNatives {
    /** JCuda's version, in its library names. */
    static final String VERSION = "12.6.0";

    /** A library JCuda loads, the class whose initialiser loads it, and its SHA-256 in the JCuda 12.6.0 jars. */
    record Library(String file, String loaderClass, String sha256) {}

    static final List<Library> LIBRARIES = List.of(
            new Library(
                    "libJCudaDriver-" + VERSION + "-linux-x86_64.so",
                    "jcuda.driver.JCudaDriver",
                    "fdc3b4b4fca4f0fab54ff12c0b4d6ad1c5e8d55015b4950834c705e5db301255"),
            new Library(
                    "libJCublas2-" + VERSION + "-linux-x86_64.so",
                    "jcuda.jcublas.JCublas2",
                    "990b2129e540a7f93d0776799d48659dc85e4f7f5bfb6473d0c8369ef8126c32"));

    private static boolean loaded;

    private JCudaNatives() {}

    /** Extracts, verifies and loads the libraries (once); afterwards JCuda's classes are usable. */
    static synchronized void load() throws CudaUnavailableException {
        if (loaded) return;
        if (!isLinuxX64())
            throw new CudaUnavailableException(
                    "the CUDA backend is built for linux-x86_64 only (this is " + System.getProperty("os.name") + " "
                            + System.getProperty("os.arch") + ")",
                    null);
        Path dir = prepare(privateDir(System.getenv(), System.getProperty("user.home")));
        refusePlanted(libraryPath(System.getProperty("java.library.path", "")));
        String tmp = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", dir.toString());
        try {
            for (Library lib : LIBRARIES) Class.forName(lib.loaderClass(), true, JCudaNatives.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new CudaUnavailableException("JCuda is not on the classpath (" + e.getMessage() + ")", e);
        } finally {
            System.setProperty("java.io.tmpdir", tmp);
        }
        loaded = true;
    }

    /** $XDG_CACHE_HOME/fatecg/native/jcuda-VERSION, or ~/.cache/fatecg/... (the user cache, as for the data). */
    static Path privateDir(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(userHome, ".cache");
        return cache.resolve("fatecg")
                .resolve("native")
                .resolve("jcuda-" + VERSION)
                .toAbsolutePath();
    }

    /** Makes {@code dir} private and puts the verified libraries in it; returns it. */
    static Path prepare(Path dir) throws CudaUnavailableException {
        try {
            secureDir(dir);
            for (Library lib : LIBRARIES) install(dir, lib);
            return dir;
        } catch (IOException e) {
            throw new CudaUnavailableException(
                    "cannot prepare JCuda's native libraries in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Creates {@code dir} with mode 0700, or checks an existing one, and every folder above it. */
    static void secureDir(Path dir) throws IOException {
        for (Path p = dir.getParent(); p != null; p = p.getParent()) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) continue;
            int mode = mode(p);
            if ((mode & 02) != 0 && (mode & 01000) == 0)
                throw new IOException(
                        p + " is writable by every user and not sticky (mode " + Integer.toOctalString(mode & 07777)
                                + "): another user could swap the folder; set XDG_CACHE_HOME to a private folder");
        }
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS))
            throw new IOException(dir + " is not a plain folder (a symbolic link or a file)");
        int uid = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int me = currentUid();
        if (uid != me) throw new IOException(dir + " belongs to user id " + uid + ", not to this user (" + me + ")");
        if ((mode(dir) & 077) != 0) Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    /** Leaves {@code dir/lib.file} holding exactly the classpath's copy, whose digest must be the recorded one. */
    static void install(Path dir, Library lib) throws IOException, CudaUnavailableException {
        byte[] bytes;
        try (InputStream in = JCudaNatives.class.getResourceAsStream("/lib/" + lib.file())) {
            if (in == null)
                throw new CudaUnavailableException(
                        "JCuda's native library /lib/" + lib.file() + " is not on the classpath", null);
            bytes = in.readAllBytes();
        }
        String got = sha256(bytes);
        if (!got.equals(lib.sha256()))
            throw new CudaUnavailableException(
                    "the classpath's /lib/" + lib.file() + " has SHA-256 " + got + ", not JCuda " + VERSION + "'s "
                            + lib.sha256() + "; it is not loaded",
                    null);
        Path target = dir.resolve(lib.file());
        if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                && sha256(Files.readAllBytes(target)).equals(got)) return;
        Path tmp = Files.createTempFile(dir, lib.file(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        String written = sha256(Files.readAllBytes(target));
        if (!written.equals(got))
            throw new IOException(target + " changed while it was written (SHA-256 " + written + ")");
    }

    /** Fails when a folder JCuda's System.loadLibrary would search holds one of the libraries. */
    static void refusePlanted(List<Path> libraryPath) throws CudaUnavailableException {
        for (Path d : libraryPath)
            for (Library lib : LIBRARIES)
                if (Files.exists(d.resolve(lib.file()), LinkOption.NOFOLLOW_LINKS))
                    throw new CudaUnavailableException(
                            d.resolve(lib.file()) + " is on java.library.path, and JCuda would load it"
                                    + " instead of fatecg's verified copy; remove it or take its folder off LD_LIBRARY_PATH",
                            null);
    }

    /** java.library.path's folders; an empty entry is the working folder, as the JVM reads it. */
    static List<Path> libraryPath(String property) {
        List<Path> out = new ArrayList<>();
        for (String s : property.split(File.pathSeparator, -1))
            out.add(Path.of(s.isEmpty() ? "." : s).toAbsolutePath());
        return out;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this Java runtime", e);
        }
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    private static int currentUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    private static boolean isLinuxX64() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        return os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }
}
