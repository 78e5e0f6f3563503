package org.fatecg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fatecg.attack.Attack;
import org.fatecg.attack.AttackSettings;
import org.fatecg.attack.Attacks;
import org.fatecg.eval.ConditionResult;
import org.fatecg.eval.EpsilonSweep;
import org.fatecg.eval.RobustEvaluator;
import org.fatecg.io.AtomicFiles;
import org.fatecg.io.Json;
import org.fatecg.nn.Module;
import org.fatecg.report.Progress;
import org.fatecg.report.RobustnessTables;
import org.fatecg.tensor.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fatecg eval}: a trained model's metrics, clean and under a list of attacks, over a test set;
 * optionally the epsilon sweep of Ma and Liang (2020), "Improve robustness of DNN for ECG signal
 * classification: a noise-to-signal ratio perspective". Writes metrics.json, metrics.md, example PNGs
 * per attack, with --save-logits logits.safetensors and with --sweep sweep.json, sweep.md and sweep.png.
 * Before the evaluation it says how long it will take (EvalEstimate). The work is in org.fatecg.eval; this class parses
 * options and writes files.
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Evaluate a model clean and under attacks (accuracy, macro P/R/F1, per-class sensitivity, SNR).")
public final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "FILE",
            description = "Model weights (.safetensors, PyTorch state_dict names).")
    Path model;

    @Option(
            names = "--attacks",
            split = ",",
            defaultValue = "clean,pgd,fgsm,cw,bim",
            paramLabel = "LIST",
            description =
                    "Conditions, comma-separated: clean, fgsm, pgd, bim, cw, spsa, pgd-freeze (default: ${DEFAULT-VALUE}).")
    List<String> attacks;

    @Option(
            names = "--batch",
            defaultValue = "64",
            paramLabel = "B",
            description = "Beats attacked together (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--examples",
            defaultValue = "3",
            paramLabel = "K",
            description = "Beats plotted per attack (default: ${DEFAULT-VALUE}).")
    int examples;

    @Option(
            names = "--sweep",
            description = "Also run the sweep of Ma and Liang (2020): 20- and 100-step PGD-freeze over eps 0 .. 0.3.")
    boolean sweep;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(
            names = "--save-logits",
            description = "Also write logits.safetensors: the logits of every beat per condition "
                    + "(logits.CONDITION, n x 5 float32) and the labels (int64).")
    boolean saveLogits;

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
        OutputFolder.create("--out", out);
        device.install(System.err);
        Module net = ModelFiles.load(model);
        TestBeats beats = input.loadFor(spec, List.of(ModelFiles.beatsOf(model, net)));
        List<RobustEvaluator.Labelled> conditions = new ArrayList<>();
        Map<String, Object> settings = new LinkedHashMap<>();
        AttackSettings given = options.apply(generic.settings());
        for (String name : attacks) {
            Attack a = Attacks.build(AttackOptions.condition(name), given, new Rng(generic.seed));
            conditions.add(new RobustEvaluator.Labelled(name.trim(), a));
            settings.put(name.trim(), a == null ? "clean input" : a.name());
        }
        int classes = TestBeats.CLASS_NAMES.length;
        if (batch < 1) throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
        double estimate = EvalEstimate.seconds(net, beats, batch, classes, conditions);
        if (!Double.isNaN(estimate)) {
            spec.commandLine()
                    .getErr()
                    .println("fatecg: " + EvalEstimate.note(beats.size(), conditions, batch, estimate));
            spec.commandLine().getErr().flush();
        }
        RobustEvaluator evaluator = new RobustEvaluator(batch, classes, Progress.barsOn(System.err));
        ExampleFigures figures = new ExampleFigures(beats, examples);
        LogitsFile logits = saveLogits ? new LogitsFile(net, beats.size(), beats.length(), classes, conditions) : null;
        RobustEvaluator.Sink sink = logits == null
                ? figures
                : (c, from, adv, pred) -> {
                    figures.accept(c, from, adv, pred);
                    logits.accept(c, from, adv, pred);
                };
        List<ConditionResult> outcomes =
                evaluator.evaluate(net, beats.x(), beats.y(), beats.length(), conditions, sink);
        writeMetrics(out, model, beats, settings, outcomes);
        if (logits != null)
            logits.write(
                    out.resolve("logits.safetensors"),
                    beats.y(),
                    Map.of(
                            "model",
                            model.toString(),
                            "data",
                            beats.origin(),
                            "classes",
                            String.join(",", TestBeats.CLASS_NAMES)));
        figures.write(out);
        log.print(RobustnessTables.conditions(outcomes, TestBeats.CLASS_NAMES));
        if (sweep) {
            List<EpsilonSweep.Point> points =
                    EpsilonSweep.seed001Pgd(evaluator, net, beats.x(), beats.y(), beats.length());
            List<Object> rows = new ArrayList<>();
            for (EpsilonSweep.Point p : points) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("attack", p.family());
                row.put("eps", p.eps());
                row.putAll(p.outcome().toMap(TestBeats.CLASS_NAMES));
                rows.add(row);
            }
            Json.write(out.resolve("sweep.json"), rows);
            AtomicFiles.writeString(
                    out.resolve("sweep.md"),
                    RobustnessTables.sweep(points, TestBeats.CLASS_NAMES).toString());
            RobustnessTables.sweepChart("accuracy under K-PGD (sweep of Ma and Liang 2020)", points)
                    .writePng(out.resolve("sweep.png"), 900, 500);
            log.print(RobustnessTables.sweep(points, TestBeats.CLASS_NAMES));
        }
        log.println("wrote " + out.toAbsolutePath());
        log.flush();
        return 0;
    }

    /** metrics.json (inputs, settings, one entry per condition) and metrics.md (the table). */
    static void writeMetrics(
            Path out, Path model, TestBeats beats, Map<String, Object> settings, List<ConditionResult> outcomes)
            throws java.io.IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model.toString());
        json.put("data", beats.origin());
        json.put("beats", beats.size());
        json.put("settings", settings);
        List<Object> conds = new ArrayList<>();
        for (ConditionResult o : outcomes) conds.add(o.toMap(TestBeats.CLASS_NAMES));
        json.put("conditions", conds);
        Json.write(out.resolve("metrics.json"), json);
        AtomicFiles.writeString(
                out.resolve("metrics.md"),
                RobustnessTables.conditions(outcomes, TestBeats.CLASS_NAMES).toString());
    }
}
