package org.fatecg.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fatecg.nn.Layers;
import org.fatecg.nn.Models;
import org.fatecg.optim.Adam;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Tensor;
import org.fatecg.train.NoiseToSignal;
import org.fatecg.train.TrainStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A federation named by a training objective (loss2) beside Non-FAT, on a tiny synthetic set. */
class ObjectiveFederationTest {
    static RunConfig withRuns(List<String> runs, int clientsPerRound) {
        RunConfig t = ExperimentTest.tiny(5, 1);
        RunConfig.Federation f = t.federation();
        return new RunConfig(
                t.preset(),
                t.seed(),
                t.data(),
                t.split(),
                new RunConfig.Federation(runs, clientsPerRound, f.rounds(), f.fit(), f.rule()),
                t.attacks(),
                t.eval());
    }

    @Test
    void aLoss2FederationTakesTheLoss2StepOnEachClient(@TempDir Path dir) throws IOException {
        RunConfig cfg = withRuns(List.of("nonfat", "loss2"), 1);
        Experiment e = new Experiment(cfg, ExperimentTest.DATA, FederationListener.NONE, null);
        e.run(dir, false, Map.of(), (r, s) -> {});
        List<Simulation> sims = e.simulations();
        assertEquals(
                List.of(Experiment.NON_FAT, "loss2"),
                List.of(sims.get(0).name(), sims.get(1).name()));
        Simulation loss2 = sims.get(1);

        // Reference: one client, one batch (10 beats, batch 10, no shuffle), so the round-1 global model is
        // one fresh Adam step on loss2 (beta 0.3 for a CNN) from the initial weights over that client's first beats.
        int client = loss2.history().get(1).clients().get(0).client();
        int[] beats = e.partition()[client];
        FitConfig fit = cfg.federation().fit();
        Layers.Sequential net = Models.paperCnn(Seeds.stream(cfg.seed(), Seeds.INIT));
        int n = fit.maxExamples(), len = ExperimentTest.DATA.windowLength();
        float[] xs = new float[n * len];
        int[] ys = new int[n];
        ExperimentTest.DATA.gather(beats, 0, n, xs, ys);
        Adam adam = new Adam(net.parameters(), fit.lr(), fit.beta1(), fit.beta2(), fit.eps());
        TrainStep.step(
                net, adam, new NoiseToSignal(NoiseToSignal.BETA_CNN), Tensor.of(xs, n, 1, len), Functional.labels(ys));
        assertArrayEquals(e.layout().flatten(net), loss2.global(), 1e-6f);
        assertFalse(java.util.Arrays.equals(sims.get(0).global(), loss2.global()), "loss2 differs from Non-FAT");
        // the same five-attack evaluation as the other federations
        assertEquals(
                sims.get(0).history().get(1).results().keySet(),
                loss2.history().get(1).results().keySet());
    }

    @Test
    void federationNamesAreChecked() {
        for (String bad : List.of("ce", "loss1", "loss3")) {
            IllegalArgumentException ex = assertThrows(
                    IllegalArgumentException.class,
                    () -> new Experiment(
                            withRuns(List.of("nonfat", bad), 1), ExperimentTest.DATA, FederationListener.NONE, null));
            assertTrue(
                    ex.getMessage().contains("'" + bad + "'") && ex.getMessage().contains("nonfat, fat"),
                    ex.getMessage());
        }
    }
}
