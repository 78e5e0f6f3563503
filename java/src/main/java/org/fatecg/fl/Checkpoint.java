package org.fatecg.fl;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.io.Json;
import org.fatecg.io.JsonValues;
import org.fatecg.nn.Safetensors;

/**
 * A run's checkpoint after round r: for every federation its global weights
 * ({@code <federation>-round-<r>.safetensors}, PyTorch state_dict names) and, in {@code state.json}, the
 * round, the seed and the seed-stream scheme (every random stream of round r+1 on derives from them, see
 * {@link Seeds}), each weights file's SHA-256, and the full history of round records.
 *
 * <p>Atomic: the weights files are written first (each to a temporary file, then renamed), then
 * state.json the same way; state.json names the files it belongs to, so a kill at any moment leaves
 * either the previous checkpoint or the new one, never a mix. Weights of older rounds are deleted only
 * after the new state.json is in place.
 */
public final class Checkpoint {
    public static final String STATE = "state.json";
    static final String FORMAT = "fatecg-checkpoint";
    static final int VERSION = 1;

    /** One federation as saved. */
    public record Federation(String name, int round, float[] weights, List<RoundRecord> history) {}

    /** A whole checkpoint; {@code extra} holds free-form run information (e.g. timings). */
    public record State(long seed, int round, List<Federation> federations, Map<String, Object> extra) {}

    private Checkpoint() {}

    public static void write(Path dir, long seed, List<Simulation> sims, WeightLayout layout, Map<String, Object> extra)
            throws IOException {
        Files.createDirectories(dir);
        int round = sims.get(0).round();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("format", FORMAT);
        state.put("version", VERSION);
        state.put("seed", seed);
        state.put("seed_scheme", Seeds.SCHEME);
        state.put("round", round);
        List<Object> feds = new ArrayList<>();
        List<String> keep = new ArrayList<>();
        for (Simulation s : sims) {
            if (s.round() != round) throw new IllegalStateException("checkpoint of federations at different rounds");
            String file = fileName(s.name(), round);
            Path p = dir.resolve(file);
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("federation", s.name());
            meta.put("round", Integer.toString(round));
            meta.put("seed", Long.toString(seed));
            Safetensors.write(p, layout.toEntries(s.global()), meta);
            keep.add(file);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("name", s.name());
            f.put("round", s.round());
            f.put("weights", file);
            f.put("sha256", sha256(Files.readAllBytes(p)));
            List<Object> hist = new ArrayList<>();
            for (RoundRecord r : s.history()) hist.add(HistoryCodec.toMap(r));
            f.put("history", hist);
            feds.add(f);
        }
        state.put("federations", feds);
        state.put("extra", extra == null ? Map.of() : extra);
        Json.write(dir.resolve(STATE), state);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*-round-*.safetensors")) {
            for (Path p : ds) if (!keep.contains(p.getFileName().toString())) Files.deleteIfExists(p);
        }
    }

    /** "Non-FAT" round 3 -> non-fat-round-003.safetensors. */
    static String fileName(String federation, int round) {
        String slug = federation.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return String.format("%s-round-%03d.safetensors", slug, round);
    }

    /** Removes a checkpoint: state.json first (so a kill midway leaves no checkpoint), then its weights files. */
    public static void delete(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(STATE));
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*-round-*.safetensors")) {
            for (Path p : ds) Files.deleteIfExists(p);
        }
    }

    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(STATE));
    }

    /**
     * Reads and checks a checkpoint: format, version, seed scheme, every weights file's hash and its fit to
     * {@code layout}. Every problem is an IOException naming the file and the field.
     */
    public static State read(Path dir, WeightLayout layout) throws IOException {
        Path statePath = dir.resolve(STATE);
        Object json;
        try {
            json = Json.read(statePath);
        } catch (NoSuchFileException e) {
            throw new IOException(statePath
                    + ": no checkpoint here (the run stopped before round 0 finished, or this is not a run folder)");
        }
        try {
            Map<String, Object> m = JsonValues.obj(json, "state");
            if (!FORMAT.equals(m.get("format")))
                throw new IllegalArgumentException("format is " + m.get("format") + ", expected " + FORMAT);
            long version = JsonValues.integer(m, "version", "state");
            if (version != VERSION)
                throw new IllegalArgumentException(
                        "version " + version + " is not the version " + VERSION + " this fatecg reads");
            long scheme = JsonValues.integer(m, "seed_scheme", "state");
            if (scheme != Seeds.SCHEME)
                throw new IllegalArgumentException("seed_scheme " + scheme + " differs from this fatecg's "
                        + Seeds.SCHEME + ": the run cannot be continued exactly");
            long seed = JsonValues.integer(m, "seed", "state");
            int round = (int) JsonValues.integer(m, "round", "state");
            List<Federation> feds = new ArrayList<>();
            List<Object> fl = JsonValues.list(m.get("federations"), "state.federations");
            for (int i = 0; i < fl.size(); i++) {
                String w = "state.federations[" + i + "]";
                Map<String, Object> f = JsonValues.obj(fl.get(i), w);
                String name = JsonValues.string(f, "name", w);
                int fr = (int) JsonValues.integer(f, "round", w);
                if (fr != round)
                    throw new IllegalArgumentException(w + ".round is " + fr + ", the checkpoint's round " + round);
                String file = JsonValues.string(f, "weights", w);
                Path p = dir.resolve(file);
                if (!p.normalize().startsWith(dir.normalize()) || !Files.isRegularFile(p))
                    throw new IllegalArgumentException(
                            w + ".weights names " + file + ", which is not a file in " + dir);
                if (Files.size(p) > Safetensors.MAX_FILE_BYTES)
                    throw new IllegalArgumentException(
                            w + ".weights names " + file + ", of " + Files.size(p) + " bytes, over the "
                                    + Safetensors.MAX_FILE_BYTES + "-byte limit of a model file; not read");
                byte[] bytes = Files.readAllBytes(p);
                String want = JsonValues.string(f, "sha256", w);
                if (!sha256(bytes).equals(want))
                    throw new IllegalArgumentException(p + " does not match the SHA-256 recorded in state.json (" + want
                            + "): the file is corrupt or was replaced");
                float[] weights = layout.fromEntries(Safetensors.read(p).tensors, "", p.toString());
                List<RoundRecord> hist = new ArrayList<>();
                List<Object> hl = JsonValues.list(f.get("history"), w + ".history");
                for (int k = 0; k < hl.size(); k++)
                    hist.add(HistoryCodec.fromMap(hl.get(k), w + ".history[" + k + "]"));
                if (hist.size() != round + 1)
                    throw new IllegalArgumentException(
                            w + ".history has " + hist.size() + " rounds, expected " + (round + 1));
                for (int k = 0; k < hist.size(); k++)
                    if (hist.get(k).round() != k)
                        throw new IllegalArgumentException(w + ".history[" + k + "] is round "
                                + hist.get(k).round());
                feds.add(new Federation(name, fr, weights, hist));
            }
            Object extra = m.get("extra");
            return new State(seed, round, feds, extra == null ? Map.of() : JsonValues.obj(extra, "state.extra"));
        } catch (IllegalArgumentException e) {
            throw new IOException(statePath + ": " + e.getMessage(), e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }
}
