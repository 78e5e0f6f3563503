package org.fatecg.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fatecg.data.BalancedSample;
import org.fatecg.data.WindowSettings;
import org.fatecg.nn.Models;
import org.fatecg.nn.Module;
import org.fatecg.report.Progress;
import org.fatecg.tensor.Rng;
import org.fatecg.train.Objectives;
import org.fatecg.train.RobustTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fatecg robust-train}: one model trained centrally on one objective (Ma and Liang 2020: Adamax
 * lr 1e-3, batch 128, class-balanced oversampling), with a checkpoint after every epoch; rerunning the
 * same command resumes from it. Writes model.safetensors (PyTorch state_dict names) for eval and attack.
 */
@Command(
        name = "robust-train",
        mixinStandardHelpOptions = true,
        description =
                "Train one model on one objective (ce, mse, mse-margin, loss1, loss2, jacobian, adv<eps>, fat); checkpoints and resume.")
public final class RobustTrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--model",
            defaultValue = "resnet",
            paramLabel = "NAME",
            description = "mlp | resnet | paper-cnn (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(
            names = "--objective",
            defaultValue = "loss2",
            paramLabel = "NAME",
            description =
                    "ce | mse | mse-margin | loss1 (bias-free net) | loss2 | jacobian | adv<eps> (e.g. adv0.1) | fat (default: ${DEFAULT-VALUE}).")
    String objective;

    @Option(
            names = "--weight",
            paramLabel = "BETA",
            description = "Regulariser weight of loss1/loss2/jacobian (default: the paper's for the model).")
    Float weight;

    @Option(
            names = "--epochs",
            defaultValue = "50",
            paramLabel = "N",
            description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--batch",
            defaultValue = "128",
            paramLabel = "B",
            description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--lr",
            defaultValue = "0.001",
            paramLabel = "LR",
            description = "Adamax learning rate (default: ${DEFAULT-VALUE}).")
    float lr;

    @Option(
            names = "--train-per-class",
            defaultValue = "0",
            paramLabel = "N",
            description = "Training beats per class, oversampled (0: tile every class to the largest).")
    int trainPerClass;

    @Option(
            names = "--seed",
            defaultValue = "0",
            paramLabel = "SEED",
            description = "Seed of split, initialisation, shuffling and attacks (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Output folder: checkpoint.safetensors, model.safetensors.")
    Path out;

    @Option(
            names = "--beats",
            defaultValue = "kachuee",
            paramLabel = "FORMAT",
            description = NsrCommand.BEATS_HELP + " (default: ${DEFAULT-VALUE}).")
    String beats;

    @Mixin
    DataCommand.Source source;

    @Mixin
    DeviceOptions device;

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (!Models.NAMES.contains(model))
            throw new IllegalArgumentException("--model: unknown model '" + model + "'; expected " + Models.NAMES);
        if (trainPerClass < 0)
            throw new IllegalArgumentException("--train-per-class must be >= 0, got " + trainPerClass);
        WindowSettings ws = NsrCommand.beatSettings(spec, source, beats);
        RobustTrainer.Settings s = new RobustTrainer.Settings(model, objective, epochs, batch, lr, seed, weight, ws);
        device.install(System.err);
        NsrCommand.NsrData data = NsrCommand.NsrData.load(source, ws, seed, err);
        int[] train = BalancedSample.perClass(
                data.ds(),
                data.split().train(),
                trainPerClass > 0
                        ? trainPerClass
                        : BalancedSample.largestClass(data.ds(), data.split().train()));
        Module net = Models.byName(
                model, new Rng(seed).fork(7), data.ds().windowLength(), !Objectives.needsBiasFree(objective));
        Files.createDirectories(out);
        RobustTrainer.History h = RobustTrainer.train(
                net, s, data.ds(), train, out.resolve("checkpoint.safetensors"), Progress.barsOn(System.err));
        RobustTrainer.writeModel(out.resolve("model.safetensors"), net, s);
        for (int e = 0; e < h.losses().size(); e++)
            log.printf(
                    "epoch %d  loss %.5f  %.1f s%n",
                    e + 1, h.losses().get(e), h.seconds().get(e));
        log.println("wrote " + out.resolve("model.safetensors").toAbsolutePath());
        log.flush();
        return 0;
    }
}
