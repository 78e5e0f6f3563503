package org.fatecg.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attention and GAP networks: sizes counted by hand, names, trunk shared with the paper CNN, file round trip. */
class AttentionCnnTest {
    @Test
    void parameterCountsAreTheHandCountedOnes() {
        // trunk: (1*3+1)*16 + (16*3+1)*32 + (32*3+1)*64 + (64*3+1)*128 = 64 + 1568 + 6208 + 24704 = 32544
        // attention: conv (128*3+1)*16 = 6160, gamma 1; head (256+1)*5 = 1285
        assertEquals(
                32_544 + 6_160 + 1 + 1_285,
                AttentionCnn.build(AttentionCnn.ATTENTION_CNN, new Rng(0)).parameterCount());
        assertEquals(
                32_544 + 129 * 5,
                AttentionCnn.build(AttentionCnn.GAP_CNN, new Rng(0)).parameterCount());
        assertEquals(
                410_021, AttentionCnn.build(AttentionCnn.PAPER_CNN, new Rng(0)).parameterCount());
    }

    @Test
    void namesAreAPytorchStateDictsAndTheTrunkStartsAsThePaperCnn() {
        Layers.Sequential att = AttentionCnn.build(AttentionCnn.ATTENTION_CNN, new Rng(5));
        List<String> names = att.parameters().stream().map(Parameter::name).toList();
        assertEquals(
                List.of(
                        "conv1.weight",
                        "conv1.bias",
                        "conv2.weight",
                        "conv2.bias",
                        "conv3.weight",
                        "conv3.bias",
                        "conv4.weight",
                        "conv4.bias",
                        "attention.conv.weight",
                        "attention.conv.bias",
                        "attention.gamma",
                        "fc.weight",
                        "fc.bias"),
                names);
        Map<String, float[]> cnn = Models.paperCnn(new Rng(5)).stateDict();
        Map<String, float[]> mine = att.stateDict();
        for (int i = 1; i <= 4; i++)
            assertArrayEquals(cnn.get("conv" + i + ".weight"), mine.get("conv" + i + ".weight"), "conv" + i);
        assertEquals(AttentionCnn.ATTENTION_CNN, AttentionCnn.detect(mine.keySet()));
        assertEquals(
                AttentionCnn.GAP_CNN,
                AttentionCnn.detect(AttentionCnn.build(AttentionCnn.GAP_CNN, new Rng(0))
                        .stateDict()
                        .keySet()));
        assertEquals(AttentionCnn.PAPER_CNN, AttentionCnn.detect(cnn.keySet()));
        assertNull(AttentionCnn.detect(Map.of("fc1.weight", new float[1]).keySet()));
    }

    @Test
    void logitsHaveFiveClassesAndSurviveASafetensorsRoundTrip(@TempDir Path dir) throws Exception {
        Layers.Sequential net = AttentionCnn.build(AttentionCnn.ATTENTION_CNN, new Rng(2));
        Tensor x = Tensor.uniform(new Rng(3), 0f, 1f, 3, 1, Models.BEAT_LENGTH);
        float[] before = net.forward(x).toArray();
        assertEquals(15, before.length);
        Map<String, Safetensors.Entry> t = new LinkedHashMap<>();
        for (Parameter p : net.parameters())
            t.put(p.name(), Safetensors.Entry.f32(p.value().shape(), p.value().toArray()));
        Path f = dir.resolve("m.safetensors");
        Safetensors.write(f, t, Map.of("format", "pt"));
        Layers.Sequential back = AttentionCnn.build(AttentionCnn.ATTENTION_CNN, new Rng(99));
        back.loadStateDict(Safetensors.read(f).floatsWithPrefix(""));
        assertArrayEquals(before, back.forward(x).toArray());
        assertEquals(true, Files.size(f) > 4 * 39_990);
    }

    @Test
    void inverseFrequencyWeightsAndTheWeightedLossByHand() {
        // 6 beats, 3 classes with 3, 2, 1 of them: w_c = 6 / (3 n_c) = 2/3, 1, 2; an absent class gets 0
        assertArrayEquals(
                new float[] {2f / 3f, 1f, 2f, 0f}, ClassWeights.inverseFrequency(new int[] {3, 2, 1, 0}), 1e-7f);
        // two beats with logits (0, 0) and labels 0 and 1: CE = ln 2 each, so any weighting gives ln 2;
        // with logits (ln 3, 0) for beat 0: CE_0 = ln(4/3), CE_1 = ln 2 for (0, 0)
        Tensor z = Tensor.of(new float[] {(float) Math.log(3), 0f, 0f, 0f}, 2, 2);
        Tensor y = Functional.labels(new int[] {0, 1});
        double expected = (1 * Math.log(4.0 / 3) + 3 * Math.log(2)) / 4;
        assertEquals(
                expected, ClassWeights.crossEntropy(z, y, new float[] {1f, 3f}).item(), 1e-6);
        assertEquals(
                (Math.log(4.0 / 3) + Math.log(2)) / 2,
                ClassWeights.crossEntropy(z, y, null).item(),
                1e-6);
    }
}
