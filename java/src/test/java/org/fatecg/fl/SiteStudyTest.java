package org.fatecg.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fatecg.data.BeatDataset;
import org.fatecg.data.SplitConfig;
import org.fatecg.nn.Layers;
import org.fatecg.nn.Models;
import org.fatecg.nn.Module;
import org.fatecg.tensor.Rng;
import org.junit.jupiter.api.Test;

/**
 * The site study's algorithms reach its federations: on one tiny federation, one round of each from the
 * same start, with FedAvg's round as the reference that Reddi et al.'s server steps are computed from.
 */
class SiteStudyTest {
    static final BeatDataset DATA = TinyBeats.make(20, 3);
    static final int[][] SITES = {TinyBeats.range(0, 10), TinyBeats.range(10, 20)};

    static SiteStudy study(FitConfig fit, float mu, double serverLr) {
        return study(fit, mu, serverLr, 1);
    }

    static SiteStudy study(FitConfig fit, float mu, double serverLr, int fineTuneEpochs) {
        SiteStudy.Settings s = new SiteStudy.Settings(
                0,
                List.of(SplitConfig.PartitionKind.PATIENT),
                List.of("fedavg"),
                2,
                2,
                0,
                fit,
                1,
                fit,
                mu,
                serverLr,
                List.of("fc3."),
                fineTuneEpochs,
                10,
                0,
                32,
                0.5);
        return new SiteStudy(s, DATA);
    }

    static float[] round(SiteStudy st, String algorithm, Module model, float[] start) {
        return st.train(algorithm, st.clients(algorithm, SITES, model), model, start);
    }

    @Test
    void serverOptimisersStepFromFedAvgsPseudoGradient() {
        // Round 1 of Reddi et al. 2021 (m0 = 0, v0 = tau^2, tau 1e-3, beta1 0.9, beta2 0.99), Delta the
        // FedAvg round's move: m = 0.1 Delta; Adam v = 0.99 tau^2 + 0.01 Delta^2; Yogi v = tau^2 +
        // 0.01 Delta^2 when Delta^2 > tau^2, else tau^2 - 0.01 Delta^2; x = x0 + eta m / (sqrt v + tau).
        // With |Delta| >> tau each coordinate moves by about eta sign(Delta), not by Delta.
        double eta = 0.1, tau = 1e-3;
        SiteStudy st = study(FitConfig.paper().withBatchSize(5), 0f, eta);
        Module model = Models.paperCnn(new Rng(1));
        float[] x0 = new WeightLayout(model).flatten(model);
        float[] avg = round(st, "fedavg", model, x0);
        float[] adam = round(st, "fedadam", model, x0), yogi = round(st, "fedyogi", model, x0);
        double farthest = 0;
        for (int j = 0; j < x0.length; j++) {
            double delta = (double) avg[j] - x0[j], d2 = delta * delta, m = 0.1 * delta;
            double vAdam = 0.99 * tau * tau + 0.01 * d2;
            double vYogi = d2 > tau * tau ? tau * tau + 0.01 * d2 : tau * tau - 0.01 * d2;
            assertEquals(x0[j] + eta * m / (Math.sqrt(vAdam) + tau), adam[j], 2e-6, "FedAdam, coordinate " + j);
            assertEquals(x0[j] + eta * m / (Math.sqrt(vYogi) + tau), yogi[j], 2e-6, "FedYogi, coordinate " + j);
            farthest = Math.max(farthest, Math.abs(adam[j] - avg[j]));
        }
        assertTrue(farthest > 0.01, "FedAdam's round must differ from FedAvg's, max gap " + farthest);
    }

    @Test
    void fedProxPullsTheLocalStepsBackToTheGlobalWeights() {
        // One local step per client (batch = all 10 beats): at the first step w = w_global, so the
        // proximal gradient mu (w - w_global) is 0 and FedProx's round is FedAvg's exactly (Li et al. 2020).
        Module model = Models.paperCnn(new Rng(1));
        float[] x0 = new WeightLayout(model).flatten(model);
        FitConfig oneStep = FitConfig.paper().withEpochs(1).withBatchSize(10);
        assertArrayEquals(
                round(study(oneStep, 0f, 0.1), "fedavg", model, x0),
                round(study(oneStep, 100f, 0.1), "fedprox", model, x0));
        // Ten steps (batch 1) with mu 100: from the second step on the proximal term pulls w back, so the
        // round moves the weights less than FedAvg's.
        FitConfig tenSteps = FitConfig.paper().withEpochs(1).withBatchSize(1);
        float[] avg = round(study(tenSteps, 100f, 0.1), "fedavg", model, x0);
        float[] prox = round(study(tenSteps, 100f, 0.1), "fedprox", model, x0);
        double moveAvg = 0, moveProx = 0;
        for (int j = 0; j < x0.length; j++) {
            moveAvg += (avg[j] - x0[j]) * (avg[j] - x0[j]);
            moveProx += (prox[j] - x0[j]) * (prox[j] - x0[j]);
        }
        assertTrue(moveProx < 0.9 * moveAvg, "FedProx moved " + Math.sqrt(moveProx) + ", FedAvg " + Math.sqrt(moveAvg));
    }

    @Test
    void fineTuningStartsFromFedAvgsModel() {
        // finetune's federation is FedAvg's: the same global weights, bit for bit.
        Module model = Models.paperCnn(new Rng(1));
        float[] x0 = new WeightLayout(model).flatten(model);
        SiteStudy st = study(FitConfig.paper().withEpochs(1).withBatchSize(5), 0f, 0.1);
        assertArrayEquals(round(st, "fedavg", model, x0), round(st, "finetune", model, x0));
    }

    @Test
    void fineTuningIsAdamOnTheSitesOwnBeatsComputedByHand() {
        // A softmax regression z = W x + b (5 x 180, 5) so that the gradient of the mean cross-entropy
        // over the site's n beats is known in closed form: dL/dz_i = p_i - e(y_i), p = softmax(z);
        // dL/dW = (1/n) sum_i (p_i - e(y_i)) x_i^T, dL/db = (1/n) sum_i (p_i - e(y_i)). One batch holds all
        // 10 beats of site 1 (beats 10..19), so each fine-tuning epoch is one Adam step (PyTorch's:
        // m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2, w -= lr / (1 - b1^t) m / (sqrt(v / (1 - b2^t)) + eps)),
        // from a fresh Adam. The rounds train 5 epochs; fine-tuning takes its own 2: two steps.
        Layers.Sequential net = new Layers.Sequential()
                .add("flatten", new Layers.Flatten())
                .add("fc", new Layers.Linear(180, 5, true, new Rng(2)));
        float[] global = new WeightLayout(net).flatten(net);
        FitConfig rounds = FitConfig.paper().withEpochs(5).withBatchSize(10);
        SiteStudy st = study(rounds, 0f, 0.1, 2);
        Client site = new PlainClient(1, DATA, SITES[1], new LocalTrainer(net));
        float[] tuned = st.fineTune(site, global);

        int k = 5, d = 180, n = 10;
        double[] w = new double[global.length], m = new double[w.length], v = new double[w.length];
        for (int j = 0; j < w.length; j++) w[j] = global[j];
        double lr = 1e-3, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        for (int t = 1; t <= 2; t++) {
            double[] g = new double[w.length];
            for (int i = 0; i < n; i++) {
                int beat = SITES[1][i], y = DATA.label(beat);
                float[] x = new float[d];
                System.arraycopy(DATA.windows(), beat * d, x, 0, d);
                double[] z = new double[k];
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int c = 0; c < k; c++) {
                    z[c] = w[k * d + c];
                    for (int s = 0; s < d; s++) z[c] += w[c * d + s] * x[s];
                    max = Math.max(max, z[c]);
                }
                for (int c = 0; c < k; c++) sum += Math.exp(z[c] - max);
                for (int c = 0; c < k; c++) {
                    double dz = (Math.exp(z[c] - max) / sum - (c == y ? 1 : 0)) / n;
                    for (int s = 0; s < d; s++) g[c * d + s] += dz * x[s];
                    g[k * d + c] += dz;
                }
            }
            for (int j = 0; j < w.length; j++) {
                m[j] = b1 * m[j] + (1 - b1) * g[j];
                v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j];
                w[j] -= lr / (1 - Math.pow(b1, t)) * m[j] / (Math.sqrt(v[j] / (1 - Math.pow(b2, t))) + eps);
            }
        }
        double moved = 0;
        for (int j = 0; j < w.length; j++) {
            assertEquals(w[j], tuned[j], 1e-6, "coordinate " + j);
            moved = Math.max(moved, Math.abs(tuned[j] - global[j]));
        }
        // Two Adam steps move a coordinate by up to 2 lr: the check is not vacuous.
        assertTrue(moved > 1.5e-3, "largest move " + moved);
    }
}
