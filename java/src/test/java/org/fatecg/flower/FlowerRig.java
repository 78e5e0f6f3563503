package org.fatecg.flower;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Flower test rig beside the repository (../shared/flower: a vendored Flower 1.26.1 with scripts that
 * start a SuperLink on 127.0.0.1, Python SuperNodes and runs). Tests that need it skip visibly when it is
 * absent or its setup fails. Every script runs with FLOWER_WORK, a temp folder holding all its state.
 */
final class FlowerRig {
    static final Path DIR = org.fatecg.SharedFiles.find("flower/superlink.sh") == null
            ? Path.of("..", "shared", "flower").toAbsolutePath()
            : org.fatecg.SharedFiles.find("flower/superlink.sh").getParent();
    private static String setupProblem;
    private static boolean setupDone;

    final Path work;

    FlowerRig(Path work) {
        this.work = work;
    }

    /** Skips the calling test (with the reason on the console) unless the rig is there and set up. */
    static void assumeAvailable(Path work) {
        String why = null;
        if (!Files.isRegularFile(DIR.resolve("superlink.sh"))) why = "no Flower rig at " + DIR;
        else {
            synchronized (FlowerRig.class) {
                if (!setupDone) {
                    setupDone = true;
                    try {
                        Result r = new FlowerRig(work).script(120, "setup.sh");
                        if (r.code != 0) setupProblem = "the rig's setup.sh failed: " + r.err.trim();
                    } catch (IOException e) {
                        setupProblem = "the rig's setup.sh could not run: " + e.getMessage();
                    }
                }
            }
            why = setupProblem;
        }
        if (why != null) System.out.println("SKIPPED (Flower rig): " + why);
        assumeTrue(why == null, why);
    }

    record Result(int code, String out, String err) {}

    Result script(int timeoutSeconds, String name, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", DIR.resolve(name).toString()));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("FLOWER_WORK", work.toString());
        Path out = Files.createTempFile(work, "out", ".txt"), err = Files.createTempFile(work, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Result(
                        124,
                        Files.readString(out),
                        Files.readString(err) + "\n(timed out after " + timeoutSeconds + " s)");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Runs a script that must succeed; returns its one line of output. */
    String ok(int timeoutSeconds, String name, String... args) throws IOException {
        Result r = script(timeoutSeconds, name, args);
        if (r.code != 0)
            throw new AssertionError(
                    name + " " + String.join(" ", args) + " failed (" + r.code + "): " + r.err + "\n" + r.out + logs());
        return r.out.trim();
    }

    String env(String key) throws IOException {
        for (String line : Files.readAllLines(work.resolve("superlink.env")))
            if (line.startsWith(key + "="))
                return line.substring(key.length() + 1).replaceAll("^['\"]|['\"]$", "");
        throw new AssertionError("superlink.env has no " + key);
    }

    String logs() {
        StringBuilder sb = new StringBuilder();
        try (var files = Files.list(work.resolve("logs"))) {
            for (Path f : files.toList()) {
                List<String> lines = Files.readAllLines(f);
                sb.append("\n--- ").append(f.getFileName()).append(" (last 25 lines)\n");
                sb.append(String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size())));
            }
        } catch (IOException e) {
            sb.append("\n(no logs: ").append(e.getMessage()).append(')');
        }
        return sb.toString();
    }

    void stop() {
        try {
            script(60, "stop.sh");
        } catch (IOException e) {
            System.out.println("stop.sh failed: " + e.getMessage());
        }
    }

    /**
     * A self-signed CA certificate (work/foreign-ca.pem) that did not sign the SuperLink's certificate: a
     * node that trusts only it must fail the TLS handshake.
     */
    Path foreignCa() throws IOException, InterruptedException {
        Path ca = work.resolve("foreign-ca.pem");
        Process p = new ProcessBuilder(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "ec",
                        "-pkeyopt",
                        "ec_paramgen_curve:P-256",
                        "-nodes",
                        "-subj",
                        "/CN=foreign",
                        "-days",
                        "1",
                        "-keyout",
                        work.resolve("foreign-ca.key").toString(),
                        "-out",
                        ca.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new AssertionError("openssl could not make a CA: " + out);
        return ca;
    }

    /** refvectors.sh's JSON (objects and ids made by flwr itself). */
    Map<String, Object> refVectors() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) org.fatecg.io.Json.parse(ok(120, "refvectors.sh"));
        return m;
    }
}
