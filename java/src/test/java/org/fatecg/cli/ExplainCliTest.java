package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.fatecg.nn.AttentionCnn;
import org.fatecg.nn.Layers;
import org.fatecg.nn.Models;
import org.fatecg.nn.Safetensors;
import org.fatecg.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * fatecg explain end to end on two untrained models (the paper CNN and attention-cnn) and a file of
 * synthetic beats: the figures are PNGs of the grid's size (2 models: cnn Grad-CAM; attention-cnn
 * Grad-CAM and attention = 3 rows, 2 columns), one per class present, and the table has a row per
 * model, map and class plus "all". The model files are read back through fatecg's own detection.
 */
class ExplainCliTest {
    static Path save(Path dir, String name, Layers.Sequential net) throws Exception {
        Map<String, Safetensors.Entry> w = new LinkedHashMap<>();
        Map<String, int[]> shapes = net.shapes();
        for (Map.Entry<String, float[]> e : net.stateDict().entrySet())
            w.put(e.getKey(), Safetensors.Entry.f32(shapes.get(e.getKey()), e.getValue()));
        Path f = dir.resolve(name + ".safetensors");
        Safetensors.write(f, w, Map.of());
        return f;
    }

    @Test
    void writesOneFigurePerClassAndTheShiftTable(@TempDir Path dir) throws Exception {
        Path cnn = save(dir, "vanilla", Models.paperCnn(new Rng(1)));
        Path att = save(dir, "attn", AttentionCnn.build(AttentionCnn.ATTENTION_CNN, new Rng(1)));
        long[] y = {0, 0, 2, 2, 4, 4};
        int[] centre = new int[y.length];
        for (int i = 0; i < y.length; i++) centre[i] = (int) (90 + 10 * y[i]);
        Path beats = Cli.bumpBeats(dir, y, centre);
        Path out = dir.resolve("out");
        StringWriter log = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(log, true));
        cli.setErr(new PrintWriter(log, true));
        int rc = cli.execute(
                "explain",
                "--model",
                cnn.toString(),
                att.toString(),
                "--beats",
                beats.toString(),
                "--attack",
                "fgsm",
                "--per-class",
                "2",
                "--threads",
                "1",
                "--out",
                out.toString());
        assertEquals(0, rc, log.toString());
        for (String cls : new String[] {"N", "V", "Q"}) {
            BufferedImage img =
                    ImageIO.read(out.resolve("beat-" + cls + "-0.png").toFile());
            assertEquals(2 * 620, img.getWidth());
            assertTrue(img.getHeight() > 3 * 300, "three rows of panels: " + img.getHeight());
        }
        assertTrue(!Files.exists(out.resolve("beat-S-0.png")), "no S beat, no S figure");
        String md = Files.readString(out.resolve("explain.md"));
        // 3 (model, map) pairs x (3 classes + all) rows
        long rows = md.lines()
                .filter(l -> l.startsWith("| cnn") || l.startsWith("| attention-cnn"))
                .count();
        assertEquals(3 * 4, rows, md);
        assertTrue(
                md.lines()
                        .anyMatch(
                                l -> l.matches("\\| attention-cnn \\(attn\\) +\\| attention +\\| all +\\| +6 +\\|.*")),
                md);
    }

    @Test
    void refusesAModelWithoutConvolutionalMaps(@TempDir Path dir) throws Exception {
        Path mlp = save(dir, "mlp", Models.mlp(new Rng(1), Models.BEAT_LENGTH, true));
        StringWriter log = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(log, true));
        cli.setErr(new PrintWriter(log, true));
        int rc = cli.execute(
                "explain",
                "--model",
                mlp.toString(),
                "--beats",
                mlp.toString(),
                "--out",
                dir.resolve("o").toString());
        assertEquals(1, rc);
        assertTrue(log.toString().contains("explain needs a convolutional model"), log.toString());
    }
}
