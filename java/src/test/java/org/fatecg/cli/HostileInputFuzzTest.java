package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fatecg.data.AnnotationReader;
import org.fatecg.data.MitBih;
import org.fatecg.data.WfdbHeader;
import org.fatecg.data.WindowSettings;
import org.fatecg.fl.Checkpoint;
import org.fatecg.fl.Seeds;
import org.fatecg.fl.WeightLayout;
import org.fatecg.io.Json;
import org.fatecg.nn.Layers;
import org.fatecg.nn.Safetensors;
import org.fatecg.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded mutation fuzzer over fatecg's readers of untrusted files: the WFDB header, signal and
 * annotation readers (through a whole record load), the safetensors reader, the JSON reader behind
 * state.json and run files, the checkpoint reader a resume goes through, and the config-file reader. Each target starts from a valid file and applies
 * 1 to 8 random mutations per case (bit flips, interesting bytes, inserted and deleted runs, duplicated
 * chunks, truncation, digits swapped for extreme numbers). Every case must end in an accepted input or a
 * clean error: an IOException or IllegalArgumentException with a message. Any other exception or error
 * is a crash, and a case over {@value #HANG_SECONDS} s a hang; both fail the test with the seed and case.
 *
 * <p>Why not Jazzer (coverage-guided, jazzer-junit 0.30.0 on Maven Central): it does run here on Java 17
 * under JUnit 5.14.1 (with the JUnit BOM aligning its transitive JUnit jars), but it fuzzes only with
 * JAZZER_FUZZ=1 in the environment, one fuzz test per run, loads its agent and sanitizer hooks into the
 * test JVM (about 1.2 GB resident for a trivial target) and extracts native libraries into the temporary
 * folder; a plain seeded fuzzer gives CI all seven targets in one ordinary run, with fixed counts. Budget: {@value #DEFAULT_CASES} cases
 * per target in CI; {@code -Dfatecg.fuzz.cases=N} for a longer run and {@code -Dfatecg.fuzz.seed=S} for
 * another sequence.
 */
class HostileInputFuzzTest {
    static final int DEFAULT_CASES = 1000;
    static final int HANG_SECONDS = 10;

    @TempDir
    Path dir;

    private final long seed = Long.getLong("fatecg.fuzz.seed", 20261202L);
    private final int cases = Integer.getInteger("fatecg.fuzz.cases", DEFAULT_CASES);

    /** A reader under test: reads the file(s) it is given, throwing on bad input. */
    interface Target {
        void read(Path file) throws Exception;
    }

    record Counts(int accepted, int cleanErrors, double seconds) {}

    private static final byte[] INTERESTING = {0, 1, -1, 0x7f, (byte) 0x80, '-', '9', '.', ' ', '\n', '"', '[', '{'};
    private static final String[] NUMBERS = {
        "0",
        "-1",
        "-0",
        "1e-320",
        "1e308",
        "NaN",
        "Infinity",
        "2147483648",
        "-2147483649",
        "9223372036854775808",
        "99999999999999999999",
        "0x10",
        "1.5"
    };

    static byte[] mutate(byte[] in, SplittableRandom r) {
        byte[] b = in.clone();
        int n = 1 + r.nextInt(8);
        for (int m = 0; m < n; m++) {
            int len = b.length;
            int at = len == 0 ? 0 : r.nextInt(len);
            switch (r.nextInt(7)) {
                case 0 -> {
                    if (len > 0) b[at] ^= (byte) (1 << r.nextInt(8));
                }
                case 1 -> {
                    if (len > 0) b[at] = INTERESTING[r.nextInt(INTERESTING.length)];
                }
                case 2 -> b = splice(b, at, 0, randomBytes(r, 1 + r.nextInt(16)));
                case 3 -> b = splice(b, at, Math.min(len - at, 1 + r.nextInt(16)), new byte[0]);
                case 4 -> {
                    int from = len == 0 ? 0 : r.nextInt(len);
                    int l = Math.min(len - from, 1 + r.nextInt(64));
                    byte[] chunk = java.util.Arrays.copyOfRange(b, from, from + l);
                    b = splice(b, at, 0, chunk);
                }
                case 5 -> b = java.util.Arrays.copyOf(b, at);
                default -> b = replaceNumber(b, r);
            }
        }
        return b;
    }

    private static byte[] randomBytes(SplittableRandom r, int n) {
        byte[] x = new byte[n];
        for (int i = 0; i < n; i++) x[i] = (byte) r.nextInt(256);
        return x;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }

    /** Replaces one run of ASCII digits with an extreme number (text formats live and die by their numbers). */
    private static byte[] replaceNumber(byte[] b, SplittableRandom r) {
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < b.length; ) {
            if (b[i] >= '0' && b[i] <= '9') {
                int j = i;
                while (j < b.length && b[j] >= '0' && b[j] <= '9') j++;
                runs.add(new int[] {i, j});
                i = j;
            } else i++;
        }
        if (runs.isEmpty()) return b;
        int[] run = runs.get(r.nextInt(runs.size()));
        byte[] num = NUMBERS[r.nextInt(NUMBERS.length)].getBytes(StandardCharsets.US_ASCII);
        return splice(b, run[0], run[1] - run[0], num);
    }

    /** Runs {@code cases} mutants of {@code valid} through target; fails on a crash or hang; returns the counts. */
    private Counts fuzz(String name, byte[] valid, Path file, Target target) throws Exception {
        Files.write(file, valid);
        target.read(file); // the seed itself must be accepted, or the fuzzer only ever tests the first check
        SplittableRandom r = new SplittableRandom(seed ^ name.hashCode());
        ExecutorService pool = Executors.newSingleThreadExecutor(t -> {
            Thread th = new Thread(t, "fuzz-" + name);
            th.setDaemon(true);
            return th;
        });
        int accepted = 0, clean = 0;
        long t0 = System.nanoTime();
        try {
            for (int c = 0; c < cases; c++) {
                byte[] input = mutate(valid, r);
                Files.write(file, input);
                Future<?> f = pool.submit(() -> {
                    target.read(file);
                    return null;
                });
                try {
                    f.get(HANG_SECONDS, TimeUnit.SECONDS);
                    accepted++;
                } catch (TimeoutException e) {
                    f.cancel(true);
                    throw new AssertionError(name + " case " + c + " (seed " + seed + ") hangs on "
                            + java.util.HexFormat.of().formatHex(input));
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable t = e.getCause();
                    boolean isClean = (t instanceof IOException || t instanceof IllegalArgumentException)
                            && t.getMessage() != null
                            && !t.getMessage().isBlank();
                    if (!isClean)
                        throw new AssertionError(
                                name + " case " + c + " (seed " + seed + ") crashes: " + t + " on input "
                                        + java.util.HexFormat.of().formatHex(input),
                                t);
                    clean++;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Counts(accepted, clean, (System.nanoTime() - t0) / 1e9);
    }

    private static byte[] header() {
        return ("900 2 360 400\r\n900.dat 212 200 11 1024 0 11784 0 MLII\r\n900.dat 212 200 11 1024 0 11784 0 V1\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The header with each signal line cut after its first value (checksum, block size and name are optional). */
    private static byte[] headerWithoutChecksums() {
        return ("900 2 360 400\r\n900.dat 212 200 11 1024 0\r\n900.dat 212 200 11 1024 0\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Format 212, two signals, 400 samples each: 3 bytes per sample pair; a ramp so values differ. */
    private static byte[] signal() {
        byte[] b = new byte[400 * 3];
        for (int t = 0; t < 400; t++) {
            int v = (t * 7) % 2048;
            b[3 * t] = (byte) v;
            b[3 * t + 1] = (byte) (((v >> 8) & 0x0f) | (((v >> 8) & 0x0f) << 4));
            b[3 * t + 2] = (byte) v;
        }
        return b;
    }

    /** Normal beats (code 1) every 100 samples from 100, then the end-of-file word. */
    private static byte[] annotations() {
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        for (int k = 0; k < 3; k++) {
            int w = (1 << 10) | 100;
            a.write(w & 0xff);
            a.write(w >> 8);
        }
        a.write(0);
        a.write(0);
        return a.toByteArray();
    }

    private static byte[] safetensors(Path scratch) throws IOException {
        Map<String, Safetensors.Entry> t = new LinkedHashMap<>();
        t.put("conv.weight", Safetensors.Entry.f32(new int[] {2, 1, 3}, new float[] {1, 2, 3, 4, 5, 6}));
        t.put("steps", Safetensors.Entry.i64(new int[] {}, new long[] {7}));
        Safetensors.write(scratch, t, Map.of("format", "pt"));
        return Files.readAllBytes(scratch);
    }

    @Test
    void everyReaderEndsInAResultOrACleanError() throws Exception {
        Map<String, Counts> counts = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        Path rec = Files.createDirectories(dir.resolve("wfdb"));
        Files.write(rec.resolve("900.hea"), header());
        Files.write(rec.resolve("900.dat"), signal());
        Files.write(rec.resolve("900.atr"), annotations());
        Target load = f -> MitBih.load(rec, List.of("900"), WindowSettings.PAPER, null, null);
        counts.put("WFDB header", fuzz("header", header(), rec.resolve("900.hea"), f -> {
            WfdbHeader.read(rec, "900");
            load.read(f);
        }));
        // Without checksums in the header, so that mutated samples reach the decoder and the windowing
        // instead of all failing the checksum comparison.
        Files.write(rec.resolve("900.hea"), headerWithoutChecksums());
        counts.put("WFDB signal", fuzz("signal", signal(), rec.resolve("900.dat"), load));
        Files.write(rec.resolve("900.hea"), header());
        Files.write(rec.resolve("900.dat"), signal());
        counts.put("WFDB annotations", fuzz("annotations", annotations(), rec.resolve("900.atr"), f -> {
            AnnotationReader.read(rec, "900", "atr", 400);
            load.read(f);
        }));
        counts.put(
                "safetensors",
                fuzz(
                        "safetensors",
                        safetensors(dir.resolve("seed.safetensors")),
                        dir.resolve("m.safetensors"),
                        Safetensors::read));
        byte[] state = ("{\n  \"format\": \"fatecg-checkpoint\",\n  \"version\": 1,\n  \"seed\": 42,\n  \"round\": 3,\n"
                        + "  \"federations\": [{\"name\": \"fat\", \"round\": 3, \"weights\": \"w.safetensors\","
                        + " \"sha256\": \"ab\", \"history\": [{\"round\": 0, \"loss\": 0.5e-3}]}],\n"
                        + "  \"extra\": {\"config\": {\"rounds\": \"3\"}}\n}\n")
                .getBytes(StandardCharsets.UTF_8);
        counts.put("JSON (state.json)", fuzz("json", state, dir.resolve("state.json"), Json::read));
        counts.put("checkpoint", fuzzCheckpoint());
        byte[] config = Files.readAllBytes(Path.of("src/main/resources/org/fatecg/cli/presets/paper.properties"));
        counts.put("config file", fuzz("config", config, dir.resolve("config.properties"), f -> {
            RunDefaults.readProperties(f);
            firstLine(
                    Main.commandLine(),
                    "run",
                    "--config",
                    f.toString(),
                    "--data",
                    dir.resolve("none").toString(),
                    "--rounds",
                    "0");
        }));
        double seconds = (System.nanoTime() - t0) / 1e9;
        StringBuilder report = new StringBuilder(String.format(
                "fuzz: seed %d, %d cases per target, %.1f s, 0 crashes, 0 hangs%n", seed, cases, seconds));
        for (Map.Entry<String, Counts> e : counts.entrySet())
            report.append(String.format(
                    "  %-18s %5d accepted, %5d clean errors, %5.1f s%n",
                    e.getKey(),
                    e.getValue().accepted(),
                    e.getValue().cleanErrors(),
                    e.getValue().seconds()));
        System.out.print(report);
        for (Counts c : counts.values()) assertEquals(cases, c.accepted() + c.cleanErrors());
    }

    /**
     * The resume path's reader, Checkpoint.read: a checkpoint of a 2-in, 5-out linear model at round 0 with
     * one evaluated condition, its weights file hashed into state.json. The mutants are of state.json (a
     * mutated weights file fails its hash first; the safetensors target covers that reader).
     */
    private Counts fuzzCheckpoint() throws Exception {
        Path ck = Files.createDirectories(dir.resolve("checkpoint"));
        Layers.Sequential net = new Layers.Sequential().add("fc", new Layers.Linear(2, 5, true, new Rng(1)));
        WeightLayout layout = new WeightLayout(net);
        Path weights = ck.resolve("fat-round-000.safetensors");
        Safetensors.write(weights, layout.toEntries(layout.flatten(net)), Map.of("round", "0"));
        String sha = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(weights)));
        String confusion = "[[3,0,0,0,1],[0,2,0,0,0],[0,0,1,0,0],[0,0,0,0,0],[1,0,0,0,0]]";
        byte[] state = ("{\n  \"format\": \"fatecg-checkpoint\",\n  \"version\": 1,\n  \"seed\": 42,\n"
                        + "  \"seed_scheme\": " + Seeds.SCHEME
                        + ",\n  \"round\": 0,\n  \"federations\": [{\"name\": \"FAT\","
                        + " \"round\": 0, \"weights\": \"fat-round-000.safetensors\", \"sha256\": \"" + sha + "\","
                        + " \"history\": [{\"round\": 0, \"clients\": [{\"client\": 1, \"examples\": 64,"
                        + " \"mean_loss\": 0.5e-3, \"steps\": 2, \"nanos\": 1000}], \"fit_nanos\": 5, \"eval_nanos\": 7,"
                        + " \"results\": {\"clean\": {\"confusion\": " + confusion
                        + ", \"published\": [0.9, 0.8, 0.85, 2],"
                        + " \"perturbation\": [0.0, 0.0, \"inf\", 0]}}}]}],\n"
                        + "  \"extra\": {\"config\": {\"rounds\": \"3\"}}\n}\n")
                .getBytes(StandardCharsets.UTF_8);
        return fuzz("checkpoint", state, ck.resolve(Checkpoint.STATE), f -> Checkpoint.read(ck, layout));
    }

    /** Parses a command line only (no run): picocli's conversions of the file's values, our option checks. */
    private static void firstLine(picocli.CommandLine cl, String... args) {
        try {
            cl.parseArgs(args);
        } catch (picocli.CommandLine.ParameterException e) {
            if (e.getMessage() == null || e.getMessage().isBlank())
                throw new IllegalStateException("bare usage error", e);
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
