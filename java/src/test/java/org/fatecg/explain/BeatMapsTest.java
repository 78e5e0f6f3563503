package org.fatecg.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.fatecg.nn.AttentionCnn;
import org.fatecg.nn.Layers;
import org.fatecg.nn.Models;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Grad-CAM, saliency and the resampling on tiny networks whose maps are computed by hand. */
class BeatMapsTest {
    /**
     * conv (2 filters of kernel 1: +1 and -1, no bias) -> relu -> flatten -> linear (2 classes, no bias):
     * A_0 = relu(x), A_1 = relu(-x).
     */
    static Layers.Sequential tiny(float[] head) {
        Layers.Sequential net = new Layers.Sequential()
                .add("conv", new Layers.Conv1d(1, 2, 1, 0, false, new Rng(1)))
                .add("relu", new Layers.ReLU())
                .add("flatten", new Layers.Flatten())
                .add("fc", new Layers.Linear(8, 2, false, new Rng(2)));
        net.parameters().get(0).value().assign(Tensor.of(new float[] {1f, -1f}, 2, 1, 1));
        net.parameters().get(1).value().assign(Tensor.of(head, 2, 8));
        return net;
    }

    @Test
    void gradCamOfATinyNetworkIsTheHandComputedMap() {
        // x = (1, -2, 3, -4): A_0 = (1, 0, 3, 0), A_1 = (0, 2, 0, 4).
        // Row 0 of the head: 1 on A_0, -0.5 on A_1, so y_0 = 4 - 3 = 1 > y_1 = 0 and class 0 is predicted.
        // d y_0 / d A_k[t] is the head weight: w_0 = mean(1, 1, 1, 1) = 1, w_1 = mean(-0.5 ...) = -0.5;
        // map = ReLU(A_0 - 0.5 A_1) = ReLU(1, -1, 3, -2) = (1, 0, 3, 0).
        float[] head = {1, 1, 1, 1, -0.5f, -0.5f, -0.5f, -0.5f, 0, 0, 0, 0, 0, 0, 0, 0};
        BeatMaps.Result r =
                BeatMaps.compute(BeatMaps.Kind.GRAD_CAM, tiny(head), "relu", null, new float[] {1, -2, 3, -4}, 1, 4);
        assertArrayEquals(new int[] {0}, r.predicted());
        assertArrayEquals(new float[] {1, 0, 3, 0}, r.maps()[0], 1e-6f);
    }

    @Test
    void gradCamExplainsEachBeatsOwnPrediction() {
        // Row 1 weighs A_1 by (1, 0, 1, 0): for x = (-1, -1, -1, -1), A_0 = 0 and A_1 = 1, y_0 = -2, y_1 = 2; the first
        // beat keeps y_1 = 0 < y_0 = 1. Class 1 is predicted for the second, w_0 = 0, w_1 = mean(1, 0, 1, 0) = 0.5, map
        // = 0.5 A_1 = (0.5, 0.5, 0.5, 0.5).
        float[] head = {1, 1, 1, 1, -0.5f, -0.5f, -0.5f, -0.5f, 0, 0, 0, 0, 1, 0, 1, 0};
        BeatMaps.Result r = BeatMaps.compute(
                BeatMaps.Kind.GRAD_CAM, tiny(head), "relu", null, new float[] {1, -2, 3, -4, -1, -1, -1, -1}, 2, 4);
        assertArrayEquals(new int[] {0, 1}, r.predicted());
        assertArrayEquals(new float[] {1, 0, 3, 0}, r.maps()[0], 1e-6f);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, r.maps()[1], 1e-6f);
    }

    @Test
    void saliencyOfAReluNetworkIsTheAbsoluteChainRule() {
        // d y_0 / d x_t = 1 * [x_t > 0] * head(A_0, t) + (-1) * [x_t < 0] * head(A_1, t): (1, 0.5, 1, 0.5) in absolute
        // value
        float[] head = {1, 1, 1, 1, -0.5f, -0.5f, -0.5f, -0.5f, 0, 0, 0, 0, 0, 0, 0, 0};
        BeatMaps.Result r =
                BeatMaps.compute(BeatMaps.Kind.SALIENCY, tiny(head), "relu", null, new float[] {1, -2, 3, -4}, 1, 4);
        assertArrayEquals(new float[] {1, 0.5f, 1, 0.5f}, r.maps()[0], 1e-6f);
    }

    @Test
    void resamplingPlacesEachPositionAtTheCentreOfItsSamples() {
        // 2 positions over 4 samples: centres at samples 0.5 and 2.5, so (0, 4) -> (0, 1, 3, 4)
        assertArrayEquals(new float[] {0, 1, 3, 4}, BeatMaps.resample(new float[] {0, 4}, 4), 1e-6f);
        // 22 positions over 180 samples (three poolings, stride 8): position j is the value at sample 8j + 3.5,
        // so samples 3 and 4 are each 1/16 away from position 0's centre; samples past 175 (dropped by floor pooling)
        // keep the last
        float[] m = new float[22];
        for (int j = 0; j < 22; j++) m[j] = j;
        float[] up = BeatMaps.resample(m, 180);
        assertEquals(0f, up[0], 1e-6f);
        assertEquals(0f, up[3], 1e-6f);
        assertEquals(1f / 16f, up[4], 1e-6f);
        assertEquals(10f, (up[83] + up[84]) / 2, 1e-6f);
        assertEquals(21f, up[179], 1e-6f);
    }

    @Test
    void theAttentionMapIsOnlyForANetworkWithTheBlock() {
        float[] x = new float[Models.BEAT_LENGTH];
        for (int t = 0; t < x.length; t++) x[t] = (float) Math.exp(-Math.pow((t - 90) / 6.0, 2));
        Layers.Sequential att = AttentionCnn.build(AttentionCnn.ATTENTION_CNN, new Rng(4));
        BeatMaps.Result r = BeatMaps.compute(
                BeatMaps.Kind.ATTENTION, att, AttentionCnn.LAST_CONV, AttentionCnn.ATTENTION, x, 1, x.length);
        assertEquals(Models.BEAT_LENGTH, r.maps()[0].length);
        double mean = 0;
        for (float v : r.maps()[0]) mean += v / x.length;
        // sum over 16 maps of softmaxes over 22 positions: 16/22 per position on average (up to the ends' resampling)
        assertEquals(16.0 / 22, mean, 0.2);
        assertThrows(
                IllegalArgumentException.class,
                () -> BeatMaps.compute(
                        BeatMaps.Kind.ATTENTION,
                        Models.paperCnn(new Rng(1)),
                        AttentionCnn.LAST_CONV,
                        AttentionCnn.ATTENTION,
                        x,
                        1,
                        x.length));
    }
}
