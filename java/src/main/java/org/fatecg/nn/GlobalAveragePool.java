package org.fatecg.nn;

import org.fatecg.tensor.Tensor;

/** (N, C, L) -> (N, C): the mean over positions, sum_l x[n, c, l] / L (PyTorch's AdaptiveAvgPool1d(1) then flatten). */
public final class GlobalAveragePool extends Layers.Stateless {
    @Override
    public Tensor forward(Tensor x) {
        return mean(x);
    }

    public static Tensor mean(Tensor x) {
        if (x.rank() != 3) throw new IllegalArgumentException("global average pooling takes (N, C, L), got " + x);
        int n = x.dim(0), c = x.dim(1), l = x.dim(2);
        return x.sumTo(n, c, 1).div(l).reshape(n, c);
    }
}
