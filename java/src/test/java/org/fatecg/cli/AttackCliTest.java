package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.fatecg.SharedFiles;
import org.fatecg.attack.SyntheticBeats;
import org.fatecg.nn.Layers;
import org.fatecg.nn.Models;
import org.fatecg.nn.Module;
import org.fatecg.nn.Safetensors;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** fatecg attack and fatecg eval end to end, on a model file and a beat file that the test writes. */
class AttackCliTest {
    @TempDir
    static Path dir;

    static Path modelFile, dataFile;
    static SyntheticBeats.Set beats;

    @BeforeAll
    static void writeFiles() throws Exception {
        Layers.Sequential net = SyntheticBeats.trainedModel(3);
        modelFile = dir.resolve("mlp.safetensors");
        Map<String, Safetensors.Entry> w = new LinkedHashMap<>();
        Map<String, int[]> shapes = net.shapes();
        for (Map.Entry<String, float[]> e : net.stateDict().entrySet())
            w.put(e.getKey(), Safetensors.Entry.f32(shapes.get(e.getKey()), e.getValue()));
        Safetensors.write(modelFile, w, Map.of());
        beats = SyntheticBeats.make(8, 12);
        long[] y = new long[beats.size()];
        for (int i = 0; i < y.length; i++) y[i] = beats.y()[i];
        dataFile = dir.resolve("beats.safetensors");
        Map<String, Safetensors.Entry> d = new LinkedHashMap<>();
        d.put("input.x", Safetensors.Entry.f32(new int[] {beats.size(), 1, SyntheticBeats.LENGTH}, beats.x()));
        d.put("input.y", Safetensors.Entry.i64(new int[] {beats.size()}, y));
        Safetensors.write(dataFile, d, Map.of());
    }

    static int run(StringWriter out, String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return cli.execute(args);
    }

    @Test
    void attackWritesAdversarialBeatsMetricsAndFigures() throws Exception {
        Path out = dir.resolve("attack-out");
        StringWriter log = new StringWriter();
        int rc = run(
                log,
                "attack",
                "--model",
                modelFile.toString(),
                "--beats",
                dataFile.toString(),
                "--attack",
                "pgd",
                "--eps",
                "0.1",
                "--alpha",
                "0.01",
                "--steps",
                "20",
                "--limit",
                "30",
                "--batch",
                "16",
                "--examples",
                "2",
                "--out",
                out.toString());
        assertEquals(0, rc, log.toString());
        Safetensors.Contents r = Safetensors.read(out.resolve("adversarial.safetensors"));
        float[] x = r.floats("input.x"), adv = r.floats("adversarial.x");
        assertEquals(30 * SyntheticBeats.LENGTH, adv.length, "--limit 30");
        int moved = 0;
        for (int i = 0; i < adv.length; i++) {
            assertTrue(adv[i] >= 0 && adv[i] <= 1 && Math.abs(adv[i] - x[i]) <= 0.1f + 1e-6f, "element " + i);
            if (adv[i] != x[i]) moved++;
        }
        assertTrue(moved > adv.length / 2);
        long[] predAdv = r.longs("pred.adversarial"), y = r.longs("input.y");
        int fooled = 0;
        for (int i = 0; i < y.length; i++) if (predAdv[i] != y[i]) fooled++;
        assertTrue(fooled > 10, "PGD at eps 0.1 fools the synthetic model: " + fooled + " of 30");

        String json = Files.readString(out.resolve("metrics.json"));
        assertTrue(
                json.contains("\"condition\": \"clean\"")
                        && json.contains("\"condition\": \"pgd\"")
                        && json.contains("mean_snr_db"),
                json);
        assertTrue(Files.readString(out.resolve("metrics.md")).contains("sens V %"));
        for (String png :
                new String[] {"pgd-beat0.png", "pgd-perturbation0.png", "pgd-beat1.png", "pgd-perturbation1.png"})
            assertNotNull(ImageIO.read(out.resolve(png).toFile()), png);
        assertTrue(log.toString().contains("accuracy %"), log.toString());
    }

    @Test
    void evalRunsEveryConditionAndTheSweep() throws Exception {
        Path out = dir.resolve("eval-out");
        StringWriter log = new StringWriter();
        int rc = run(
                log,
                "eval",
                "--model",
                modelFile.toString(),
                "--beats",
                dataFile.toString(),
                "--attacks",
                "clean,pgd,fgsm,cw,bim",
                "--eps",
                "0.1",
                "--limit",
                "20",
                "--examples",
                "1",
                "--sweep",
                "--out",
                out.toString());
        assertEquals(0, rc, log.toString());
        String json = Files.readString(out.resolve("metrics.json"));
        for (String c : new String[] {"clean", "pgd", "fgsm", "cw", "bim"})
            assertTrue(json.contains("\"condition\": \"" + c + "\""), c);
        assertTrue(json.contains("CW-L2-50") && json.contains("BIM-10"), "settings name the paper defaults: " + json);
        for (String png : new String[] {"cw-beat0.png", "bim-perturbation0.png", "sweep.png"})
            assertNotNull(ImageIO.read(out.resolve(png).toFile()), png);
        String sweep = Files.readString(out.resolve("sweep.md"));
        assertTrue(sweep.contains("20-PGD") && sweep.contains("100-PGD"), sweep);
    }

    @Test
    void badInputsFailWithAMessage() {
        StringWriter log = new StringWriter();
        assertNotEquals(
                0,
                run(
                        log,
                        "attack",
                        "--model",
                        modelFile.toString(),
                        "--beats",
                        dataFile.toString(),
                        "--attack",
                        "deepfool",
                        "--out",
                        dir.resolve("x").toString()));
        assertTrue(log.toString().contains("unknown attack 'deepfool'"), log.toString());
        log = new StringWriter();
        assertNotEquals(
                0,
                run(
                        log,
                        "eval",
                        "--model",
                        dataFile.toString(),
                        "--beats",
                        dataFile.toString(),
                        "--out",
                        dir.resolve("y").toString()));
        assertTrue(log.toString().contains("neither the paper CNN"), log.toString());
    }

    @Test
    void attackReadsTheTestSideOfTheMitBihPaperSplit() throws Exception {
        Path mitdb = SharedFiles.require("data/mitdb");
        Path out = dir.resolve("mitdb-out");
        StringWriter log = new StringWriter();
        Layers.Sequential cnn = Models.paperCnn(new Rng(4));
        Path cnnFile = dir.resolve("cnn-for-mitdb.safetensors");
        Map<String, Safetensors.Entry> w = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : cnn.stateDict().entrySet())
            w.put(e.getKey(), Safetensors.Entry.f32(cnn.shapes().get(e.getKey()), e.getValue()));
        Safetensors.write(cnnFile, w, Map.of());
        int rc = run(
                log,
                "attack",
                "--model",
                cnnFile.toString(),
                "--data",
                mitdb.toString(),
                "--cache-dir",
                dir.resolve("windows").toString(),
                "--attack",
                "fgsm",
                "--limit",
                "24",
                "--examples",
                "0",
                "--out",
                out.toString());
        assertEquals(0, rc, log.toString());
        Safetensors.Contents r = Safetensors.read(out.resolve("adversarial.safetensors"));
        assertEquals(24 * 180, r.floats("adversarial.x").length);
        assertTrue(
                Files.readString(out.resolve("metrics.json")).contains("paper split seed 0, test side (21894 beats)"),
                "the paper's test set has 21,894 beats");
    }

    @Test
    void modelFilesLoadTheCnnWithOrWithoutTheModelPrefix() throws Exception {
        Path golden = SharedFiles.require("golden/cnn-golden.safetensors");
        Module net = ModelFiles.load(golden);
        Safetensors.Contents g = Safetensors.read(golden);
        int[] expected = Functional.argmax(org.fatecg.tensor.Tensor.of(g.floats("out.logits"), 64, 5));
        assertArrayEquals(
                expected, Functional.argmax(net.forward(org.fatecg.tensor.Tensor.of(g.floats("input.x"), 64, 1, 180))));
        Layers.Sequential cnn = Models.paperCnn(new Rng(4));
        Map<String, Safetensors.Entry> w = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : cnn.stateDict().entrySet())
            w.put(e.getKey(), Safetensors.Entry.f32(cnn.shapes().get(e.getKey()), e.getValue()));
        Path plain = dir.resolve("cnn.safetensors");
        Safetensors.write(plain, w, Map.of());
        assertArrayEquals(
                cnn.stateDict().get("fc3.bias"),
                ModelFiles.load(plain).stateDict().get("fc3.bias"));
    }
}
