package org.fatecg.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.fatecg.flower.FatApp;
import org.fatecg.flower.Npz;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fatecg flower-init}: the initial global model of a Flower federation, as `fatecg run` draws it for the same seed. */
@Command(
        name = "flower-init",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description =
                "Write the paper CNN's initial weights for --seed as an .npz, the initial-weights of the Flower app (flower-app/).",
        footer = {"", "Example:", "  ./fatecg flower-init --seed 0 --out fed/initial.npz"})
public final class FlowerInitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--seed",
            defaultValue = "0",
            paramLabel = "N",
            description = "The federation's seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE.npz", description = "Where to write the weights.")
    Path out;

    @Override
    public Integer call() throws Exception {
        var arrays = FatApp.initialArrays(seed);
        Npz.write(out, arrays);
        spec.commandLine()
                .getOut()
                .printf("%s: the paper CNN's initial weights for seed %d (%d tensors)%n", out, seed, arrays.size());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
