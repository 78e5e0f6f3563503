package org.fatecg.train;

import org.fatecg.nn.Module;
import org.fatecg.tensor.Tensor;

/**
 * "mse" and "mse-margin" (Ma and Liang 2020, the first terms of eqs. 5 and 10):
 * <pre>
 *   mse:        L = (1/N) sum_i sum_j (z_ij - [j = y_i])^2
 *   mse-margin: L = mse + (1/|K|) sum_{(i,j) in K} (1 - z_iy + z_ij),
 *               K = {(i, j): i correctly classified, j != y_i, 0 < 1 - z_iy + z_ij < 2}
 * </pre>
 * The margin term is the authors' multi_margin_loss with within_margin and reduction 'counter'.
 */
public final class SquaredError implements Objective {
    private final boolean margin;

    public SquaredError(boolean margin) {
        this.margin = margin;
    }

    @Override
    public String name() {
        return margin ? "mse-margin" : "mse";
    }

    @Override
    public Tensor loss(Module model, Tensor x, Tensor y) {
        Tensor z = model.forward(x);
        Tensor l = Margins.squaredError(z, y);
        return margin ? l.add(Margins.margin(z, y, Margins.Correct.of(z, y))) : l;
    }
}
