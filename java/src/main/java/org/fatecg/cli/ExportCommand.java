package org.fatecg.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fatecg.fl.WeightLayout;
import org.fatecg.io.OrderedMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fatecg export}: global weights out of a run (its last checkpoint), a checkpoint folder or a
 * model file, as safetensors named like the PyTorch state_dict of the same CNN, for
 * {@code model.load_state_dict(safetensors.torch.load_file(FILE))}.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description =
                "Write a run's global weights (last checkpoint) as PyTorch-named safetensors (conv1.weight ... fc3.bias).",
        footer = {
            "",
            "Examples:",
            "  ./fatecg export runs/quick-20250101-120000 --out exported/           one file per federation",
            "  ./fatecg export runs/quick-20250101-120000 --federation FAT --out fat.safetensors"
        })
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "SOURCE",
            description = "A run folder, its checkpoint folder, or a .safetensors model file.")
    Path source;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "PATH",
            description = "A .safetensors file (one federation) or a folder (one file per federation).")
    Path out;

    @Option(names = "--federation", paramLabel = "NAME", description = "Only this federation (Non-FAT or FAT).")
    String federation;

    @Override
    public Integer call() throws Exception {
        WeightLayout layout = ModelFiles.paperLayout();
        Map<String, float[]> all = ModelFiles.fromRun(source, layout);
        if (federation != null) {
            float[] w = null;
            for (Map.Entry<String, float[]> e : all.entrySet())
                if (e.getKey().equalsIgnoreCase(federation)) w = e.getValue();
            if (w == null)
                throw new IllegalArgumentException(
                        "--federation " + federation + ": " + source + " holds " + all.keySet());
            all = Map.of(federation, w);
        }
        boolean toFile = out.toString().endsWith(".safetensors");
        if (toFile && all.size() != 1)
            throw new IllegalArgumentException("--out " + out + " is one file but " + source + " holds " + all.keySet()
                    + "; give --federation or a folder");
        for (Map.Entry<String, float[]> e : all.entrySet()) {
            Path file = toFile ? out : out.resolve(ModelFiles.slug(e.getKey()) + ".safetensors");
            if (!toFile) Files.createDirectories(out);
            ModelFiles.write(
                    file,
                    layout,
                    e.getValue(),
                    OrderedMap.of(
                            "federation",
                            e.getKey(),
                            "source",
                            source.toAbsolutePath().toString()));
            spec.commandLine()
                    .getOut()
                    .printf("%s: %s, %d tensors, %d parameters%n", file, e.getKey(), layout.count(), layout.size());
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
