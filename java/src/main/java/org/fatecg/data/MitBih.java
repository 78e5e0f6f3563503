package org.fatecg.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * The MIT-BIH Arrhythmia Database as fatecg uses it: the record lists (all 48, de Chazal's DS1 and DS2,
 * the paced four) and the loader that turns a database folder into a {@link BeatDataset}, through the
 * window cache when one is given.
 *
 * <p>Loading = for each record: parse and verify the header, resolve the lead, decode and verify the
 * signal file, read the reference annotations (.atr), cut the beats ({@link BeatWindows} or
 * {@link KachueeBeats}, as the settings' {@link BeatFormat} says).
 * Records without the requested lead are skipped with a notice, never silently.
 */
public final class MitBih {
    /** Bumped whenever reading or windowing changes what a window holds: old cache files then miss. */
    static final int VERSION = 1;

    /** The 48 records, ascending. */
    public static final List<String> RECORDS = List.of(
            "100", "101", "102", "103", "104", "105", "106", "107", "108", "109", "111", "112", "113", "114", "115",
            "116", "117", "118", "119", "121", "122", "123", "124", "200", "201", "202", "203", "205", "207", "208",
            "209", "210", "212", "213", "214", "215", "217", "219", "220", "221", "222", "223", "228", "230", "231",
            "232", "233", "234");
    /** de Chazal et al. 2004, training half of the inter-patient split. */
    public static final List<String> DS1 = List.of(
            "101", "106", "108", "109", "112", "114", "115", "116", "118", "119", "122", "124", "201", "203", "205",
            "207", "208", "209", "215", "220", "223", "230");
    /** de Chazal et al. 2004, test half of the inter-patient split. */
    public static final List<String> DS2 = List.of(
            "100", "103", "105", "111", "113", "117", "121", "123", "200", "202", "210", "212", "213", "214", "219",
            "221", "222", "228", "231", "232", "233", "234");
    /** The paced records, left out of DS1 and DS2. */
    public static final List<String> PACED = List.of("102", "104", "107", "217");

    private MitBih() {}

    /** All 48 records; see {@link #load(Path, List, WindowSettings, Path, Consumer)}. */
    public static BeatDataset load(Path dataDir, WindowSettings s, Path cacheDir, Consumer<String> notices)
            throws IOException {
        return load(dataDir, RECORDS, s, cacheDir, notices);
    }

    /**
     * Loads the windows of {@code records} from {@code dataDir}.
     *
     * @param cacheDir where the window cache lives; null to always rebuild
     * @param notices  receives one line per skipped record (e.g. 102 without MLII); may be null
     * @throws WfdbFormatException when any file is malformed or inconsistent
     */
    public static BeatDataset load(
            Path dataDir, List<String> records, WindowSettings s, Path cacheDir, Consumer<String> notices)
            throws IOException {
        refuseDuplicates(records);
        // Headers are small: resolve the leads first, so the notices come out on cache hits too.
        List<String> kept = new ArrayList<>();
        List<Integer> signal = new ArrayList<>();
        for (String rec : records) {
            WfdbHeader h = WfdbHeader.read(dataDir, rec);
            int sig = s.lead().resolve(h);
            if (sig < 0) {
                if (notices != null)
                    notices.accept("record " + rec + " skipped: no signal matches lead "
                            + s.lead().spec()
                            + " (its leads are " + String.join(", ", leadsOf(h)) + "); give a fallback such as --lead "
                            + s.lead().spec() + ",0 to include it");
                continue;
            }
            kept.add(rec);
            signal.add(sig);
        }
        String key = cacheKey(dataDir, kept, s);
        Path file = cacheDir == null ? null : cacheDir.resolve(cacheFileName(kept, s));
        if (file != null) {
            BeatDataset hit = WindowCache.read(file, key);
            if (hit != null) return hit;
        }
        BeatDataset ds = build(dataDir, kept, signal, s);
        if (file != null) writeCache(file, key, ds, notices);
        return ds;
    }

    /**
     * The cache is optional: one that cannot be written (a read-only or full folder) costs the next load
     * its speed, not this command its result, so it is skipped with a one-line notice naming the file.
     */
    private static void writeCache(Path file, String key, BeatDataset ds, Consumer<String> notices) {
        try {
            WindowCache.write(file, key, ds);
        } catch (IOException e) {
            if (notices != null)
                notices.accept("window cache skipped: " + e.getMessage()
                        + "; the windows are rebuilt next time (--cache-dir chooses another folder, --no-cache"
                        + " turns the cache off)");
        }
    }

    private static BeatDataset build(Path dataDir, List<String> records, List<Integer> signal, WindowSettings s)
            throws IOException {
        List<BeatWindows.Result> parts = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < records.size(); i++) {
            BeatWindows.Result r = windowsOf(dataDir, records.get(i), signal.get(i), s);
            parts.add(r);
            total += r.size();
        }
        int len = s.length();
        float[] x = new float[total * len];
        int[] y = new int[total], rec = new int[total], rs = new int[total];
        int k = 0;
        for (int i = 0; i < parts.size(); i++) {
            BeatWindows.Result r = parts.get(i);
            int id = recordNumber(records.get(i));
            System.arraycopy(r.x(), 0, x, k * len, r.x().length);
            System.arraycopy(r.y(), 0, y, k, r.size());
            System.arraycopy(r.rSample(), 0, rs, k, r.size());
            for (int j = 0; j < r.size(); j++) rec[k + j] = id;
            k += r.size();
        }
        return new BeatDataset(x, y, rec, rs, len, true);
    }

    /** The windows of one record from signal {@code signal}; the annotation times are checked against the record. */
    public static BeatWindows.Result windowsOf(Path dataDir, String record, int signal, WindowSettings s)
            throws IOException {
        WfdbRecord r = WfdbRecord.read(dataDir, record);
        List<Annotation> ann = AnnotationReader.read(dataDir, record, "atr", r.numSamples());
        return s.format() == BeatFormat.KACHUEE
                ? KachueeBeats.extract(r, signal, ann, s)
                : BeatWindows.extract(r, signal, ann, s);
    }

    /** The windows of one record with the lead of {@code s}; fails when the record lacks that lead. */
    public static BeatWindows.Result windowsOf(Path dataDir, String record, WindowSettings s) throws IOException {
        WfdbHeader h = WfdbHeader.read(dataDir, record);
        int sig = s.lead().resolve(h);
        if (sig < 0)
            throw new IllegalArgumentException("record " + record + " has no signal matching lead "
                    + s.lead().spec() + " (its leads are " + String.join(", ", leadsOf(h)) + ")");
        return windowsOf(dataDir, record, sig, s);
    }

    /** A record listed twice would count its beats twice, and a split could put the same beats in train and test. */
    static void refuseDuplicates(List<String> records) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String r : records)
            if (!seen.add(r))
                throw new IllegalArgumentException(
                        "records: '" + r + "' is listed twice (" + String.join(",", records)
                                + "): each record may appear once, or its beats would be counted twice and could land in both train and test");
    }

    static List<String> leadsOf(WfdbHeader h) {
        List<String> l = new ArrayList<>();
        for (SignalSpec sp : h.signals()) l.add(sp.description());
        return l;
    }

    /** The record number as stored in {@link BeatDataset#record(int)}: MIT-BIH names are numbers. */
    public static int recordNumber(String record) {
        try {
            return Integer.parseInt(record);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "record name '" + record + "': expected a number (MIT-BIH names are 100..234)");
        }
    }

    /** The cache file name depends on the settings and record list only; the full key is checked inside. */
    static String cacheFileName(List<String> records, WindowSettings s) {
        String h = sha256(s.key() + ";records=" + String.join(",", records));
        return "windows-" + h.substring(0, 16) + ".bin";
    }

    /** Everything that changes the windows: version, settings, records, and each source file's size and mtime. */
    static String cacheKey(Path dataDir, List<String> records, WindowSettings s) throws IOException {
        StringBuilder fp = new StringBuilder();
        for (String rec : records)
            for (String ext : new String[] {"hea", "dat", "atr"}) {
                Path f = dataDir.resolve(rec + "." + ext);
                if (Files.isRegularFile(f))
                    fp.append(rec)
                            .append('.')
                            .append(ext)
                            .append(':')
                            .append(Files.size(f))
                            .append(':')
                            .append(Files.getLastModifiedTime(f).toMillis())
                            .append(';');
            }
        return "fatecg-windows;version=" + VERSION + ";" + s.key() + ";records=" + String.join(",", records)
                + ";source=" + sha256(fp.toString());
    }

    static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides SHA-256", e);
        }
    }
}
