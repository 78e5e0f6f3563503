package org.fatecg.cli;

import java.util.List;
import java.util.Locale;
import org.fatecg.nn.Models;
import org.fatecg.nn.Module;
import org.fatecg.optim.Adamax;
import org.fatecg.report.MarkdownTable;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import org.fatecg.train.Objective;
import org.fatecg.train.Objectives;
import org.fatecg.train.TrainStep;

/**
 * {@code fatecg bench}'s objective table: one Adamax step (batch 128) of ce, loss2 and jacobian on each
 * model, in samples per second and as a multiple of the CE step's time on the same model. loss2 is one
 * forward, one input gradient recorded as a graph, and a backward through both (double backprop);
 * jacobian records one input gradient per class.
 */
final class ObjectiveBench {
    static final int BATCH = 128;
    static final List<String> OBJECTIVES = List.of("ce", "loss2", "jacobian", "adv0.1", "adv0.1-pgd3");

    private ObjectiveBench() {}

    static void table(StringBuilder md, double seconds) {
        MarkdownTable t = new MarkdownTable("model", "objective", "samples/s", "time / CE step").decimals(1);
        for (String model : List.of("mlp", "resnet", "paper-cnn")) {
            Module net = Models.byName(model, new Rng(1), Models.BEAT_LENGTH, true);
            Tensor x = inputs(), y = labels();
            Adamax opt = new Adamax(net.parameters(), 1e-3f);
            double ce = 0;
            for (String name : OBJECTIVES) {
                Objective o = Objectives.of(name, model, new Rng(3));
                double s = BenchCommand.best(seconds, () -> TrainStep.step(net, opt, o, x, y));
                if (name.equals("ce")) ce = s;
                t.row(model, name, BATCH / s, String.format(Locale.ROOT, "%.2fx", s / ce));
            }
        }
        md.append("Training objectives, one Adamax step at batch ")
                .append(BATCH)
                .append(" (Ma and Liang 2020)\n\n")
                .append(t)
                .append('\n');
        breakdown(md, seconds);
    }

    /**
     * Where a loss2 step's time goes, as a multiple of the CE step: (1) the forward pass alone; (2) forward
     * and the input gradient w_y = d z_y / d x with its graph recorded (the first backward, which builds
     * the graph the second one differentiates); (3) the whole loss2 step. (3) - (2) is the backward
     * through both graphs (the double backprop) and Adamax.
     */
    /** A fixed batch of uniform beats in [0, 1]. */
    private static Tensor inputs() {
        return Arena.unmanaged(() -> Tensor.uniform(new Rng(2), 0f, 1f, BATCH, 1, Models.BEAT_LENGTH));
    }

    /** Labels 0, 1, ..., 4, 0, 1, ... for the batch. */
    private static Tensor labels() {
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) labels[i] = i % Models.CLASSES;
        return Arena.unmanaged(() -> Functional.labels(labels));
    }

    static void breakdown(StringBuilder md, double seconds) {
        MarkdownTable t = new MarkdownTable(
                        "model", "forward", "forward + input gradient (graph)", "loss2 step", "CE step")
                .decimals(2);
        for (String model : List.of("mlp", "resnet", "paper-cnn")) {
            Module net = Models.byName(model, new Rng(1), Models.BEAT_LENGTH, true);
            Tensor x = inputs(), y = labels();
            Tensor onehot = Arena.unmanaged(() -> Functional.oneHot(y, Models.CLASSES));
            Adamax opt = new Adamax(net.parameters(), 1e-3f);
            Objective ce = Objectives.of("ce", model, new Rng(3)), loss2 = Objectives.of("loss2", model, new Rng(3));
            double fwd = BenchCommand.best(seconds, () -> {
                try (Arena a = Arena.open()) {
                    net.forward(x).toArray();
                }
            });
            double inputGrad = BenchCommand.best(seconds, () -> {
                try (Arena a = Arena.open()) {
                    Tensor leaf = x.detach().requiresGrad(true);
                    Tensor zy = Functional.sum(net.forward(leaf).mul(onehot));
                    Autograd.grad(zy, null, true, leaf)[0].toArray();
                }
            });
            double step2 = BenchCommand.best(seconds, () -> TrainStep.step(net, opt, loss2, x, y));
            double stepCe = BenchCommand.best(seconds, () -> TrainStep.step(net, opt, ce, x, y));
            t.row(
                    model,
                    String.format(Locale.ROOT, "%.2fx", fwd / stepCe),
                    String.format(Locale.ROOT, "%.2fx", inputGrad / stepCe),
                    String.format(Locale.ROOT, "%.2fx", step2 / stepCe),
                    String.format(Locale.ROOT, "%.1f ms", 1e3 * stepCe));
        }
        md.append("Where a loss2 step's time goes, as multiples of the CE step on the same model (batch ")
                .append(BATCH)
                .append("; the rest of the loss2 step is the backward through both graphs and Adamax)\n\n")
                .append(t)
                .append('\n');
    }
}
