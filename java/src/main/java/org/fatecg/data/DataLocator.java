package org.fatecg.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the MIT-BIH files are, in order of precedence: the --data option, then the FATECG_DATA
 * environment variable, then the per-user cache ($XDG_CACHE_HOME/fatecg/mitdb, or ~/.cache/fatecg/mitdb
 * when XDG_CACHE_HOME is unset or empty). Only the cache folder is filled by downloading on demand: a
 * folder the user named that lacks files is an error listing them, never silently replaced.
 * The environment and home folder are parameters so tests control them.
 */
public final class DataLocator {
    /** The environment variable naming a database folder. */
    public static final String ENV = "FATECG_DATA";

    private DataLocator() {}

    /** Where the folder came from. */
    public enum Origin {
        OPTION,
        ENVIRONMENT,
        CACHE
    }

    /** A database folder and how it was chosen. */
    public record Location(Path dir, Origin origin) {}

    /** The per-user cache root: windows caches go in its "windows" folder, the download in "mitdb". */
    public static Path cacheRoot(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "fatecg");
        return Path.of(userHome, ".cache", "fatecg");
    }

    /** The folder to read, by precedence; {@code option} may be null. */
    public static Location locate(Path option, Map<String, String> env, String userHome) {
        if (option != null) return new Location(option, Origin.OPTION);
        String e = env.get(ENV);
        if (e != null && !e.isBlank()) return new Location(Path.of(e), Origin.ENVIRONMENT);
        return new Location(cacheRoot(env, userHome).resolve("mitdb"), Origin.CACHE);
    }

    /**
     * A complete copy in a {@code shared/data/mitdb} folder in {@code start} or one of its parents (the
     * layout of this project's development and CI machines, which have no internet), or null. Consulted
     * only when neither --data nor FATECG_DATA is given and the cache lacks files, so it never overrides a
     * choice the user made. Nobody chose that folder, so before it is used every file of the asked
     * records must match the SHA-256 of MIT-BIH 1.0.0 built into fatecg; a mismatch is an error naming
     * the file (the copy is damaged or not what it claims to be).
     */
    public static Path sharedCopy(Path start, List<String> records) throws IOException {
        return sharedCopy(start, records, Downloader.embeddedChecksums());
    }

    /** As above, with the expected digests given (file name -> lowercase hex SHA-256). */
    static Path sharedCopy(Path start, List<String> records, Map<String, String> sha256) throws IOException {
        for (Path d = start.toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared").resolve("data").resolve("mitdb");
            if (Files.isDirectory(candidate) && missing(candidate, records).isEmpty()) {
                verify(candidate, records, sha256);
                return candidate;
            }
        }
        return null;
    }

    private static void verify(Path dir, List<String> records, Map<String, String> sha256) throws IOException {
        for (String r : records)
            for (String ext : new String[] {"hea", "dat", "atr"}) {
                String name = r + "." + ext;
                String want = sha256.get(name);
                Path f = dir.resolve(name);
                if (want == null)
                    throw new WfdbFormatException(
                            f,
                            "SHA-256",
                            "a file of MIT-BIH 1.0.0 (fatecg has no checksum for " + name + ")",
                            "an unknown file");
                String got = Downloader.sha256Of(f);
                if (!got.equals(want))
                    throw new WfdbFormatException(
                            f,
                            "SHA-256",
                            want + " (MIT-BIH 1.0.0, built into fatecg)",
                            got + "; this shared copy is not used (pass --data to read it anyway)");
            }
    }

    /** The record files (.hea, .dat, .atr of each record) missing from {@code dir}. */
    public static List<String> missing(Path dir, List<String> records) {
        List<String> out = new ArrayList<>();
        for (String r : records)
            for (String ext : new String[] {"hea", "dat", "atr"})
                if (!Files.isRegularFile(dir.resolve(r + "." + ext))) out.add(r + "." + ext);
        return out;
    }

    /**
     * Makes sure {@code loc} holds the given records: a complete folder is returned as is; the cache folder
     * is filled by {@code downloader}; a user-named folder with missing files is an error naming them.
     */
    public static Path ensure(Location loc, List<String> records, Downloader downloader, PrintStream log)
            throws IOException {
        List<String> miss = missing(loc.dir(), records);
        if (miss.isEmpty()) return loc.dir();
        if (loc.origin() != Origin.CACHE) {
            String src = loc.origin() == Origin.OPTION ? "--data " + loc.dir() : ENV + "=" + loc.dir();
            throw new IOException(src + ": expected the MIT-BIH record files, " + miss.size() + " missing ("
                    + String.join(", ", miss.subList(0, Math.min(6, miss.size()))) + (miss.size() > 6 ? ", ..." : "")
                    + "). Point it at a complete copy, or fill it with: fatecg data download --dest " + loc.dir());
        }
        if (log != null)
            log.println("fatecg: MIT-BIH not found in " + loc.dir() + "; downloading it from " + downloader.baseUrl());
        downloader.downloadAll(loc.dir());
        miss = missing(loc.dir(), records);
        if (!miss.isEmpty())
            throw new IOException(loc.dir() + ": still missing after download: " + String.join(", ", miss));
        return loc.dir();
    }
}
