package org.fatecg.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fatecg.attack.Attack;
import org.fatecg.attack.Attacks;
import org.fatecg.attack.Condition;
import org.fatecg.explain.AttackedMaps;
import org.fatecg.explain.BeatMaps;
import org.fatecg.explain.MapShift;
import org.fatecg.io.AtomicFiles;
import org.fatecg.io.Json;
import org.fatecg.nn.AttentionCnn;
import org.fatecg.nn.Layers;
import org.fatecg.nn.Module;
import org.fatecg.report.BeatMapFigure;
import org.fatecg.report.MarkdownTable;
import org.fatecg.tensor.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fatecg explain}: where one or more models look at a beat, before and after an attack. For each
 * model the chosen attack is run against that model; Grad-CAM, the attention map (attention models) and
 * saliency are computed on the clean and the adversarial beat (org.fatecg.explain), and drawn as heat
 * bands under the traces (org.fatecg.report): one PNG per example beat, rows = model and map, columns =
 * clean and adversarial. explain.md and explain.json give, per class, how far the maps moved.
 */
@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        description =
                "Grad-CAM, attention and saliency maps of beats, clean against adversarial, for one or more models side by side.")
public final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            arity = "1..*",
            paramLabel = "FILE",
            description =
                    "Model weights (.safetensors): the paper CNN, attention-cnn or gap-cnn; several are drawn side by side.")
    List<Path> models;

    @Option(
            names = "--attack",
            defaultValue = "pgd",
            paramLabel = "NAME",
            description = "fgsm, pgd, bim, cw, spsa or pgd-freeze (default: ${DEFAULT-VALUE}).")
    String attack;

    @Option(
            names = "--maps",
            split = ",",
            defaultValue = "gradcam,attention",
            paramLabel = "LIST",
            description = "Maps: gradcam, attention (attention models only), saliency (default: ${DEFAULT-VALUE}).")
    List<String> maps;

    @Option(
            names = "--per-class",
            defaultValue = "20",
            paramLabel = "N",
            description = "Beats of each class measured (default: ${DEFAULT-VALUE}).")
    int perClass;

    @Option(
            names = "--figures",
            defaultValue = "1",
            paramLabel = "K",
            description = "Example PNGs per class (default: ${DEFAULT-VALUE}).")
    int figures;

    @Option(
            names = "--batch",
            defaultValue = "64",
            paramLabel = "B",
            description = "Beats attacked together (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Mixin
    AttackOptions options;

    @Mixin
    AttackOptions.Generic generic;

    @Mixin
    DeviceOptions device;

    @Mixin
    TestBeats.Options input;

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut();
        if (perClass < 1) throw new IllegalArgumentException("--per-class must be at least 1, got " + perClass);
        if (figures < 0) throw new IllegalArgumentException("--figures must be 0 or more, got " + figures);
        List<BeatMaps.Kind> kinds = new ArrayList<>();
        for (String m : maps) kinds.add(BeatMaps.Kind.parse(m));
        device.install(System.err);
        Condition condition = AttackOptions.condition(attack);
        if (condition.clean()) throw new IllegalArgumentException("--attack needs an attack, not 'clean'");
        Attack a = Attacks.build(condition, options.apply(generic.settings()), new Rng(generic.seed));
        List<String> labels = new ArrayList<>();
        List<Layers.Sequential> nets = new ArrayList<>();
        List<ModelFiles.BeatsOf> trainedOn = new ArrayList<>();
        for (Path f : models) {
            Module loaded = ModelFiles.load(f);
            trainedOn.add(ModelFiles.beatsOf(f, loaded));
            String arch = AttentionCnn.detect(loaded.stateDict().keySet());
            if (arch == null
                    || !(loaded instanceof Layers.Sequential net)
                    || !net.layerNames().contains(AttentionCnn.LAST_CONV))
                throw new IllegalArgumentException(
                        "--model " + f + ": explain needs a convolutional model (cnn, attention-cnn or gap-cnn)");
            nets.add(net);
            labels.add(arch + " (" + f.getFileName().toString().replaceFirst("\\.safetensors$", "") + ")");
        }
        TestBeats all = input.loadFor(spec, trainedOn);
        TestBeats beats = perClass(all, perClass);
        String[] names = TestBeats.CLASS_NAMES;
        Files.createDirectories(out);
        List<AttackedMaps> results = new ArrayList<>();
        for (Layers.Sequential net : nets)
            results.add(AttackedMaps.compute(
                    net,
                    a,
                    beats.x(),
                    beats.y(),
                    beats.length(),
                    kinds,
                    AttentionCnn.LAST_CONV,
                    AttentionCnn.ATTENTION,
                    batch));

        MarkdownTable table = new MarkdownTable(
                        "model",
                        "map",
                        "class",
                        "beats",
                        "prediction changed",
                        "correlation clean/adv",
                        "top-20% overlap")
                .decimals(3);
        List<Object> rows = new ArrayList<>();
        for (int mi = 0; mi < nets.size(); mi++) {
            AttackedMaps r = results.get(mi);
            double[] flipped = r.flipped(names.length);
            for (BeatMaps.Kind k : r.cleanMaps.keySet()) {
                MapShift.PerClass s = r.shift(k, names.length);
                for (int c = 0; c <= names.length; c++) {
                    if (s.count()[c] == 0) continue;
                    String cls = c < names.length ? names[c] : "all";
                    table.row(
                            labels.get(mi),
                            k.title(),
                            cls,
                            s.count()[c],
                            flipped[c],
                            s.correlation()[c],
                            s.overlap()[c]);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("model", labels.get(mi));
                    row.put("map", k.title());
                    row.put("class", cls);
                    row.put("beats", s.count()[c]);
                    row.put("prediction_changed", flipped[c]);
                    row.put("correlation", s.correlation()[c]);
                    row.put("top20_overlap", s.overlap()[c]);
                    rows.add(row);
                }
            }
        }
        List<String> pngs = writeFigures(beats, labels, results, names);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("models", models.stream().map(Path::toString).toList());
        json.put("attack", a.name());
        json.put("data", beats.origin());
        json.put("beats", beats.size());
        json.put("shift", rows);
        json.put("figures", pngs);
        Json.write(out.resolve("explain.json"), json);
        String md = "# Where the models look, clean against " + a.name() + "\n\n" + beats.origin() + "\n\n"
                + "Per model, map and true class: the share of beats whose prediction the attack changed, the mean Pearson "
                + "correlation between the clean and the adversarial map, and the mean overlap of their top-20% samples "
                + "(1: the same region; 0.2: what two unrelated maps share on average). Each beat's map explains the class "
                + "the model predicts for it.\n\n" + table + "\nFigures: " + String.join(", ", pngs) + "\n";
        AtomicFiles.writeString(out.resolve("explain.md"), md);
        log.print(table);
        log.println("wrote " + pngs.size() + " figures and explain.md to " + out.toAbsolutePath());
        log.flush();
        return 0;
    }

    /** Up to n beats of each class, in test order. */
    static TestBeats perClass(TestBeats all, int n) {
        int[] taken = new int[TestBeats.CLASS_NAMES.length];
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) if (taken[all.y()[i]]++ < n) idx.add(i);
        if (idx.isEmpty()) throw new IllegalArgumentException("no beats to explain");
        int len = all.length();
        float[] x = new float[idx.size() * len];
        int[] y = new int[idx.size()];
        for (int j = 0; j < idx.size(); j++) {
            System.arraycopy(all.x(), idx.get(j) * len, x, j * len, len);
            y[j] = all.y()[idx.get(j)];
        }
        return new TestBeats(x, y, len, all.origin() + ", up to " + n + " beats per class");
    }

    /** beat-<class>-<i>.png: rows model x map, columns clean and adversarial. */
    private List<String> writeFigures(TestBeats beats, List<String> labels, List<AttackedMaps> results, String[] names)
            throws java.io.IOException {
        List<String> files = new ArrayList<>();
        int rows = 0;
        for (AttackedMaps r : results) rows += r.cleanMaps.size();
        int[] shown = new int[names.length];
        for (int i = 0; i < beats.size(); i++) {
            int cls = beats.y()[i];
            if (shown[cls] >= figures) continue;
            BeatMapFigure fig = new BeatMapFigure(
                    "beat " + i + ", true class " + names[cls] + ": clean (left) and " + attack + " (right)", rows, 2);
            int row = 0;
            for (int mi = 0; mi < results.size(); mi++) {
                AttackedMaps r = results.get(mi);
                float[] x = r.beat(r.clean, i), xa = r.beat(r.adversarial, i);
                for (BeatMaps.Kind k : r.cleanMaps.keySet()) {
                    fig.set(
                            row,
                            0,
                            new BeatMapFigure.Panel(
                                    labels.get(mi) + ", " + k.title() + ": clean, predicted "
                                            + names[r.cleanPredicted[i]],
                                    x,
                                    null,
                                    r.cleanMaps.get(k)[i]));
                    fig.set(
                            row,
                            1,
                            new BeatMapFigure.Panel(
                                    labels.get(mi) + ", " + k.title() + ": " + attack + ", predicted "
                                            + names[r.adversarialPredicted[i]],
                                    xa,
                                    x,
                                    r.adversarialMaps.get(k)[i]));
                    row++;
                }
            }
            String name = "beat-" + names[cls] + "-" + shown[cls] + ".png";
            fig.writePng(out.resolve(name), 620, 300);
            files.add(name);
            shown[cls]++;
        }
        return files;
    }
}
