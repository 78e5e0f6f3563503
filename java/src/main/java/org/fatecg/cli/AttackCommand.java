package org.fatecg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fatecg.attack.Attack;
import org.fatecg.attack.Attacks;
import org.fatecg.attack.Condition;
import org.fatecg.eval.ConditionResult;
import org.fatecg.eval.RobustEvaluator;
import org.fatecg.nn.Module;
import org.fatecg.nn.Safetensors;
import org.fatecg.report.Progress;
import org.fatecg.report.RobustnessTables;
import org.fatecg.tensor.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fatecg attack}: runs one attack over test beats and writes the adversarial beats
 * (adversarial.safetensors: input.x, input.y, adversarial.x, and both predictions), the clean and
 * attacked metrics (metrics.json, metrics.md) and example PNGs (beat overlaid, perturbation).
 */
@Command(
        name = "attack",
        mixinStandardHelpOptions = true,
        description = "Attack test beats with fgsm, pgd, bim, cw, spsa or pgd-freeze and save the adversarial beats.")
public final class AttackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "FILE",
            description = "Model weights (.safetensors, PyTorch state_dict names).")
    Path model;

    @Option(
            names = "--attack",
            required = true,
            paramLabel = "NAME",
            description = "fgsm, pgd, bim, cw, spsa or pgd-freeze.")
    String attack;

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
            description = "Beats plotted (default: ${DEFAULT-VALUE}).")
    int examples;

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
        OutputFolder.create("--out", out);
        device.install(System.err);
        Condition c = AttackOptions.condition(attack);
        if (c.clean()) throw new IllegalArgumentException("--attack needs an attack, not 'clean'");
        Attack a = Attacks.build(c, options.apply(generic.settings()), new Rng(generic.seed));
        Module net = ModelFiles.load(model);
        TestBeats beats = input.loadFor(spec, List.of(ModelFiles.beatsOf(model, net)));
        int n = beats.size(), len = beats.length();
        float[] adversarial = new float[n * len];
        long[] predClean = new long[n], predAdv = new long[n];
        ExampleFigures figures = new ExampleFigures(beats, examples);
        RobustEvaluator.Sink keep = (condition, from, adv, pred) -> {
            figures.accept(condition, from, adv, pred);
            long[] into = condition.equals("clean") ? predClean : predAdv;
            for (int i = 0; i < pred.length; i++) into[from + i] = pred[i];
            if (!condition.equals("clean")) System.arraycopy(adv, 0, adversarial, from * len, adv.length);
        };
        List<ConditionResult> outcomes = new RobustEvaluator(
                        batch, TestBeats.CLASS_NAMES.length, Progress.barsOn(System.err))
                .evaluate(
                        net,
                        beats.x(),
                        beats.y(),
                        len,
                        List.of(RobustEvaluator.Labelled.clean(), new RobustEvaluator.Labelled(attack, a)),
                        keep);

        Map<String, Safetensors.Entry> t = new LinkedHashMap<>();
        long[] y = new long[n];
        for (int i = 0; i < n; i++) y[i] = beats.y()[i];
        t.put("input.x", Safetensors.Entry.f32(new int[] {n, 1, len}, beats.x()));
        t.put("input.y", Safetensors.Entry.i64(new int[] {n}, y));
        t.put("adversarial.x", Safetensors.Entry.f32(new int[] {n, 1, len}, adversarial));
        t.put("pred.clean", Safetensors.Entry.i64(new int[] {n}, predClean));
        t.put("pred.adversarial", Safetensors.Entry.i64(new int[] {n}, predAdv));
        Safetensors.write(
                out.resolve("adversarial.safetensors"), t, Map.of("attack", a.name(), "model", model.toString()));
        EvalCommand.writeMetrics(out, model, beats, Map.of(attack, a.name()), outcomes);
        figures.write(out);
        log.print(RobustnessTables.conditions(outcomes, TestBeats.CLASS_NAMES));
        log.println("wrote " + out.toAbsolutePath());
        log.flush();
        return 0;
    }
}
