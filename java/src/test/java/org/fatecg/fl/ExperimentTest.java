package org.fatecg.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fatecg.attack.AttackSettings;
import org.fatecg.attack.Bim;
import org.fatecg.attack.Condition;
import org.fatecg.attack.CwL2;
import org.fatecg.attack.Pgd;
import org.fatecg.data.BeatDataset;
import org.fatecg.data.SplitConfig;
import org.fatecg.eval.ConditionResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole federations on a tiny synthetic set: determinism, in-process resume, checkpoint corruption. */
class ExperimentTest {
    static final BeatDataset DATA = TinyBeats.make(60, 11);

    static RunConfig tiny(long seed, int rounds) {
        Pgd.Settings pgd2 = Pgd.Settings.paper().withAlpha(2f / 255).withSteps(2);
        AttackSettings tests = AttackSettings.paper()
                .withPgd(pgd2)
                .withCw(CwL2.Settings.paper().withSteps(3))
                .withBim(Bim.Settings.paper().withSteps(2));
        FitConfig fit = FitConfig.paper().withEpochs(1).withBatchSize(10).withMaxExamples(10);
        return new RunConfig(
                "test",
                seed,
                new RunConfig.Data(Path.of("none"), "1", List.of()),
                SplitConfig.paper(seed).withClients(4),
                new RunConfig.Federation(List.of("nonfat", "fat"), 2, rounds, fit, new AggregationRule.FedAvg()),
                new RunConfig.Attacks(pgd2, tests),
                new RunConfig.Eval(List.of(Condition.CLEAN, Condition.FGSM, Condition.PGD), 1, 12, 5));
    }

    /** Round records without their timings, as text: what must repeat exactly. */
    static String fingerprint(List<Simulation> sims) {
        StringBuilder b = new StringBuilder();
        for (Simulation s : sims) {
            b.append(s.name())
                    .append(' ')
                    .append(java.util.Arrays.hashCode(s.global()))
                    .append('\n');
            for (RoundRecord r : s.history()) {
                b.append(r.round());
                for (RoundRecord.ClientRecord c : r.clients())
                    b.append(" c")
                            .append(c.client())
                            .append(':')
                            .append(c.numExamples())
                            .append(':')
                            .append(c.meanLoss());
                for (ConditionResult cr : r.results().values())
                    b.append(' ').append(cr.condition()).append(cr.confusion()).append(cr.asPublished());
                b.append('\n');
            }
        }
        return b.toString();
    }

    /** A listener that appends "federation/round/clientId" to order as each client starts. */
    static FederationListener recordingStarts(List<String> order) {
        return new FederationListener() {
            @Override
            public void clientStarted(String federation, int round, int index, int count, int clientId) {
                order.add(federation + "/" + round + "/" + clientId);
            }
        };
    }

    @Test
    void sameSeedSameEverythingAndAnotherSeedDiffers(@TempDir Path dir) throws IOException {
        List<String> order = new ArrayList<>();
        FederationListener spy = recordingStarts(order);
        Experiment a = new Experiment(tiny(5, 2), DATA, spy, null);
        a.run(dir.resolve("a"), false, Map.of(), (r, s) -> {});
        List<String> firstOrder = new ArrayList<>(order);
        order.clear();
        Experiment b = new Experiment(tiny(5, 2), DATA, spy, null);
        b.run(dir.resolve("b"), false, Map.of(), (r, s) -> {});
        assertEquals(firstOrder, order, "client order");
        assertEquals(8, order.size()); // 2 federations x 2 rounds x 2 clients
        assertEquals(fingerprint(a.simulations()), fingerprint(b.simulations()));
        for (int i = 0; i < 2; i++)
            assertArrayEquals(
                    a.simulations().get(i).global(), b.simulations().get(i).global());
        // Round 0 is shared; both federations' round-1 weights differ (FAT trains on attacked beats).
        assertFalse(java.util.Arrays.equals(
                a.simulations().get(0).global(), a.simulations().get(1).global()));
        Experiment c = new Experiment(tiny(6, 2), DATA, FederationListener.NONE, null);
        c.run(dir.resolve("c"), false, Map.of(), (r, s) -> {});
        assertNotEquals(fingerprint(a.simulations()), fingerprint(c.simulations()));
    }

    /** tiny(seed, rounds) with participant lists per federation instead of the seeded draw. */
    static RunConfig replaying(long seed, int rounds, Map<String, List<int[]>> participants) {
        RunConfig c = tiny(seed, rounds);
        RunConfig.Federation f = c.federation();
        return new RunConfig(
                c.preset(),
                c.seed(),
                c.data(),
                c.split(),
                new RunConfig.Federation(f.runs(), f.clientsPerRound(), f.rounds(), f.fit(), f.rule(), participants),
                c.attacks(),
                c.eval());
    }

    @Test
    void participantListsAreTrainedExactlyEachFederationItsOwn(@TempDir Path dir) throws IOException {
        List<String> order = new ArrayList<>();
        FederationListener spy = recordingStarts(order);
        Map<String, List<int[]>> lists = Map.of(
                "nonfat", List.of(new int[] {3, 0}, new int[] {1}, new int[] {2, 3, 1}),
                "fat", List.of(new int[] {0, 1}, new int[] {2, 3}, new int[] {1, 2}));
        Experiment e = new Experiment(replaying(5, 3, lists), DATA, spy, null);
        e.run(dir.resolve("replay"), false, Map.of(), (r, s) -> {});
        // the rounds interleave (Non-FAT round r, then FAT round r); each trains its list, in its order
        assertEquals(
                List.of(
                        "Non-FAT/1/3",
                        "Non-FAT/1/0",
                        "FAT/1/0",
                        "FAT/1/1",
                        "Non-FAT/2/1",
                        "FAT/2/2",
                        "FAT/2/3",
                        "Non-FAT/3/2",
                        "Non-FAT/3/3",
                        "Non-FAT/3/1",
                        "FAT/3/1",
                        "FAT/3/2"),
                order);
        RoundRecord third = e.simulations().get(0).history().get(3);
        assertEquals(
                List.of(2, 3, 1),
                third.clients().stream().map(RoundRecord.ClientRecord::client).toList());

        // A list that is the seeded draw itself (FedStrategy.sample, k = 2 of the 4 clients) is the same
        // training as the seeded run, bit for bit: the replay changes who trains, nothing else.
        List<int[]> seeded = new ArrayList<>();
        for (int r = 1; r <= 2; r++) seeded.add(FedStrategy.sample(5, r, 4, 2));
        Experiment drawn = new Experiment(tiny(5, 2), DATA, FederationListener.NONE, null);
        drawn.run(dir.resolve("drawn"), false, Map.of(), (r, s) -> {});
        Experiment replayed = new Experiment(
                replaying(5, 2, Map.of("nonfat", seeded, "fat", seeded)), DATA, FederationListener.NONE, null);
        replayed.run(dir.resolve("replayed"), false, Map.of(), (r, s) -> {});
        assertEquals(fingerprint(drawn.simulations()), fingerprint(replayed.simulations()));

        // a client that is not one of the 4, or a list for a federation not trained, is refused
        var outside = assertThrows(
                IllegalArgumentException.class,
                () -> new Experiment(
                        replaying(5, 1, Map.of("nonfat", List.<int[]>of(new int[] {4}), "fat", seeded)),
                        DATA,
                        FederationListener.NONE,
                        null));
        assertTrue(outside.getMessage().contains("round 1 names client 4"), outside.getMessage());
        var untrained = assertThrows(
                IllegalArgumentException.class,
                () -> new Experiment(replaying(5, 1, Map.of("loss2", seeded)), DATA, FederationListener.NONE, null));
        assertTrue(untrained.getMessage().contains("'loss2'"), untrained.getMessage());
    }

    @Test
    void resumeAfterAnInterruptionEndsWhereAnUninterruptedRunEnds(@TempDir Path dir) throws IOException {
        Experiment whole = new Experiment(tiny(9, 3), DATA, FederationListener.NONE, null);
        whole.run(dir.resolve("whole"), false, Map.of(), (r, s) -> {});

        Path ck = dir.resolve("cut");
        Experiment cut = new Experiment(tiny(9, 3), DATA, FederationListener.NONE, null);
        assertThrows(
                IllegalStateException.class,
                () -> cut.run(ck, false, Map.of(), (r, s) -> {
                    if (r == 1) throw new IllegalStateException("killed after round 1");
                }));
        assertTrue(Files.exists(ck.resolve("non-fat-round-001.safetensors")));
        assertFalse(Files.exists(ck.resolve("non-fat-round-000.safetensors")), "older rounds' weights are removed");

        Experiment resumed = new Experiment(tiny(9, 3), DATA, FederationListener.NONE, null);
        List<Integer> rounds = new ArrayList<>();
        int from = resumed.run(ck, true, Map.of(), (r, s) -> rounds.add(r));
        assertEquals(1, from);
        assertEquals(List.of(2, 3), rounds);
        assertEquals(fingerprint(whole.simulations()), fingerprint(resumed.simulations()));
        for (int i = 0; i < 2; i++)
            assertArrayEquals(
                    whole.simulations().get(i).global(),
                    resumed.simulations().get(i).global());
        assertArrayEquals(
                Files.readAllBytes(dir.resolve("whole/fat-round-003.safetensors")),
                Files.readAllBytes(ck.resolve("fat-round-003.safetensors")));
    }

    @Test
    void corruptCheckpointIsRefusedWithTheFileNamed(@TempDir Path dir) throws IOException {
        Experiment e = new Experiment(tiny(3, 1), DATA, FederationListener.NONE, null);
        Path ck = dir.resolve("ck");
        e.run(ck, false, Map.of(), (r, s) -> {});
        Path w = ck.resolve("fat-round-001.safetensors");
        byte[] bytes = Files.readAllBytes(w);
        bytes[bytes.length - 1] ^= 1;
        Files.write(w, bytes);
        IOException ex = assertThrows(
                IOException.class,
                () -> new Experiment(tiny(3, 1), DATA, FederationListener.NONE, null)
                        .run(ck, true, Map.of(), (r, s) -> {}));
        assertTrue(
                ex.getMessage().contains("fat-round-001.safetensors")
                        && ex.getMessage().contains("SHA-256"),
                ex.getMessage());

        Files.writeString(
                ck.resolve(Checkpoint.STATE),
                "{\"format\": \"fatecg-checkpoint\", \"version\": 1, \"seed_scheme\": 1, \"seed\": 3, \"round\": \"one\"}");
        ex = assertThrows(
                IOException.class,
                () -> new Experiment(tiny(3, 1), DATA, FederationListener.NONE, null)
                        .run(ck, true, Map.of(), (r, s) -> {}));
        assertTrue(ex.getMessage().contains("state.round") && ex.getMessage().contains("\"one\""), ex.getMessage());

        ex = assertThrows(
                IOException.class,
                () -> new Experiment(tiny(4, 1), DATA, FederationListener.NONE, null)
                        .run(dir.resolve("none"), true, Map.of(), (r, s) -> {}));
        assertTrue(ex.getMessage().contains("no checkpoint here"), ex.getMessage());
    }
}
