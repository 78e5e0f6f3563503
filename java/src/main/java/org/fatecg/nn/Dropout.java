package org.fatecg.nn;

import java.util.List;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;

/**
 * Inverted dropout (Srivastava et al. 2014, "Dropout: a simple way to prevent neural networks from
 * overfitting", in the scaling PyTorch uses): in training mode ({@link TrainingMode}) y = x * m / (1 - p)
 * with m_i ~ Bernoulli(1 - p) drawn fresh for every forward; in evaluation mode y = x, so the expected
 * output is the same in both. Composed from the primitives: the mask is a constant tensor and the
 * product is {@code mul}, whose backward gives dx = g * m / (1 - p).
 *
 * <p>The masks come from the layer's own stream, seeded when the model is built, so a training run
 * repeats exactly. What it is not: a stream that a checkpoint saves; a resumed federation draws its
 * masks from the start of the stream again.
 */
public final class Dropout extends Module {
    private final float p;
    private final Rng rng;

    public Dropout(float p, Rng rng) {
        if (!(p >= 0f && p < 1f)) throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        this.p = p;
        this.rng = rng;
    }

    public float p() {
        return p;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!TrainingMode.active() || p == 0f) return x;
        float keep = 1f / (1f - p);
        float[] m = new float[x.size()];
        for (int i = 0; i < m.length; i++) m[i] = rng.nextFloat() >= p ? keep : 0f;
        return x.mul(Tensor.of(m, x.shape()));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }
}
