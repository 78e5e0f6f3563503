package org.fatecg.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.attack.Attack;
import org.fatecg.nn.Layers;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Tensor;

/**
 * One model's explanations of a set of beats, clean and attacked: the adversarial beats (made against
 * that model), the predictions on both, and for each map kind the model supports its maps on both, with
 * {@link MapShift} per class. Batches of {@code batch} beats; the maps do not depend on the batching
 * (dropout is off and every map is per beat).
 */
public final class AttackedMaps {
    public final float[] clean, adversarial;
    public final int[] truth, cleanPredicted, adversarialPredicted;
    public final int length;
    /** Per kind, in the order asked for, only the kinds the model supports. */
    public final Map<BeatMaps.Kind, float[][]> cleanMaps = new LinkedHashMap<>(),
            adversarialMaps = new LinkedHashMap<>();

    private AttackedMaps(float[] clean, float[] adversarial, int[] truth, int[] cp, int[] ap, int length) {
        this.clean = clean;
        this.adversarial = adversarial;
        this.truth = truth;
        this.cleanPredicted = cp;
        this.adversarialPredicted = ap;
        this.length = length;
    }

    /**
     * @param layer     the last convolutional layer (Grad-CAM; the attention block's input)
     * @param attention the attention block's layer, for Kind.ATTENTION
     */
    public static AttackedMaps compute(
            Layers.Sequential net,
            Attack attack,
            float[] x,
            int[] y,
            int length,
            List<BeatMaps.Kind> kinds,
            String layer,
            String attention,
            int batch) {
        int n = y.length;
        if (batch < 1) throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        float[] adv = new float[x.length];
        for (int from = 0; from < n; from += batch) {
            int m = Math.min(batch, n - from);
            try (Arena scope = Arena.open()) {
                Tensor xb =
                        Tensor.of(java.util.Arrays.copyOfRange(x, from * length, (from + m) * length), m, 1, length);
                int[] yb = java.util.Arrays.copyOfRange(y, from, from + m);
                float[] a = attack.perturb(net, xb, Functional.labels(yb)).toArray();
                System.arraycopy(a, 0, adv, from * length, a.length);
            }
        }
        AttackedMaps out = new AttackedMaps(x, adv, y.clone(), new int[n], new int[n], length);
        List<BeatMaps.Kind> usable = new ArrayList<>();
        for (BeatMaps.Kind k : kinds) if (BeatMaps.supports(k, net, layer, attention)) usable.add(k);
        if (usable.isEmpty()) usable.add(BeatMaps.Kind.SALIENCY); // every network has an input gradient
        for (BeatMaps.Kind k : usable) {
            out.cleanMaps.put(k, maps(k, net, layer, attention, x, length, batch, out.cleanPredicted));
            out.adversarialMaps.put(k, maps(k, net, layer, attention, adv, length, batch, out.adversarialPredicted));
        }
        return out;
    }

    private static float[][] maps(
            BeatMaps.Kind k,
            Layers.Sequential net,
            String layer,
            String attention,
            float[] x,
            int length,
            int batch,
            int[] predicted) {
        int n = x.length / length;
        float[][] all = new float[n][];
        for (int from = 0; from < n; from += batch) {
            int m = Math.min(batch, n - from);
            BeatMaps.Result r = BeatMaps.compute(
                    k,
                    net,
                    layer,
                    attention,
                    java.util.Arrays.copyOfRange(x, from * length, (from + m) * length),
                    m,
                    length);
            System.arraycopy(r.maps(), 0, all, from, m);
            System.arraycopy(r.predicted(), 0, predicted, from, m);
        }
        return all;
    }

    public MapShift.PerClass shift(BeatMaps.Kind k, int classes) {
        return MapShift.perClass(cleanMaps.get(k), adversarialMaps.get(k), truth, classes);
    }

    /** Share of beats whose prediction the attack changed, per true class and overall (last entry). */
    public double[] flipped(int classes) {
        double[] f = new double[classes + 1];
        int[] c = new int[classes + 1];
        for (int i = 0; i < truth.length; i++)
            for (int k : new int[] {truth[i], classes}) {
                c[k]++;
                if (cleanPredicted[i] != adversarialPredicted[i]) f[k]++;
            }
        for (int k = 0; k <= classes; k++) f[k] = c[k] == 0 ? Double.NaN : f[k] / c[k];
        return f;
    }

    public float[] beat(float[] flat, int i) {
        return java.util.Arrays.copyOfRange(flat, i * length, (i + 1) * length);
    }
}
