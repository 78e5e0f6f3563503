package org.fatecg.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.fatecg.nn.Layers;
import org.fatecg.nn.Models;
import org.fatecg.nn.Module;
import org.fatecg.nn.Parameter;
import org.fatecg.report.MarkdownTable;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Grad;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fatecg model summary}: a network's layers in order with the output shape of each (found by
 * passing one zero beat through the layers one at a time), its parameters and their shapes, and the
 * total. The paper CNN has 410,021 parameters; the MLP 60,485 for 180-sample beats.
 */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Inspect a network.",
        subcommands = ModelCommand.Summary.class)
public final class ModelCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "summary",
            mixinStandardHelpOptions = true,
            versionProvider = Main.Version.class,
            description = "Layers, output shapes, parameters per layer and the total of a network.",
            footer = {
                "",
                "Examples:",
                "  ./fatecg model summary                                   the paper CNN",
                "  ./fatecg model summary --model runs/quick-<time>/models/fat.safetensors"
            })
    static final class Summary implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--model",
                defaultValue = "paper-cnn",
                paramLabel = "paper-cnn|mlp|FILE",
                description = "paper-cnn (the CNN of Celik and Gullu 2025), mlp (the MLP of Ma and Liang 2020, "
                        + "180-sample input) or a .safetensors model file (default: ${DEFAULT-VALUE}).")
        String model;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Layers.Sequential net = switch (model) {
                case "paper-cnn" -> Models.paperCnn(new Rng(0));
                case "mlp" -> Models.mlp(new Rng(0), Models.BEAT_LENGTH, true);
                default -> asLayers(ModelFiles.load(Path.of(model)));
            };
            out.println("model: " + model);
            out.print(table(rows(net, inputLength(net))));
            out.printf(
                    Locale.ROOT,
                    "%ntotal: %,d parameters (%,d bytes as float32)%n",
                    net.parameterCount(),
                    4L * net.parameterCount());
            out.flush();
            return 0;
        }
    }

    /** One layer of the summary: name, kind, output shape with the batch as -1, parameters and their shapes. */
    record Row(String name, String kind, int[] output, long parameters, String parameterShapes) {}

    /** A model that is not a plain stack of layers (the residual CNN) is summarised as one row. */
    private static Layers.Sequential asLayers(Module net) {
        return net instanceof Layers.Sequential seq ? seq : new Layers.Sequential().add("model", net);
    }

    /** The beat length a network takes: the MLP's from its first Linear layer, else the paper's 180. */
    static int inputLength(Layers.Sequential net) {
        for (Module m : net.layers().values()) {
            if (m instanceof Layers.Linear) return m.parameters().get(0).value().shape()[1];
            if (m instanceof Layers.Conv1d) break;
        }
        return Models.BEAT_LENGTH;
    }

    /** Passes one zero beat (1, 1, length) through each layer in turn and records its output shape. */
    static List<Row> rows(Layers.Sequential net, int length) {
        List<Row> rows = new ArrayList<>();
        try (Arena scope = Arena.open();
                Grad off = Grad.off()) {
            Tensor x = Tensor.zeros(1, 1, length);
            for (Map.Entry<String, Module> e : net.layers().entrySet()) {
                Module m = e.getValue();
                x = m.forward(x);
                int[] shape = x.shape().clone();
                shape[0] = -1;
                long count = 0;
                for (Parameter p : m.parameters()) count += p.value().size();
                String shapes = m.parameters().stream()
                        .map(p -> p.name() + " "
                                + Arrays.stream(p.value().shape())
                                        .mapToObj(Integer::toString)
                                        .collect(Collectors.joining("x")))
                        .collect(Collectors.joining(", "));
                rows.add(new Row(e.getKey(), m.getClass().getSimpleName(), shape, count, shapes));
            }
        }
        return rows;
    }

    static MarkdownTable table(List<Row> rows) {
        MarkdownTable t = new MarkdownTable("layer", "kind", "output (B = batch)", "parameters", "shapes")
                .align(
                        MarkdownTable.Align.LEFT,
                        MarkdownTable.Align.LEFT,
                        MarkdownTable.Align.LEFT,
                        MarkdownTable.Align.RIGHT);
        for (Row r : rows) {
            String shape = Arrays.stream(r.output())
                    .mapToObj(d -> d < 0 ? "B" : Integer.toString(d))
                    .collect(Collectors.joining(", ", "[", "]"));
            t.row(r.name(), r.kind(), shape, String.format(Locale.ROOT, "%,d", r.parameters()), r.parameterShapes());
        }
        return t;
    }
}
