package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fatecg.fl.WeightLayout;
import org.fatecg.nn.Models;
import org.fatecg.nn.Module;
import org.fatecg.nn.Safetensors;
import org.fatecg.tensor.Rng;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every way a model is loaded (eval and attack through ModelFiles.load, import and export through
 * ModelFiles.read, resume through WeightLayout.fromEntries in Checkpoint.read) refuses non-finite weights,
 * permuted shapes, wrong dtypes and extra tensors, with a message naming the file and the tensor.
 */
class ModelFilesCheckTest {
    @TempDir
    Path dir;

    private WeightLayout layout;
    private Map<String, Safetensors.Entry> entries;

    @BeforeEach
    void cnn() {
        Module net = Models.paperCnn(new Rng(3));
        layout = new WeightLayout(net);
        entries = layout.toEntries(layout.flatten(net));
    }

    private Path save(Map<String, Safetensors.Entry> t) throws IOException {
        Path f = dir.resolve("model.safetensors");
        Safetensors.write(f, t, Map.of());
        return f;
    }

    /** The same error from eval/attack's loader and from import/export's reader. */
    private String bothLoaders(Map<String, Safetensors.Entry> t) throws IOException {
        Path f = save(t);
        String load = assertThrows(IOException.class, () -> ModelFiles.load(f)).getMessage();
        String read = assertThrows(IOException.class, () -> ModelFiles.read(f, layout))
                .getMessage();
        assertEquals(load, read);
        return load.substring(f.toString().length());
    }

    private Map<String, Safetensors.Entry> withConv1(Safetensors.Entry e) {
        Map<String, Safetensors.Entry> t = new LinkedHashMap<>(entries);
        t.put("conv1.weight", e);
        return t;
    }

    @Test
    void nonFiniteWeightsAreRefused() throws IOException {
        float[] w = entries.get("conv1.weight").floats.clone();
        w[17] = Float.NaN;
        assertEquals(
                ": weight conv1.weight[17] = NaN is not finite; a model with NaN or infinite weights is refused (it diverged or the file is corrupt)",
                bothLoaders(withConv1(Safetensors.Entry.f32(new int[] {16, 1, 3}, w))));
        w[17] = 0;
        w[47] = Float.NEGATIVE_INFINITY;
        assertEquals(
                ": weight conv1.weight[47] = -Infinity is not finite; a model with NaN or infinite weights is refused (it diverged or the file is corrupt)",
                bothLoaders(withConv1(Safetensors.Entry.f32(new int[] {16, 1, 3}, w))));
    }

    @Test
    void aPermutedShapeIsRefusedThoughTheCountMatches() throws IOException {
        float[] w = entries.get("conv1.weight").floats;
        assertEquals(
                " does not match the model (410021 parameters in 14 tensors): tensor 'conv1.weight' has shape [3, 1, 16], expected [16, 1, 3]",
                bothLoaders(withConv1(Safetensors.Entry.f32(new int[] {3, 1, 16}, w))));
    }

    @Test
    void aWrongDtypeIsRefused() throws IOException {
        assertEquals(
                " does not match the model (410021 parameters in 14 tensors): tensor 'conv1.weight' is I64, expected F32",
                bothLoaders(withConv1(Safetensors.Entry.i64(new int[] {16, 1, 3}, new long[48]))));
    }

    @Test
    void anExtraTensorIsRefused() throws IOException {
        Map<String, Safetensors.Entry> t = new LinkedHashMap<>(entries);
        t.put("fc4.weight", Safetensors.Entry.f32(new int[] {1}, new float[] {1}));
        assertEquals(
                " does not match the model (410021 parameters in 14 tensors): unexpected tensor 'fc4.weight'",
                bothLoaders(t));
    }

    @Test
    void resumeRefusesNonFiniteCheckpointWeights() {
        Map<String, Safetensors.Entry> t = new LinkedHashMap<>(entries);
        float[] b = t.get("fc3.bias").floats.clone();
        b[4] = Float.POSITIVE_INFINITY;
        t.put("fc3.bias", Safetensors.Entry.f32(new int[] {5}, b));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> layout.fromEntries(t, "", "ck/fat-round-002.safetensors"));
        assertEquals(
                "ck/fat-round-002.safetensors: weight fc3.bias[4] = Infinity is not finite; a model with NaN or infinite weights is refused (it diverged or the file is corrupt)",
                e.getMessage());
    }

    @Test
    void importRefusesANaNModelWithASentence() throws IOException {
        float[] w = entries.get("conv1.weight").floats.clone();
        w[0] = Float.NaN;
        Path f = save(withConv1(Safetensors.Entry.f32(new int[] {16, 1, 3}, w)));
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        assertEquals(
                1,
                cl.execute(
                        "import",
                        f.toString(),
                        "--out",
                        dir.resolve("out.safetensors").toString()));
        assertEquals(
                "fatecg: " + f
                        + ": weight conv1.weight[0] = NaN is not finite; a model with NaN or infinite weights is refused (it diverged or the file is corrupt)",
                err.toString().strip());
        assertEquals(false, Files.exists(dir.resolve("out.safetensors")));
    }
}
