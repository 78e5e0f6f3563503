package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fatecg.SharedFiles;
import org.fatecg.data.Lead;
import org.fatecg.data.WindowSettings;
import org.fatecg.nn.Models;
import org.fatecg.nn.Module;
import org.fatecg.nn.Safetensors;
import org.fatecg.tensor.Rng;
import org.fatecg.train.RobustTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model files record the beats they were trained on, and eval / attack / explain build the same beats or
 * refuse: hand-made files (a net of the wanted architecture, written with the metadata spelled out here).
 */
class ModelBeatsTest {
    @TempDir
    Path dir;

    /** Writes net's tensors (state_dict names) with the given metadata, as a PyTorch export would. */
    private Path write(String name, Module net, Map<String, String> meta) throws IOException {
        Map<String, Safetensors.Entry> t = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : net.stateDict().entrySet())
            t.put(e.getKey(), Safetensors.Entry.f32(net.shapes().get(e.getKey()), e.getValue()));
        Path f = dir.resolve(name + ".safetensors");
        Safetensors.write(f, t, meta);
        return f;
    }

    private static Module net(String arch, int length) {
        return Models.byName(arch, new Rng(1), length, true);
    }

    private static final String KACHUEE_KEY = "format=kachuee;lead=0;before=0;after=186;norm=MINMAX";

    private static Map<String, String> meta(String beats, String length) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("beats", beats);
        if (length != null) m.put("window_length", length);
        return m;
    }

    private ModelFiles.BeatsOf beatsOf(Path f) throws IOException {
        return ModelFiles.beatsOf(f, ModelFiles.load(f));
    }

    @Test
    void robustTrainsModelFileRecordsKachueeBeatsAndTheyReadBack() throws IOException {
        Module mlp = net("mlp", 187);
        Path f = dir.resolve("model.safetensors");
        RobustTrainer.writeModel(
                f, mlp, new RobustTrainer.Settings("mlp", "ce", 1, 8, 1e-3f, 0, null, WindowSettings.KACHUEE));
        Map<String, String> written = Safetensors.read(f).metadata;
        assertEquals(KACHUEE_KEY, written.get("beats"));
        assertEquals("187", written.get("window_length"));
        ModelFiles.BeatsOf b = beatsOf(f);
        assertEquals(WindowSettings.KACHUEE, b.recorded());
        assertEquals(187, b.inputLength());
        assertEquals(WindowSettings.KACHUEE, b.mitBih());
    }

    @Test
    void theRecordedBeatsAreTheDefaultEvenForAModelThatTakesAnyLength() throws IOException {
        Path f = write("resnet-kachuee", net("resnet", 187), meta(KACHUEE_KEY, "187"));
        ModelFiles.BeatsOf b = beatsOf(f);
        assertEquals(0, b.inputLength()); // the residual CNN pools globally
        assertEquals(WindowSettings.KACHUEE, b.mitBih());
        Path windows = write(
                "resnet-mlii",
                net("resnet", 180),
                meta("format=windows;lead=MLII;before=90;after=89;norm=MINMAX", null));
        assertEquals(WindowSettings.PAPER.withLead(Lead.MLII), beatsOf(windows).mitBih());
    }

    @Test
    void aFileWithoutMetadataKeepsWindowsOnLeadOneUnlessItsInputLengthSaysOtherwise() throws IOException {
        assertNull(beatsOf(write("resnet-old", net("resnet", 180), Map.of())).recorded());
        assertEquals(
                WindowSettings.PAPER,
                beatsOf(write("resnet-old", net("resnet", 180), Map.of())).mitBih());
        assertEquals(
                WindowSettings.PAPER,
                beatsOf(write("mlp-180", net("mlp", 180), Map.of())).mitBih());
        assertEquals(
                WindowSettings.PAPER,
                beatsOf(write("cnn-old", net("paper-cnn", 180), Map.of())).mitBih());
        // only Kachuee beats have 187 samples
        assertEquals(
                WindowSettings.KACHUEE,
                beatsOf(write("mlp-187", net("mlp", 187), Map.of())).mitBih());
        Path odd = write("mlp-100", net("mlp", 100), Map.of());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> beatsOf(odd).mitBih());
        assertTrue(
                e.getMessage().contains(odd.toString())
                        && e.getMessage().contains("100-sample")
                        && e.getMessage().contains("windows 180, kachuee 187"),
                e.getMessage());
    }

    @Test
    void aRecordThatContradictsTheModelsInputLengthIsRefused() throws IOException {
        Path f = write("mlp-187-windows", net("mlp", 187), meta(WindowSettings.PAPER.key(), null));
        IOException e = assertThrows(IOException.class, () -> beatsOf(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(
                e.getMessage()
                                .contains(
                                        "metadata field 'beats' = 'format=windows;lead=1;before=90;after=89;norm=MINMAX'")
                        && e.getMessage().contains("names 180-sample beats")
                        && e.getMessage().contains("(tensor fc1.weight [")
                        && e.getMessage().contains(", 187])"),
                e.getMessage());
        Path g = write("resnet-len", net("resnet", 187), meta(KACHUEE_KEY, "180"));
        IOException e2 = assertThrows(IOException.class, () -> beatsOf(g));
        assertTrue(
                e2.getMessage().contains("'window_length' = '180'")
                        && e2.getMessage().contains("187-sample"),
                e2.getMessage());
        Path h = write(
                "resnet-bad", net("resnet", 187), meta("format=kaggle;lead=0;before=0;after=186;norm=MINMAX", null));
        IOException e3 = assertThrows(IOException.class, () -> beatsOf(h));
        assertTrue(
                e3.getMessage().contains(h.toString())
                        && e3.getMessage().contains("'beats' = 'format=kaggle")
                        && e3.getMessage().contains("'kaggle'"),
                e3.getMessage());
    }

    private static String run(int expectRc, String... args) {
        StringWriter out = new StringWriter();
        picocli.CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int rc = cli.execute(args);
        assertEquals(expectRc, rc, out.toString());
        return out.toString();
    }

    @Test
    void evalAndAttackRefuseALeadThatContradictsTheFile() throws IOException {
        Path f = write("resnet-kachuee", net("resnet", 187), meta(KACHUEE_KEY, "187"));
        for (String command : new String[] {"eval", "attack"}) {
            String log = run(
                    1,
                    command,
                    "--model",
                    f.toString(),
                    "--lead",
                    "1",
                    command.equals("eval") ? "--attacks" : "--attack",
                    "fgsm",
                    "--out",
                    dir.resolve(command).toString());
            assertTrue(
                    log.contains("--lead 1 contradicts " + f)
                            && log.contains("'beats' = '" + KACHUEE_KEY + "'")
                            && log.contains("trained on lead 0"),
                    log);
        }
    }

    @Test
    void aBeatFileOfAnotherLengthThanTheRecordIsRefused() throws IOException {
        Path f = write("resnet-kachuee", net("resnet", 187), meta(KACHUEE_KEY, "187"));
        Path beats = dir.resolve("beats.safetensors");
        Safetensors.write(
                beats,
                Map.of(
                        "input.x", Safetensors.Entry.f32(new int[] {2, 1, 180}, new float[360]),
                        "input.y", Safetensors.Entry.i64(new int[] {2}, new long[] {0, 1})),
                Map.of());
        String log = run(
                1,
                "eval",
                "--model",
                f.toString(),
                "--beats",
                beats.toString(),
                "--attacks",
                "clean",
                "--out",
                dir.resolve("out").toString());
        assertTrue(
                log.contains("--beats " + beats + ": input.x holds 180-sample beats, but " + f
                        + " takes 187-sample beats (metadata field 'beats' = '" + KACHUEE_KEY + "')"),
                log);
    }

    /** End to end on MIT-BIH: a Kachuee-trained resnet is evaluated on Kachuee beats without being told. */
    @Test
    void evalOfAKachueeModelBuildsKachueeBeats() throws IOException {
        Path data = SharedFiles.require("data/mitdb");
        Path f = write("resnet-kachuee", net("resnet", 187), meta(KACHUEE_KEY, "187"));
        run(
                0,
                "eval",
                "--model",
                f.toString(),
                "--data",
                data.toString(),
                "--no-cache",
                "--attacks",
                "clean",
                "--limit",
                "16",
                "--out",
                dir.resolve("eval").toString());
        String json = java.nio.file.Files.readString(dir.resolve("eval").resolve("metrics.json"));
        assertTrue(json.contains("kachuee beats of 187 samples, lead 0"), json);
    }
}
