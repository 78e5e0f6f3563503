package org.fatecg.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.fatecg.attack.Condition;
import org.fatecg.data.BeatDataset;
import org.fatecg.nn.Models;
import org.fatecg.nn.Module;
import org.fatecg.tensor.Rng;
import org.junit.jupiter.api.Test;

class SimulationTest {
    static final BeatDataset DATA = TinyBeats.make(20, 2);

    /** A client whose update has a NaN in fc3.bias (or an infinity), as a broken or malicious hospital would send. */
    static final class Poisoned extends Client {
        final float bad;

        Poisoned(int id, LocalTrainer t, float bad) {
            super(id, DATA, TinyBeats.range(0, 10), t);
            this.bad = bad;
        }

        @Override
        protected FitResult fit(LocalTrainer.Job job, int n, float[] global, FitConfig config, Rng rng) {
            float[] w = global.clone();
            w[w.length - 2] = bad;
            return new FitResult(id(), w, n, 0.1, 1, 0);
        }

        @Override
        public String kind() {
            return "poisoned";
        }
    }

    @Test
    void nonFiniteUpdateIsRefusedNamingClientAndRound() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            Module net = Models.paperCnn(new Rng(1));
            LocalTrainer t = new LocalTrainer(net);
            List<Client> clients = new ArrayList<>();
            for (int c = 0; c < 3; c++) clients.add(new Poisoned(c, t, c == 2 ? bad : 0.5f));
            FedStrategy s = new FedStrategy(
                    new FedStrategy.Config(
                            1, 3, FitConfig.paper().withEpochs(1).withBatchSize(8), 2, 1, List.of(Condition.CLEAN)),
                    new AggregationRule.FedAvg());
            Simulation sim = new Simulation(new Simulation.Config("FAT", 1, 1, 2), s, clients, net, null, null);
            sim.start(new WeightLayout(net).flatten(net));
            FederationException e = assertThrows(FederationException.class, sim::runRound);
            assertTrue(
                    e.getMessage().contains("round 1")
                            && e.getMessage().contains("client 2")
                            && e.getMessage().contains("fc3.bias[3] = " + bad),
                    e.getMessage());
            assertEquals(0, sim.round(), "the round did not complete");
        }
    }

    @Test
    void roundLoopAggregatesSampledClientsInOrder() {
        Module net = Models.paperCnn(new Rng(1));
        LocalTrainer t = new LocalTrainer(net);
        List<Client> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) clients.add(new Poisoned(c, t, 0.25f * c));
        FedStrategy s = new FedStrategy(
                new FedStrategy.Config(
                        3, 2, FitConfig.paper().withEpochs(1).withBatchSize(8), 2, 1, List.of(Condition.CLEAN)),
                new AggregationRule.FedAvg());
        Simulation sim = new Simulation(new Simulation.Config("Non-FAT", 0, 3, 2), s, clients, net, null, null);
        sim.start(new WeightLayout(net).flatten(net));
        RoundRecord r1 = sim.runRound();
        int[] picked = FedStrategy.sample(3, 1, 4, 2);
        assertEquals(picked[0], r1.clients().get(0).client());
        assertEquals(picked[1], r1.clients().get(1).client());
        // Equal n_i: the poisoned coordinate is the mean of the two clients' values 0.25 c.
        float expect = (0.25f * picked[0] + 0.25f * picked[1]) / 2;
        float[] g = sim.global();
        assertEquals(expect, g[g.length - 2], 1e-7f);
        sim.runRound();
        assertTrue(sim.finished());
        assertThrows(IllegalStateException.class, sim::runRound);
    }
}
