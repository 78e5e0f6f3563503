package org.fatecg.cli;

import org.fatecg.nn.Layers;
import org.fatecg.nn.Models;
import org.fatecg.optim.Adam;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;

/**
 * What fatecg bench and fatecg profile time their steps on: a fresh paper CNN (seed 1), B uniform random
 * beats (seed 2) with labels i mod 5, and an Adam over the network's parameters. Shapes are what
 * matters for timing, so no data is read.
 */
record PaperBatch(Layers.Sequential net, Tensor x, Tensor y, Adam adam) {
    static PaperBatch random(int batch) {
        Layers.Sequential net = Models.paperCnn(new Rng(1));
        Tensor x = Arena.unmanaged(() -> Tensor.uniform(new Rng(2), 0f, 1f, batch, 1, Models.BEAT_LENGTH));
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) labels[i] = i % Models.CLASSES;
        Tensor y = Arena.unmanaged(() -> Functional.labels(labels));
        return new PaperBatch(net, x, y, new Adam(net.parameters()));
    }
}
