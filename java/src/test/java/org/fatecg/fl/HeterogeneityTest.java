package org.fatecg.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.fatecg.data.BeatDataset;
import org.fatecg.nn.Models;
import org.fatecg.nn.Module;
import org.fatecg.optim.Sgd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** FedProx's proximal gradient and FedPer's local layers. */
class HeterogeneityTest {
    static final BeatDataset DATA = TinyBeats.make(10, 4);

    @Test
    void fedProxAddsMuTimesTheDistanceToTheGlobalWeights() {
        // One SGD step (lr 0.1) with anchor = w - 1 on every coordinate: the proximal gradient is
        // mu (w - anchor) = mu = 2, so the weights end lr mu = 0.2 below those of the plain step.
        float[] xs = new float[2 * 180];
        int[] ys = {0, 3};
        DATA.gather(new int[] {0, 3}, 0, 2, xs, ys);
        Module a = Models.paperCnn(new Rng(5)), b = Models.paperCnn(new Rng(5));
        WeightLayout layout = new WeightLayout(a);
        float[] w0 = layout.flatten(a), shifted = w0.clone();
        for (int j = 0; j < shifted.length; j++) shifted[j] -= 1;
        Tensor[] anchor = new Tensor[layout.count()];
        int off = 0;
        for (int i = 0; i < anchor.length; i++) {
            int size = 1;
            for (int d : layout.shape(i)) size *= d;
            anchor[i] = Tensor.of(java.util.Arrays.copyOfRange(shifted, off, off + size), layout.shape(i));
            off += size;
        }
        LocalTrainer.step(a, new Sgd(a.parameters(), 0.1f), Tensor.of(xs, 2, 1, 180), Functional.labels(ys), null);
        LocalTrainer.step(
                b, new Sgd(b.parameters(), 0.1f), Tensor.of(xs, 2, 1, 180), Functional.labels(ys), null, anchor, 2f);
        float[] wa = layout.flatten(a), wb = layout.flatten(b);
        for (int j = 0; j < wa.length; j += 97) assertEquals(wa[j] - 0.2f, wb[j], 1e-5f, "coordinate " + j);
        assertThrows(IllegalArgumentException.class, () -> new LocalTrainer(a, -1f));
    }

    /** Returns its start weights + 1, to see what FedPer sends and keeps. */
    static final class PlusOne extends Client {
        float[] lastStart;

        PlusOne(LocalTrainer t) {
            super(0, DATA, TinyBeats.range(0, 10), t);
        }

        @Override
        protected FitResult fit(LocalTrainer.Job job, int n, float[] global, FitConfig config, Rng rng) {
            lastStart = global.clone();
            float[] w = global.clone();
            for (int j = 0; j < w.length; j++) w[j] += 1;
            return new FitResult(id(), w, n, 0, 1, 0);
        }

        @Override
        public String kind() {
            return "plus-one";
        }
    }

    @Test
    void fedPerKeepsTheHeadLocalAndSendsTheGlobalOne() {
        Module net = Models.paperCnn(new Rng(1));
        WeightLayout layout = new WeightLayout(net);
        PlusOne inner = new PlusOne(new LocalTrainer(net));
        PersonalClient c = new PersonalClient(inner, layout, List.of("fc3."));
        int[][] r = PersonalClient.personalRanges(layout, List.of("fc3."));
        int n = layout.size();
        assertEquals(2, r.length);
        assertArrayEquals(new int[] {n - 64 * 5 - 5, n - 5}, r[0], "fc3.weight (5 x 64)");
        assertArrayEquals(new int[] {n - 5, n}, r[1], "fc3.bias (5) ends the vector");
        float[] g = new float[n];
        FitResult first = c.fit("x", 1, g, FitConfig.paper(), new Rng(0), null);
        assertEquals(1f, first.weights()[0], "the shared base is sent as trained");
        assertEquals(0f, first.weights()[n - 1], "the head is not: the global one goes back");
        float[] g2 = new float[n];
        java.util.Arrays.fill(g2, 10f);
        c.fit("x", 2, g2, FitConfig.paper(), new Rng(0), null);
        assertEquals(10f, inner.lastStart[0], "round 2 starts from the new global base");
        assertEquals(1f, inner.lastStart[n - 1], "with the client's own head from round 1");
        assertEquals(2f, c.personalise(g2)[n - 1]);
        assertThrows(IllegalArgumentException.class, () -> PersonalClient.personalRanges(layout, List.of("head.")));
    }
}
