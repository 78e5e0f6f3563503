package org.fatecg.flower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fatecg.attack.AttackSettings;
import org.fatecg.attack.Bim;
import org.fatecg.attack.Condition;
import org.fatecg.attack.CwL2;
import org.fatecg.attack.Fgsm;
import org.fatecg.attack.Pgd;
import org.fatecg.data.BeatDataset;
import org.fatecg.fl.FitConfig;
import org.fatecg.fl.RunConfig;
import org.fatecg.fl.TinyBeats;
import org.fatecg.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * fatecg SuperNodes in real Flower federations on 127.0.0.1: an unmodified Flower 1.26.1 SuperLink from the
 * rig, Flower's own Python SuperNode beside the fatecg node, the repository's Flower app (flower-app/) as
 * the ServerApp. Tiny synthetic beats keep each round to seconds.
 */
class FlowerFederationTest {
    private static final Path APP = Path.of("..", "flower-app").toAbsolutePath().normalize();
    private static final BeatDataset DATA = TinyBeats.make(60, 7);
    /** Cheap attack settings so that evaluation takes no time; FAT trains against a 2-step PGD. */
    private static final RunConfig.Attacks CHEAP = new RunConfig.Attacks(
            new Pgd.Settings(8f / 255, 3f / 255, 2, true),
            AttackSettings.paper()
                    .withPgd(new Pgd.Settings(8f / 255, 2f / 255, 2, true))
                    .withFgsm(new Fgsm.Settings(8f / 255))
                    .withCw(new CwL2.Settings(1, 0, 2, 0.01f))
                    .withBim(new Bim.Settings(8f / 255, 2f / 255, 2)));

    /** The node of partition 3: 40 training beats, 20 test beats. */
    static FatApp app() {
        return new FatApp(
                DATA,
                TinyBeats.range(0, 40),
                TinyBeats.range(40, 60),
                3,
                0,
                FitConfig.paper(),
                CHEAP,
                Condition.PAPER,
                32);
    }

    /** A fatecg node on its own thread; its log lines collect in {@code log}. */
    static final class Node implements AutoCloseable {
        final SuperNode node;
        final Thread thread;
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        volatile Throwable failure;

        Node(SuperNode.Options o, MessageHandler h) {
            node = new SuperNode(o, h, new PrintStream(log, true, StandardCharsets.UTF_8));
            thread = new Thread(
                    () -> {
                        try {
                            node.run();
                        } catch (Throwable t) {
                            failure = t;
                        }
                    },
                    "test-supernode");
            thread.start();
        }

        String log() {
            return log.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws InterruptedException {
            node.stop();
            thread.join(20_000);
        }
    }

    static SuperNode.Options options(String address, Path ca, NodeKeys keys, boolean selfRegister) {
        return new SuperNode.Options(address, ca, keys, selfRegister, 10, 0.2, 64L << 20);
    }

    /** Submits the app for one FAT round and waits for its flower-run.json. */
    private static Map<String, Object> oneRound(FlowerRig rig, Path work) throws Exception {
        return run(
                rig,
                work,
                "num-server-rounds=1 min-nodes=2 fraction-train=1.0 fat=true local-epochs=1 batch-size=16 "
                        + "train-pgd-steps=2 attacks=\"clean,fgsm\" round-timeout=120",
                150);
    }

    /**
     * Submits the app (initial weights of seed 0, output in work/out) with the run config {@code cfg} and
     * waits up to {@code seconds} for its flower-run.json to say "ok".
     */
    static Map<String, Object> run(FlowerRig rig, Path work, String cfg, int seconds) throws Exception {
        Path init = work.resolve("initial.npz"), out = work.resolve("out");
        Npz.write(init, FatApp.initialArrays(0));
        String runId = rig.ok(
                120,
                "submit-run.sh",
                APP.toString(),
                "initial-weights=\"" + init + "\" out-dir=\"" + out + "\" " + cfg);
        Path result = out.resolve("flower-run.json");
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(result)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> doc = (Map<String, Object>) Json.parse(Files.readString(result));
                if (!"running".equals(doc.get("status"))) {
                    assertEquals("ok", doc.get("status"), "run " + runId + ": " + doc + rig.logs());
                    return doc;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("run " + runId + " did not finish in " + seconds + " s" + rig.logs());
    }

    /** What the fatecg node trains in round 1, computed here without Flower (the same client step). */
    private static float[] expectedUpdate() throws Exception {
        Records msg = new Records(Map.of(
                "arrays",
                new Records.ArrayRecord(FatApp.initialArrays(0)),
                "config",
                new Records.ConfigRecord(Map.of(
                        "fat",
                        true,
                        "local-epochs",
                        1L,
                        "batch-size",
                        16L,
                        "train-pgd-steps",
                        2L,
                        "server-round",
                        1L,
                        "lr",
                        0.001,
                        "train-pgd-eps",
                        8.0 / 255,
                        "train-pgd-alpha",
                        3.0 / 255))));
        Records r = app().handle("train", msg);
        return flat(r.get("arrays", Records.ArrayRecord.class).arrays());
    }

    private static float[] flat(Map<String, Npy.Array> arrays) {
        FatApp a = app();
        float[] out = new float[a.layout().size()];
        int off = 0;
        for (String name : a.layout().names()) {
            float[] v = arrays.get(name).floats();
            System.arraycopy(v, 0, out, off, v.length);
            off += v.length;
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void checkRound(Map<String, Object> doc, Path work, float[] expected) throws IOException {
        // Flower's Python node trains nothing and reports 0 examples, so FedAvg's weighted mean is exactly the fatecg
        // node's update
        assertArrayEquals(expected, flat(Npz.read(work.resolve("out").resolve("final.npz"), 1 << 26)));
        Map<String, Object> ev = (Map<String, Object>) ((Map<String, Object>) doc.get("evaluate")).get("1");
        for (String c : List.of("clean", "fgsm")) {
            long sum = 0;
            for (Object n : (List<Object>) ev.get("confusion-" + c)) sum += (Long) n;
            assertEquals(20, sum, "the node's 20 test beats are counted once under " + c);
        }
        assertEquals(2, ((List<Object>) doc.get("nodes_seen")).size());
    }

    @Test
    @Timeout(300)
    void oneInsecureRoundBesideFlowersPythonNode(@TempDir Path work) throws Exception {
        FlowerRig.assumeAvailable(work);
        FlowerRig rig = new FlowerRig(work);
        float[] expected = expectedUpdate();
        try {
            rig.ok(90, "superlink.sh", "insecure");
            try (Node java =
                    new Node(options(rig.env("FLOWER_FLEET_ADDRESS"), null, NodeKeys.generate(), true), app())) {
                rig.ok(90, "supernode.sh", "py1");
                checkRound(oneRound(rig, work), work, expected);
                java.close();
                assertEquals(null, java.failure);
                assertTrue(java.log().contains("deactivated, unregistered"), java.log());
                assertEquals(2, java.node.replies(), java.log());
            }
        } finally {
            rig.stop();
        }
    }

    @Test
    @Timeout(300)
    void tlsWithNodeAuthenticationAndItsRefusals(@TempDir Path work) throws Exception {
        FlowerRig.assumeAvailable(work);
        FlowerRig rig = new FlowerRig(work);
        float[] expected = expectedUpdate();
        try {
            rig.ok(90, "superlink.sh", "tls-auth");
            String address = rig.env("FLOWER_FLEET_ADDRESS");
            Path ca = Path.of(rig.env("FLOWER_CA"));
            Path keys = work.resolve("keys");
            rig.ok(30, "gen-keys.sh", "java1");
            rig.ok(60, "register-node.sh", keys.resolve("java1.pub").toString());
            rig.ok(30, "gen-keys.sh", "py1");
            rig.ok(60, "register-node.sh", keys.resolve("py1.pub").toString());

            // an unregistered key is refused, and says so
            FlowerException refused = assertThrows(
                    FlowerException.class,
                    () -> new SuperNode(
                                    options(address, ca, NodeKeys.generate(), false),
                                    app(),
                                    new PrintStream(new ByteArrayOutputStream()))
                            .run());
            assertTrue(refused.getMessage().contains("not registered"), refused.getMessage());
            // a CA that did not sign the SuperLink's certificate fails the TLS handshake, and says so
            Path otherCa = rig.foreignCa();
            FlowerException tls = assertThrows(
                    FlowerException.class,
                    () -> new SuperNode(
                                    options(
                                            address,
                                            otherCa,
                                            NodeKeys.load(
                                                    keys.resolve("java1.pk8.pem"), keys.resolve("java1.spki.pem")),
                                            false),
                                    app(),
                                    new PrintStream(new ByteArrayOutputStream()))
                            .run());
            assertTrue(tls.getMessage().contains("TLS"), tls.getMessage());

            NodeKeys java1 = NodeKeys.load(keys.resolve("java1.pk8.pem"), keys.resolve("java1.spki.pem"));
            try (Node java = new Node(options(address, ca, java1, false), app())) {
                rig.ok(90, "supernode.sh", "py1", "--key", keys.resolve("py1").toString());
                checkRound(oneRound(rig, work), work, expected);
                java.close();
                assertEquals(null, java.failure);
                assertTrue(java.log().contains("(TLS)") && java.log().contains("(deactivated)"), java.log());
            }
        } finally {
            rig.stop();
        }
    }
}
