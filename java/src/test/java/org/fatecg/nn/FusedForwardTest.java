package org.fatecg.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fatecg.Close;
import org.fatecg.backend.Backend;
import org.fatecg.backend.ProfileRecording;
import org.fatecg.backend.Profiler;
import org.fatecg.backend.cpu.CpuBackend;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Engine;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Grad;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The paper CNN's graph-free forward (Grad off: its four conv blocks run as the backend's fused
 * kernel) gives the same logits, bit for bit, as the forward that records a graph (composed from the
 * primitives conv1d, add, relu and poolSelect), on one and on two threads, with and without biases;
 * and the recorded forward still records (its output requires a gradient). The profiler shows which
 * path ran: four fused calls and no separate conv without a graph, four convs and no fused call with one.
 * The recorded block pools before its bias and ReLU; it equals the layer-by-layer order (conv, bias,
 * ReLU, pool) bit for bit, values and the gradients for input, weights and bias alike.
 */
class FusedForwardTest {
    static float[][] logits(Backend backend, boolean bias) {
        Backend saved = Engine.backend();
        Engine.use(backend);
        try (Arena a = Arena.open()) {
            Layers.Sequential net = Models.paperCnn(new Rng(7), bias);
            Tensor x = LearnsSyntheticTest.batch(new Rng(8), 37)[0];
            float[] fused;
            try (Grad g = Grad.off()) {
                Tensor z = net.forward(x);
                assertFalse(z.requiresGrad());
                fused = z.toArray();
            }
            Tensor z = net.forward(x.detach().requiresGrad(true));
            assertTrue(z.requiresGrad(), "the recorded forward must record");
            return new float[][] {fused, z.toArray()};
        } finally {
            Engine.use(saved);
        }
    }

    @Test
    void graphFreeForwardEqualsTheRecordedOne() {
        for (boolean bias : new boolean[] {true, false}) {
            float[][] one = logits(new CpuBackend(1), bias), two = logits(new CpuBackend(2), bias);
            Close.assertBitIdentical("bias " + bias + ", 1 thread: fused vs recorded", one[1], one[0]);
            Close.assertBitIdentical("bias " + bias + ", 2 threads: fused vs recorded", two[1], two[0]);
            Close.assertBitIdentical("bias " + bias + ", fused 1 vs 2 threads", one[0], two[0]);
        }
    }

    @Test
    void theFusedKernelRunsOnlyWhenNothingIsRecorded() {
        Backend saved = Engine.backend();
        Engine.use(new CpuBackend(2));
        try (Arena a = Arena.open()) {
            Layers.Sequential net = Models.paperCnn(new Rng(7));
            Tensor x = LearnsSyntheticTest.batch(new Rng(8), 4)[0];
            Profiler.start();
            try (Grad g = Grad.off()) {
                net.forward(x);
            }
            ProfileRecording off = Profiler.stop();
            assertEquals(4, count(off, "conv1d.biasReluPool"));
            assertEquals(0, count(off, "conv1d.forward"));
            Profiler.start();
            net.forward(x.detach().requiresGrad(true));
            ProfileRecording on = Profiler.stop();
            assertEquals(0, count(on, "conv1d.biasReluPool"));
            assertEquals(4, count(on, "conv1d.forward"));
        } finally {
            Engine.use(saved);
        }
    }

    @Test
    void theRecordedBlockEqualsTheLayerByLayerOrderWithItsGradients() {
        Backend saved = Engine.backend();
        Engine.use(new CpuBackend(2));
        try (Arena a = Arena.open()) {
            Rng rng = new Rng(11);
            // odd length (the pool drops the last column) and a bias that makes about half the map negative
            Tensor x = Tensor.uniform(rng, -1f, 1f, 5, 3, 23).requiresGrad(true);
            Tensor w = Tensor.uniform(rng, -0.5f, 0.5f, 4, 3, 3).requiresGrad(true);
            Tensor b = Tensor.uniform(rng, -0.3f, 0.3f, 4).requiresGrad(true);
            Tensor g = Tensor.uniform(rng, -1f, 1f, 5, 4, 11);
            Tensor block = Functional.conv1dBiasReluPool(x, w, b, 1);
            Tensor layers = Functional.conv1dBias(x, w, b, 1).relu().maxPool2();
            float[] values = layers.toArray();
            int zeros = 0;
            for (float v : values) if (v == 0f) zeros++;
            assertTrue(
                    zeros > values.length / 5 && zeros < values.length * 4 / 5,
                    zeros + " of " + values.length + " zero");
            Close.assertBitIdentical("values", values, block.toArray());
            Tensor[] gBlock = Autograd.grad(block, g, false, x, w, b);
            Tensor[] gLayers = Autograd.grad(layers, g, false, x, w, b);
            String[] names = {"dx", "dw", "dbias"};
            for (int i = 0; i < 3; i++) Close.assertBitIdentical(names[i], gLayers[i].toArray(), gBlock[i].toArray());
        } finally {
            Engine.use(saved);
        }
    }

    static long count(ProfileRecording r, String kernel) {
        return r.kernels().stream().filter(k -> k.name().equals(kernel)).count();
    }
}
