package org.fatecg.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fatecg.fl.WeightLayout;
import org.fatecg.nn.Safetensors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fatecg import}: a safetensors file saved from PyTorch (safetensors.torch.save_file of the
 * paper CNN's state_dict, the names optionally under one prefix such as "model.") checked against the
 * architecture (every tensor present, F32, the right shape, nothing extra) and rewritten in fatecg's
 * form: canonical names, F32, metadata. Problems are listed by tensor name.
 */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Check a PyTorch-saved safetensors of the paper CNN and write it in fatecg's model format.",
        footer = {"", "Example:", "  ./fatecg import torch_model.safetensors --out models/imported.safetensors"})
public final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A .safetensors file saved from PyTorch.")
    Path file;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "Where to write the model in fatecg's format.")
    Path out;

    @Override
    public Integer call() throws Exception {
        WeightLayout layout = ModelFiles.paperLayout();
        Safetensors.Contents c = Safetensors.read(file);
        String prefix = ModelFiles.prefixOf(c.tensors.keySet(), layout);
        float[] w = layout.fromEntries(c.tensors, prefix, file.toString());
        ModelFiles.write(out, layout, w, Map.of("source", file.toAbsolutePath().toString()));
        spec.commandLine()
                .getOut()
                .printf(
                        "%s -> %s: %d tensors, %d parameters%s%n",
                        file,
                        out,
                        layout.count(),
                        layout.size(),
                        prefix.isEmpty() ? "" : " (name prefix '" + prefix + "' removed)");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
