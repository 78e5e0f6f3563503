package org.fatecg.nn;

import java.util.Map;
import org.fatecg.Close;
import org.fatecg.backend.Backend;
import org.fatecg.backend.cpu.CpuBackend;
import org.fatecg.optim.Adam;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Engine;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A run repeats bit for bit: the same seeded training steps give identical weights when repeated, and on
 * one or two threads (every kernel splits only independent outputs and reduces in a fixed order; the
 * buffer pool recycles storage, which must not leak old values into results).
 *
 * <p>Each step is a FAT-like step on the paper CNN: an input gradient (as an attack takes), then one Adam
 * step on mean cross-entropy plus the double-backprop regulariser mean ||d z_y / d x||_1, so forward,
 * backward and double-backward kernels all take part.
 */
class DeterminismTest {
    static Map<String, float[]> train(Backend backend) {
        Backend saved = Engine.backend();
        Engine.use(backend);
        try {
            Layers.Sequential net = Models.paperCnn(new Rng(42));
            Adam adam = new Adam(net.parameters());
            Rng data = new Rng(43);
            for (int s = 0; s < 3; s++) {
                try (Arena step = Arena.open()) {
                    Tensor[] b = LearnsSyntheticTest.batch(data, 16);
                    Tensor x = b[0].requiresGrad(true);
                    Tensor z = net.forward(x);
                    Tensor zy = Functional.sum(z.mul(Functional.oneHot(b[1], Models.CLASSES)));
                    Tensor dx = Autograd.grad(zy, null, true, x)[0];
                    Tensor loss = Functional.crossEntropy(z, b[1])
                            .add(Functional.sum(dx.abs()).div(16f).mul(0.01f));
                    adam.step(Autograd.grad(loss, adam.parameters()));
                }
            }
            return net.stateDict();
        } finally {
            Engine.use(saved);
        }
    }

    static void assertSameWeights(String what, Map<String, float[]> a, Map<String, float[]> b) {
        for (String name : a.keySet()) Close.assertBitIdentical(what + " " + name, a.get(name), b.get(name));
    }

    @Test
    void repeatedRunsAreBitIdentical() {
        CpuBackend two = new CpuBackend(2);
        Map<String, float[]> first = train(two);
        assertSameWeights("repeat, same backend", first, train(two));
        assertSameWeights("repeat, fresh backend", first, train(new CpuBackend(2)));
        // The run actually trained: the weights differ from the seeded initialisation.
        Map<String, float[]> init = Models.paperCnn(new Rng(42)).stateDict();
        boolean moved = false;
        for (String name : init.keySet()) moved |= !java.util.Arrays.equals(init.get(name), first.get(name));
        org.junit.jupiter.api.Assertions.assertTrue(moved, "training did not change the weights");
    }

    @Test
    void oneAndTwoThreadsAreBitIdentical() {
        assertSameWeights("1 vs 2 threads", train(new CpuBackend(1)), train(new CpuBackend(2)));
    }
}
