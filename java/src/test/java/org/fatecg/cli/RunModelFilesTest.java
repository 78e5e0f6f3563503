package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.attack.AttackSettings;
import org.fatecg.attack.Condition;
import org.fatecg.attack.Pgd;
import org.fatecg.data.SplitConfig;
import org.fatecg.fl.AggregationRule;
import org.fatecg.fl.Experiment;
import org.fatecg.fl.FederationListener;
import org.fatecg.fl.FitConfig;
import org.fatecg.fl.RunConfig;
import org.fatecg.fl.TinyBeats;
import org.fatecg.fl.WeightLayout;
import org.fatecg.nn.Models;
import org.fatecg.nn.Module;
import org.fatecg.nn.Safetensors;
import org.fatecg.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** fatecg export and import: PyTorch state_dict names, optional "model." prefix, clear errors. */
class RunModelFilesTest {
    private final StringWriter out = new StringWriter(), err = new StringWriter();

    private int fatecg(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    /** A PyTorch-style file: the paper CNN's tensors under a prefix, as torch's save_file of a wrapper's state_dict writes them. */
    private static Map<String, Safetensors.Entry> torchStyle(WeightLayout layout, float[] w, String prefix) {
        Map<String, Safetensors.Entry> m = new LinkedHashMap<>();
        for (Map.Entry<String, Safetensors.Entry> e : layout.toEntries(w).entrySet())
            m.put(prefix + e.getKey(), e.getValue());
        return m;
    }

    @Test
    void importTakesPyTorchNamesWithOrWithoutPrefix(@TempDir Path dir) throws IOException {
        Module net = Models.paperCnn(new Rng(7));
        WeightLayout layout = new WeightLayout(net);
        float[] w = layout.flatten(net);
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
                        "fc1.weight",
                        "fc1.bias",
                        "fc2.weight",
                        "fc2.bias",
                        "fc3.weight",
                        "fc3.bias"),
                layout.names());
        assertEquals(410_021, layout.size());
        for (String prefix : new String[] {"", "model."}) {
            Path in = dir.resolve("torch" + prefix.length() + ".safetensors"),
                    outFile = dir.resolve("ours" + prefix.length() + ".safetensors");
            Safetensors.write(in, torchStyle(layout, w, prefix), Map.of("format", "pt"));
            assertEquals(0, fatecg("import", in.toString(), "--out", outFile.toString()), err.toString());
            Safetensors.Contents c = Safetensors.read(outFile);
            assertEquals(layout.names(), List.copyOf(c.tensors.keySet()));
            assertArrayEquals(w, layout.fromEntries(c.tensors, "", "x"));
            assertEquals("pt", c.metadata.get("format"));
            assertArrayEquals(new int[] {16, 1, 3}, c.tensors.get("conv1.weight").shape);
        }
        assertTrue(out.toString().contains("name prefix 'model.' removed"), out.toString());
    }

    @Test
    void importNamesWrongShapesMissingAndExtraTensors(@TempDir Path dir) throws IOException {
        WeightLayout layout = ModelFiles.paperLayout();
        Map<String, Safetensors.Entry> m = torchStyle(layout, new float[layout.size()], "model.");
        m.put("model.conv1.weight", Safetensors.Entry.f32(new int[] {16, 1, 5}, new float[80]));
        m.remove("model.fc3.bias");
        m.put("model.fc4.weight", Safetensors.Entry.f32(new int[] {2}, new float[2]));
        Path bad = dir.resolve("bad.safetensors");
        Safetensors.write(bad, m, Map.of());
        assertEquals(
                1,
                fatecg(
                        "import",
                        bad.toString(),
                        "--out",
                        dir.resolve("x.safetensors").toString()));
        String e = err.toString();
        assertTrue(
                e.contains("bad.safetensors")
                        && e.contains("'model.conv1.weight' has shape [16, 1, 5], expected [16, 1, 3]")
                        && e.contains("missing tensor 'model.fc3.bias'")
                        && e.contains("unexpected tensor 'model.fc4.weight'"),
                e);
        assertTrue(!Files.exists(dir.resolve("x.safetensors")));

        float[] nan = new float[layout.size()];
        nan[3] = Float.NaN;
        Safetensors.write(bad, torchStyle(layout, nan, ""), Map.of());
        assertEquals(
                1,
                fatecg(
                        "import",
                        bad.toString(),
                        "--out",
                        dir.resolve("x.safetensors").toString()));
        assertTrue(err.toString().contains("conv1.weight[3] = NaN"), err.toString());
    }

    @Test
    void exportWritesEachFederationOfARun(@TempDir Path dir) throws IOException {
        RunConfig cfg = new RunConfig(
                "test",
                1,
                new RunConfig.Data(dir, "1", List.of()),
                SplitConfig.paper(1).withClients(3),
                new RunConfig.Federation(
                        List.of("nonfat", "fat"),
                        2,
                        1,
                        FitConfig.paper().withEpochs(1).withBatchSize(10).withMaxExamples(10),
                        new AggregationRule.FedAvg()),
                new RunConfig.Attacks(new Pgd.Settings(0.03f, 0.01f, 1, true), AttackSettings.paper()),
                new RunConfig.Eval(List.of(Condition.CLEAN), 1, 10, 10));
        Experiment exp = new Experiment(cfg, TinyBeats.make(40, 3), FederationListener.NONE, null);
        Path run = dir.resolve("run");
        exp.run(run.resolve("checkpoint"), false, Map.of(), (r, s) -> {});
        assertEquals(
                0,
                fatecg(
                        "export",
                        run.toString(),
                        "--out",
                        dir.resolve("exported").toString()),
                err.toString());
        WeightLayout layout = exp.layout();
        // run's final models record the beats (windows, here on MLII) that eval and attack then build
        ModelFiles.writeFinal(
                dir.resolve("models"),
                exp.simulations(),
                layout,
                1,
                org.fatecg.data.WindowSettings.PAPER.withLead(org.fatecg.data.Lead.MLII));
        Path fat = dir.resolve("models/fat.safetensors");
        assertEquals(
                "format=windows;lead=MLII;before=90;after=89;norm=MINMAX",
                Safetensors.read(fat).metadata.get("beats"));
        assertEquals(
                "MLII",
                ModelFiles.beatsOf(fat, ModelFiles.load(fat)).mitBih().lead().spec());
        assertArrayEquals(
                exp.simulations().get(1).global(), ModelFiles.read(dir.resolve("exported/fat.safetensors"), layout));
        assertArrayEquals(
                exp.simulations().get(0).global(),
                ModelFiles.read(dir.resolve("exported/non-fat.safetensors"), layout));

        Path one = dir.resolve("fat.safetensors");
        assertEquals(
                0, fatecg("export", run.toString(), "--federation", "fat", "--out", one.toString()), err.toString());
        assertArrayEquals(exp.simulations().get(1).global(), ModelFiles.read(one, layout));
        assertEquals(
                1,
                fatecg(
                        "export",
                        run.toString(),
                        "--out",
                        dir.resolve("both.safetensors").toString()));
        assertTrue(err.toString().contains("give --federation or a folder"), err.toString());
        assertEquals(
                1,
                fatecg(
                        "export",
                        dir.resolve("nothing").toString(),
                        "--out",
                        dir.resolve("o").toString()));
        assertTrue(err.toString().contains("neither a run folder"), err.toString());
    }
}
