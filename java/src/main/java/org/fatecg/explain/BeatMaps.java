package org.fatecg.explain;

import java.util.List;
import org.fatecg.nn.Layers;
import org.fatecg.nn.Module;
import org.fatecg.nn.Parameter;
import org.fatecg.nn.SoftAttention1d;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Grad;
import org.fatecg.tensor.Tensor;

/**
 * Where a beat classifier looks: three maps over the input samples of a beat, one value per sample.
 * <ul>
 *   <li>Grad-CAM (Selvaraju et al. 2017, "Grad-CAM: Visual Explanations from Deep Networks via
 *       Gradient-based Localization") in 1-D: for the last convolutional maps A (K, L') and the logit
 *       y_c of class c, weights w_k = (1/L') sum_t d y_c / d A_k[t] and map = ReLU(sum_k w_k A_k[t]);</li>
 *   <li>the attention model's own map: sum over its K softmax maps, the weight per position that the soft
 *       attention block multiplies the features by;</li>
 *   <li>input-gradient saliency (Simonyan et al. 2014, "Deep Inside Convolutional Networks"):
 *       |d y_c / d x[t]|.</li>
 * </ul>
 * c is the class the model predicts for that input (the decision being explained), so a clean beat and
 * its adversarial twin are each explained by their own prediction. Maps on the L' positions of a
 * convolutional layer are resampled to the beat's samples by {@link #resample}. Nothing here draws: the
 * report package does.
 */
public final class BeatMaps {
    private BeatMaps() {}

    public enum Kind {
        GRAD_CAM("Grad-CAM"),
        ATTENTION("attention"),
        SALIENCY("saliency");

        private final String title;

        Kind(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }

        public static Kind parse(String s) {
            switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "gradcam":
                case "grad-cam":
                    return GRAD_CAM;
                case "attention":
                    return ATTENTION;
                case "saliency":
                    return SALIENCY;
                default:
                    throw new IllegalArgumentException(
                            "unknown map '" + s + "': expected gradcam, attention or saliency");
            }
        }
    }

    /** Maps (N, L) and the class each explains (the prediction), for beats x (N, 1, L). */
    public record Result(float[][] maps, int[] predicted) {}

    /** Whether the network has what the map needs (a layer named layer; an attention block for ATTENTION). */
    public static boolean supports(Kind kind, Layers.Sequential net, String layer, String attention) {
        List<String> names = net.layerNames();
        switch (kind) {
            case GRAD_CAM:
                return names.contains(layer);
            case ATTENTION:
                return names.contains(attention) && net.layer(attention) instanceof SoftAttention1d;
            default:
                return true;
        }
    }

    /**
     * @param layer     the layer whose output is the last convolutional maps A (Grad-CAM, attention)
     * @param attention the soft attention block's layer (ATTENTION only), applied to the output of layer
     */
    public static Result compute(
            Kind kind, Layers.Sequential net, String layer, String attention, float[] x, int n, int length) {
        if (!supports(kind, net, layer, attention))
            throw new IllegalArgumentException(kind.title() + " needs "
                    + (kind == Kind.ATTENTION
                            ? "a soft attention layer '" + attention + "'"
                            : "a layer '" + layer + "'")
                    + "; the network has " + net.layerNames());
        return withoutWeightGradients(net, () -> {
            try (Arena scope = Arena.open()) {
                Tensor input = Tensor.of(x, n, 1, length);
                switch (kind) {
                    case GRAD_CAM:
                        return gradCam(net, layer, input);
                    case ATTENTION:
                        return attentionMap(net, layer, (SoftAttention1d) net.layer(attention), input);
                    default:
                        return saliency(net, input);
                }
            }
        });
    }

    private static Result gradCam(Layers.Sequential net, String layer, Tensor x) {
        Tensor a = upTo(net, layer, x).detach().requiresGrad(true); // A (N, K, L')
        Tensor logits = after(net, layer, a);
        int[] pred = Functional.argmax(logits);
        Tensor[] g =
                Autograd.grad(Functional.sum(logits.mul(Functional.oneHot(Functional.labels(pred), logits.dim(1)))), a);
        int n = a.dim(0), k = a.dim(1), l = a.dim(2);
        Tensor w = g[0].sumTo(n, k, 1).div(l); // w_k = mean_t dy_c/dA_k[t]
        Tensor cam = a.detach().mul(w).sumTo(n, 1, l).relu(); // ReLU(sum_k w_k A_k)
        return new Result(resampleRows(cam.toArray(), n, l, x.dim(2)), pred);
    }

    private static Result attentionMap(Layers.Sequential net, String layer, SoftAttention1d block, Tensor x) {
        Tensor a;
        int[] pred;
        try (Grad off = Grad.off()) {
            Tensor features = upTo(net, layer, x);
            Tensor maps = block.attentionMaps(features); // (N, K, L')
            a = maps.sumTo(maps.dim(0), 1, maps.dim(2));
            pred = Functional.argmax(net.forward(x));
        }
        return new Result(resampleRows(a.toArray(), a.dim(0), a.dim(2), x.dim(2)), pred);
    }

    private static Result saliency(Module net, Tensor x) {
        Tensor in = x.detach().requiresGrad(true);
        Tensor logits = net.forward(in);
        int[] pred = Functional.argmax(logits);
        Tensor[] g = Autograd.grad(
                Functional.sum(logits.mul(Functional.oneHot(Functional.labels(pred), logits.dim(1)))), in);
        float[] v = g[0].abs().toArray();
        int n = x.dim(0), l = x.dim(2);
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) rows[i] = java.util.Arrays.copyOfRange(v, i * l, (i + 1) * l);
        return new Result(rows, pred);
    }

    /** The output of the layers up to and including layer. */
    static Tensor upTo(Layers.Sequential net, String layer, Tensor x) {
        for (String name : net.layerNames()) {
            x = net.layer(name).forward(x);
            if (name.equals(layer)) return x;
        }
        throw new IllegalArgumentException("no layer '" + layer + "'");
    }

    /** The layers after layer, applied to its output. */
    static Tensor after(Layers.Sequential net, String layer, Tensor h) {
        boolean past = false;
        for (String name : net.layerNames()) {
            if (past) h = net.layer(name).forward(h);
            if (name.equals(layer)) past = true;
        }
        return h;
    }

    /**
     * A map on L' positions of a layer that pooled the input by s = L / L' (integer division: 180 / 22 = 8
     * after three poolings) onto the L input samples: position j covers samples [j s, (j + 1) s) and sits
     * at their centre c_j = (j + 1/2) s - 1/2; sample t takes the linear interpolation between the two
     * nearest centres, and the value of the end centre beyond the first or last (samples that floor
     * pooling dropped get the last position's value).
     */
    public static float[] resample(float[] map, int target) {
        int lp = map.length;
        if (lp == target) return map.clone();
        double s = target / lp;
        float[] out = new float[target];
        for (int t = 0; t < target; t++) {
            double pos = (t + 0.5) / s - 0.5; // t in units of positions, centre-aligned
            if (pos <= 0) out[t] = map[0];
            else if (pos >= lp - 1) out[t] = map[lp - 1];
            else {
                int j = (int) Math.floor(pos);
                double f = pos - j;
                out[t] = (float) ((1 - f) * map[j] + f * map[j + 1]);
            }
        }
        return out;
    }

    static float[][] resampleRows(float[] flat, int n, int lp, int target) {
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++)
            rows[i] = resample(java.util.Arrays.copyOfRange(flat, i * lp, (i + 1) * lp), target);
        return rows;
    }

    /** Runs body with the model's parameters not requiring gradients (only d/dA or d/dx is wanted). */
    static <T> T withoutWeightGradients(Module net, java.util.function.Supplier<T> body) {
        List<Parameter> ps = net.parameters();
        boolean[] saved = new boolean[ps.size()];
        for (int i = 0; i < saved.length; i++) {
            saved[i] = ps.get(i).value().requiresGrad();
            ps.get(i).value().requiresGrad(false);
        }
        try {
            return body.get();
        } finally {
            for (int i = 0; i < saved.length; i++) ps.get(i).value().requiresGrad(saved[i]);
        }
    }
}
