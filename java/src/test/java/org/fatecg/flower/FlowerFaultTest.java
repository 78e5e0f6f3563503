package org.fatecg.flower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fatecg.SharedFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of a real Flower federation on 127.0.0.1 (the rig's unmodified Flower 1.26.1 SuperLink): a
 * {@code fatecg supernode} process killed mid-round, a SuperLink restarted under a running node, the
 * node's own refusals (wrong CA, unregistered key) as the user sees them (message and exit status), and
 * SIGTERM. The node processes are child JVMs running the real CLI on one MIT-BIH record, each stopped by
 * its own handle; the rig's processes are stopped by stop.sh, which kills by recorded pid.
 */
class FlowerFaultTest {
    private static final Pattern TEST_BEATS = Pattern.compile("training beats, (\\d+) test beats");

    /** A {@code fatecg supernode} child JVM (record 100, partition 1 of 4, one thread), its output in a file. */
    private static final class CliNode implements AutoCloseable {
        final Process process;
        final Path log;

        CliNode(Path work, String name, String address, Path data, String... security) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-modules=jdk.incubator.vector",
                    "-Xmx512m",
                    "-XX:+UseSerialGC",
                    "-cp",
                    System.getProperty("java.class.path"),
                    "org.fatecg.cli.Main",
                    "supernode",
                    "--superlink",
                    address,
                    "--data",
                    data.toString(),
                    "--cache-dir",
                    work.resolve("cache").toString(),
                    "--records",
                    "100",
                    "--num-partitions",
                    "4",
                    "--partition-id",
                    "1",
                    "--test-beats",
                    "40",
                    "--heartbeat-interval",
                    "10",
                    "--poll-interval",
                    "0.2",
                    "--threads",
                    "1",
                    "--device",
                    "cpu"));
            cmd.addAll(List.of(security));
            log = work.resolve("node-" + name + ".log");
            process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        }

        String log() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }

        /** Waits for the exit status; fails naming the log when the node is still running. */
        int exit(int seconds) throws InterruptedException {
            assertTrue(
                    process.waitFor(seconds, TimeUnit.SECONDS),
                    "node still running after " + seconds + " s:\n" + log());
            return process.exitValue();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private static void await(int seconds, String what, BooleanSupplier done, FlowerRig rig) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline)
                throw new AssertionError(what + " did not happen in " + seconds + " s" + rig.logs());
            Thread.sleep(50);
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
        return n;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> round(Map<String, Object> doc, String phase, int round) {
        return (Map<String, Object>) ((Map<String, Object>) doc.get(phase)).get(String.valueOf(round));
    }

    @SuppressWarnings("unchecked")
    private static long sum(Object counts) {
        long s = 0;
        for (Object n : (List<Object>) counts) s += ((Number) n).longValue();
        return s;
    }

    /** A plain two-round run (clean evaluation only) that needs one node per round at least. */
    private static final String TWO_PLAIN_ROUNDS = "num-server-rounds=2 min-nodes=1 fraction-train=1.0 fat=false "
            + "local-epochs=1 batch-size=32 attacks=\"clean\" round-timeout=60";

    @Test
    @Timeout(300)
    void aNodeKilledMidRoundCostsThatRoundItsUpdateOnlyAndRejoinsWhenRestarted(@TempDir Path work) throws Exception {
        FlowerRig.assumeAvailable(work);
        Path data = SharedFiles.require("data/mitdb");
        FlowerRig rig = new FlowerRig(work);
        try {
            rig.ok(90, "superlink.sh", "insecure");
            String address = rig.env("FLOWER_FLEET_ADDRESS");
            String[] insecure = {"--insecure"};
            try (FlowerFederationTest.Node steady = new FlowerFederationTest.Node(
                            FlowerFederationTest.options(address, null, NodeKeys.generate(), true),
                            FlowerFederationTest.app());
                    CliNode doomed = new CliNode(work, "doomed", address, data, insecure)) {
                await(
                        90,
                        "both nodes joining",
                        () -> steady.log().contains("joined") && doomed.log().contains("joined"),
                        rig);
                AtomicReference<Map<String, Object>> doc = new AtomicReference<>();
                AtomicReference<Throwable> failed = new AtomicReference<>();
                Thread runner = new Thread(() -> {
                    try {
                        doc.set(FlowerFederationTest.run(rig, work, TWO_PLAIN_ROUNDS, 200));
                    } catch (Throwable t) {
                        failed.set(t);
                    }
                });
                runner.start();
                // SIGKILL as soon as the train message is in: the node dies mid-round, before its reply
                await(
                        120,
                        "the train message reaching the doomed node",
                        () -> doomed.log().contains("train message"),
                        rig);
                doomed.process.destroyForcibly();
                doomed.process.waitFor(20, TimeUnit.SECONDS);
                try (CliNode again = new CliNode(work, "restarted", address, data, insecure)) {
                    runner.join(220_000);
                    if (failed.get() != null) throw new AssertionError("the run failed", failed.get());
                    assertTrue(doc.get() != null, "the run did not end" + rig.logs());
                    // round 1: the killed node's update is lost, the steady node's (partition 3, 40 beats) counts
                    Map<String, Object> train1 = round(doc.get(), "train", 1), train2 = round(doc.get(), "train", 2);
                    assertEquals(List.of(3L), train1.get("partition-ids"), "round 1 trainers: " + train1);
                    assertEquals(List.of(40L), train1.get("client-examples"), "round 1: " + train1);
                    // round 2: the restarted node (partition 1) trains again beside the steady one
                    @SuppressWarnings("unchecked")
                    List<Object> ids2 = new ArrayList<>((List<Object>) train2.get("partition-ids"));
                    ids2.sort(null);
                    assertEquals(List.of(1L, 3L), ids2, "round 2 trainers: " + train2 + "\n" + again.log());
                    Matcher m = TEST_BEATS.matcher(again.log());
                    assertTrue(m.find(), again.log());
                    long restartedTest = Long.parseLong(m.group(1));
                    assertEquals(
                            20 + restartedTest,
                            sum(round(doc.get(), "evaluate", 2).get("confusion-clean")),
                            "round 2 evaluates each node's test beats once");
                    // SIGTERM: the node signs off (deactivated, unregistered) and the JVM ends (143 = 128 + SIGTERM)
                    again.process.destroy();
                    assertEquals(143, again.exit(30), again.log());
                    assertTrue(again.log().contains("left the SuperLink (deactivated, unregistered)"), again.log());
                }
                assertNull(steady.failure, steady.log());
            }
        } finally {
            rig.stop();
        }
    }

    @Test
    @Timeout(240)
    void theNodeRejoinsARestartedSuperLinkAndServesIt(@TempDir Path work) throws Exception {
        FlowerRig.assumeAvailable(work);
        FlowerRig rig = new FlowerRig(work);
        try {
            rig.ok(90, "superlink.sh", "insecure");
            String address = rig.env("FLOWER_FLEET_ADDRESS");
            try (FlowerFederationTest.Node node = new FlowerFederationTest.Node(
                    FlowerFederationTest.options(address, null, NodeKeys.generate(), true),
                    FlowerFederationTest.app())) {
                await(60, "the node joining", () -> node.log().contains("joined"), rig);
                rig.ok(60, "stop.sh");
                await(
                        60,
                        "the node noticing the SuperLink gone",
                        () -> node.log().contains("unreachable"),
                        rig);
                rig.ok(90, "superlink.sh", "insecure"); // in-memory state: the new SuperLink knows no node
                await(90, "the node joining again", () -> count(node.log(), "joined") >= 2, rig);
                Map<String, Object> doc = FlowerFederationTest.run(
                        rig, work, TWO_PLAIN_ROUNDS.replace("num-server-rounds=2", "num-server-rounds=1"), 120);
                assertEquals(List.of(3L), round(doc, "train", 1).get("partition-ids"), node.log());
                assertEquals(20L, sum(round(doc, "evaluate", 1).get("confusion-clean")), node.log());
                node.close();
                assertNull(node.failure, node.log());
                assertTrue(node.log().contains("retrying in"), node.log());
            }
        } finally {
            rig.stop();
        }
    }

    @Test
    @Timeout(240)
    void wrongCertificatesAndUnregisteredKeysEndTheNodeWithAReasonAndStatus1(@TempDir Path work) throws Exception {
        FlowerRig.assumeAvailable(work);
        Path data = SharedFiles.require("data/mitdb");
        FlowerRig rig = new FlowerRig(work);
        try {
            rig.ok(90, "superlink.sh", "tls-auth");
            String address = rig.env("FLOWER_FLEET_ADDRESS");
            rig.ok(30, "gen-keys.sh", "stranger"); // made, never registered
            Path keys = work.resolve("keys");
            String[] stranger = {
                "--auth-private-key",
                keys.resolve("stranger.pk8.pem").toString(),
                "--auth-public-key",
                keys.resolve("stranger.spki.pem").toString()
            };
            // a CA that did not sign the SuperLink's certificate
            Path otherCa = rig.foreignCa();
            List<String> wrongCa = new ArrayList<>(List.of("--root-certificates", otherCa.toString()));
            wrongCa.addAll(List.of(stranger));
            try (CliNode node = new CliNode(work, "wrong-ca", address, data, wrongCa.toArray(String[]::new))) {
                assertEquals(1, node.exit(90), node.log());
                assertTrue(node.log().contains("fatecg: TLS with the SuperLink at " + address + " failed"), node.log());
                assertTrue(node.log().contains("is " + otherCa + " the CA that signed its certificate?"), node.log());
                assertTrue(!node.log().contains("\tat "), "no stack trace:\n" + node.log());
            }
            List<String> unregistered = new ArrayList<>(List.of("--root-certificates", rig.env("FLOWER_CA")));
            unregistered.addAll(List.of(stranger));
            try (CliNode node = new CliNode(work, "stranger", address, data, unregistered.toArray(String[]::new))) {
                assertEquals(1, node.exit(90), node.log());
                assertTrue(
                        node.log().contains("refused this node: its public key is not registered there"), node.log());
                assertTrue(!node.log().contains("\tat "), "no stack trace:\n" + node.log());
            }
        } finally {
            rig.stop();
        }
    }
}
