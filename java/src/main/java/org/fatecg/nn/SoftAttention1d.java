package org.fatecg.nn;

import java.util.ArrayList;
import java.util.List;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;

/**
 * The soft attention block of Datta et al. (2021, "Soft-Attention Improves Skin Cancer Classification
 * Performance") as Wasserman (2022, "Adversarially Robust Medical Classification via Attentive
 * Convolutional Neural Networks") appends it to a CNN trunk, adapted from 2-D images to 1-D beats.
 * From feature maps F (N, C, L):
 * <pre>
 *   a     = conv1d(F, W_a) + b_a                         (N, K, L)  K attention maps
 *   A_k   = softmax over positions of a_k                 sum_l A_k[l] = 1 for every map
 *   S[c,l]= gamma * F[c,l] * sum_k A_k[l]                 (N, C, L)  attention-weighted features
 *   H     = dropout(relu(concat(maxpool2(S), maxpool2(F))))   (N, 2C, L/2)
 *   out   = mean over positions of H                      (N, 2C)    global average pooling
 * </pre>
 * Composed from the tensor primitives only (conv1d, softmax of {@link Functional}, mul, sumTo, pooling,
 * concat, relu); there is no fused attention op, so the gradients and their double backprop come from the
 * primitives' rules.
 *
 * <p>Choices where the papers are silent or 2-D does not carry over, all ours:
 * <ul>
 *   <li>K = 16 maps, Datta et al.'s number of attention heads;</li>
 *   <li>the attention convolution spans all C channels with kernel 3 and padding 1 (Datta et al. use a
 *       3x3 kernel through the full depth; in 1-D that is kernel 3 over positions), with a bias;</li>
 *   <li>the K maps are summed into one weight per position (Datta et al.'s aggregated maps) and that
 *       weight multiplies every channel;</li>
 *   <li>gamma is one learned scalar initialised to 1, so the attention branch is active from the first
 *       step (a zero start, as in self-attention GANs, would leave W_a without gradient at first);</li>
 *   <li>"2x2 max pooling" becomes kernel 2, stride 2 along positions (floor: an odd last position is
 *       dropped), and dropout p = 0.5 sits after the ReLU and before the average, as the paper lists.</li>
 * </ul>
 * The state_dict names are {@code conv.weight}, {@code conv.bias} and {@code gamma} (prefixed by the
 * block's name in a network, e.g. {@code attention.gamma}).
 */
public final class SoftAttention1d extends Module {
    /** Datta et al.'s number of attention heads. */
    public static final int DEFAULT_MAPS = 16;

    public static final float DROPOUT = 0.5f;

    private final Layers.Conv1d conv;
    private final Parameter gamma;
    private final Dropout dropout;
    private final int maps;
    private final List<Parameter> params;

    /**
     * @param channels C of the incoming feature maps
     * @param maps     K attention maps
     * @param rng      initialises the attention convolution (PyTorch's default), then seeds the dropout stream
     */
    public SoftAttention1d(int channels, int maps, float dropoutP, Rng rng) {
        this.maps = maps;
        this.conv = new Layers.Conv1d(channels, maps, 3, 1, true, rng);
        this.gamma = new Parameter("gamma", Arena.unmanaged(() -> Tensor.full(1f, 1)));
        this.dropout = new Dropout(dropoutP, rng.fork(0x0D));
        List<Parameter> ps = new ArrayList<>();
        for (Parameter p : conv.parameters()) ps.add(new Parameter("conv." + p.name(), p.value()));
        ps.add(gamma);
        this.params = List.copyOf(ps);
    }

    public int maps() {
        return maps;
    }

    /** The attention maps A (N, K, L): for each map a softmax over positions, so each row sums to 1. */
    public Tensor attentionMaps(Tensor features) {
        return Functional.softmax(conv.forward(features));
    }

    /** S = gamma * F * sum_k A_k (N, C, L): the attention-weighted features, before pooling. */
    public Tensor weighted(Tensor features) {
        Tensor a = attentionMaps(features);
        Tensor perPosition = a.sumTo(a.dim(0), 1, a.dim(2)); // (N, 1, L)
        return features.mul(perPosition).mul(gamma.value());
    }

    @Override
    public Tensor forward(Tensor features) {
        if (features.rank() != 3)
            throw new IllegalArgumentException("soft attention takes feature maps (N, C, L), got " + features);
        Tensor joined = Tensor.concat(1, weighted(features).maxPool2(), features.maxPool2()); // (N, 2C, L/2)
        return GlobalAveragePool.mean(dropout.forward(joined.relu()));
    }

    @Override
    public List<Parameter> parameters() {
        return params;
    }
}
