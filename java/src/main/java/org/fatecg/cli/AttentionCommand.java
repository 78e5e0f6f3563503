package org.fatecg.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fatecg.data.BeatDataset;
import org.fatecg.data.MitBih;
import org.fatecg.fl.ArchitectureComparison;
import org.fatecg.fl.ArchitectureComparison.Result;
import org.fatecg.fl.ArchitectureComparison.Settings;
import org.fatecg.fl.WeightLayout;
import org.fatecg.io.AtomicFiles;
import org.fatecg.io.Json;
import org.fatecg.io.OrderedMap;
import org.fatecg.nn.AttentionCnn;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fatecg attention}: Wasserman's (2022) question on ECG beats. Trains the vanilla and the
 * attention model (and optionally gap-cnn) with the same split, seed and trunk initialisation,
 * centrally and in the Non-FAT and FAT federations, evaluates them clean and under FGSM, PGD, BIM at
 * several budgets and CW at several c, over several seeds, and writes report.md (mean ± sd per model, the
 * paired attention - vanilla differences with their spread), results.json and the trained models.
 */
@Command(
        name = "attention",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Does soft attention make the ECG beat CNN more robust? Vanilla against attention-cnn, central, Non-FAT and FAT, "
                    + "clean and under FGSM, PGD, BIM and CW at several budgets, over several seeds; writes report.md."
        },
        footer = {
            "",
            "Presets:",
            "  quick  all records, 12000 central beats x 3 epochs; 10 clients (each oversampled to balanced classes), 5 rounds of 2 "
                    + "clients x 2 epochs on 1500 beats each (FAT: PGD-2, 4/255 steps); 200 test beats; eps 4, 8 /255 (PGD-10, BIM-10), "
                    + "CW-30 at c 1; seeds 0, 1, 2 (measured: 487 s CPU, 18 min wall on 2 cores shared with other jobs).",
            "  paper  the FAT paper's federation (10 rounds, 5 of 10 clients, 5 epochs, FAT on PGD-20 at 1/255 steps), central on "
                    + "the whole training side for 5 epochs, all test beats, PGD-20, BIM-10, CW-50; seeds 0, 1, 2 (many hours on a CPU)."
        })
public final class AttentionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--preset",
            defaultValue = "quick",
            paramLabel = "NAME",
            description = "quick or paper (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(
            names = "--models",
            split = ",",
            paramLabel = "LIST",
            description = "Models compared, the vanilla first (default: cnn,attention-cnn; also gap-cnn).")
    List<String> models;

    @Option(names = "--seeds", split = ",", paramLabel = "LIST", description = "Seeds (default: 0,1,2).")
    List<Long> seeds;

    @Option(
            names = "--class-weights",
            description = "Weight the central training loss by inverse class frequency (as the paper).")
    boolean classWeights;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Report folder (default: runs/attention-<preset>-<time>).")
    Path out;

    @Mixin
    DataCommand.Source source;

    @Mixin
    DeviceOptions device;

    static Settings preset(String name, Path dataDir, List<String> models, List<Long> seeds, boolean classWeights) {
        float[] eps = {2f / 255f, 4f / 255f, 8f / 255f};
        switch (name) {
            case "quick":
                // Cut to fit 3 seeds in 15 minutes on 2 cores. Central stays at 12000 beats x 3 epochs (1125
                // unweighted Adam steps: measured, attention-cnn still predicted only N after 8000 x 2 = 500). The
                // federation's clients train on 1500 balanced beats (94 Adam steps per client and round, 470 over 5
                // rounds: attention-cnn leaves the all-N plateau), FAT on PGD-2 with 4/255 steps; 200 test beats,
                // budgets 4 and 8 /255, CW at c = 1 only.
                return new Settings(
                        "quick",
                        dataDir,
                        models,
                        seeds,
                        12000,
                        3,
                        classWeights,
                        10,
                        5,
                        2,
                        2,
                        1500,
                        8f / 255f,
                        4f / 255f,
                        2,
                        200,
                        new float[] {4f / 255f, 8f / 255f},
                        10,
                        10,
                        new float[] {1f},
                        30,
                        1e-3f,
                        32);
            case "paper":
                return new Settings(
                        "paper",
                        dataDir,
                        models,
                        seeds,
                        0,
                        5,
                        classWeights,
                        10,
                        10,
                        5,
                        5,
                        0,
                        8f / 255f,
                        1f / 255f,
                        20,
                        0,
                        eps,
                        20,
                        10,
                        new float[] {0.1f, 1f},
                        50,
                        1e-3f,
                        32);
            default:
                throw new IllegalArgumentException("--preset: unknown '" + name + "', expected quick or paper");
        }
    }

    @Override
    public Integer call() throws Exception {
        long wall = System.nanoTime();
        PrintWriter log = spec.commandLine().getOut();
        List<String> ms = models != null ? models : List.of(AttentionCnn.PAPER_CNN, AttentionCnn.ATTENTION_CNN);
        if (ms.size() < 2)
            throw new IllegalArgumentException("--models: give at least two models to compare, got " + ms);
        List<Long> ss = seeds != null ? seeds : List.of(0L, 1L, 2L);
        Path dir = out != null
                ? out
                : Path.of(
                        "runs",
                        "attention-" + preset + "-"
                                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        preset(preset, Path.of("."), ms, ss, classWeights); // settings checked before data is read
        var backend = device.install(System.err);
        Path dataDir =
                source.dataDir(spec.commandLine().getErr(), MitBih.RECORDS).toAbsolutePath();
        BeatDataset ds = MitBih.load(
                dataDir, MitBih.RECORDS, source.settings(), source.windowCache(), n -> log.println("note: " + n));
        Settings s = preset(preset, dataDir, ms, ss, classWeights);
        Files.createDirectories(dir.resolve("models"));
        log.println("fatecg attention --preset " + preset + ": " + ds.size() + " beats, models " + ms + ", seeds " + ss
                + ", backend " + backend.name());
        log.flush();
        ArchitectureComparison cmp = new ArchitectureComparison(s, ds);
        List<Result> results = cmp.run(
                dir.resolve("work"),
                line -> {
                    log.println(line);
                    log.flush();
                },
                (name, net) -> {
                    WeightLayout layout = new WeightLayout(net);
                    Map<String, String> meta = OrderedMap.of(
                            "architecture",
                            AttentionCnn.detect(net.stateDict().keySet()) + ", " + net.parameterCount()
                                    + " parameters");
                    meta.putAll(source.settings().metadata());
                    ModelFiles.write(
                            dir.resolve("models").resolve(name + ".safetensors"), layout, layout.flatten(net), meta);
                });
        double minutes = (System.nanoTime() - wall) / 60e9;
        String md = org.fatecg.report.AttentionReport.markdown(cmp, results, minutes, backend.name());
        AtomicFiles.writeString(dir.resolve("report.md"), md);
        List<Object> rows = new ArrayList<>();
        List<String> names = cmp.conditionNames();
        for (Result r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seed", r.seed());
            m.put("model", r.model());
            m.put("setting", r.setting());
            m.put("parameters", r.parameters());
            m.put("train_seconds", r.trainSeconds());
            m.put("single_class", r.singleClass());
            Map<String, Object> acc = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) acc.put(names.get(i), r.accuracy()[i]);
            m.put("accuracy", acc);
            rows.add(m);
        }
        Json.write(
                dir.resolve("results.json"),
                OrderedMap.of(
                        "preset",
                        preset,
                        "models",
                        ms,
                        "seeds",
                        ss,
                        "class_weights",
                        classWeights,
                        "minutes",
                        minutes,
                        "results",
                        rows));
        log.println(String.format(
                Locale.ROOT, "wrote %s (%.1f min)", dir.resolve("report.md").toAbsolutePath(), minutes));
        log.flush();
        return 0;
    }
}
