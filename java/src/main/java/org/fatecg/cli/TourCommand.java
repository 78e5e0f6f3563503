package org.fatecg.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.fatecg.data.MitBih;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fatecg tour}: the walk of docs/TOUR.md with its numbers computed live ({@link BeatTour}), or
 * with --autodiff the autodiff core alone ({@link AutodiffTour}). Runs on the CPU with one thread, so
 * the numbers are the document's to the last printed digit.
 */
@Command(
        name = "tour",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        description = {
            "Follow one beat from its WFDB bytes through windowing, each CNN layer, the loss and its gradient, "
                    + "PGD, one local Adam step on [x_adv ; x] and FedAvg, printing the numbers (docs/TOUR.md explains each step) "
                    + "and writing tour-beat.png and tour-pgd.png; --autodiff shows the autodiff core alone."
        })
public final class TourCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataCommand.Source source;

    @Option(names = "--record", defaultValue = "100", description = "MIT-BIH record (default: ${DEFAULT-VALUE}).")
    String record;

    @Option(
            names = "--beat",
            defaultValue = "5",
            paramLabel = "N",
            description = "Beat window index in the record, from 0 (default: ${DEFAULT-VALUE}).")
    int beat;

    @Option(
            names = "--out",
            defaultValue = ".",
            paramLabel = "DIR",
            description = "Folder for the PNGs (default: the current folder).")
    Path out;

    @Option(
            names = "--autodiff",
            description =
                    "Only the autodiff example: a two-layer net, finite-difference checks, a gradient of a gradient (no data needed).")
    boolean autodiff;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        DeviceOptions.install("cpu", 1, System.err);
        if (autodiff) {
            new AutodiffTour(o).run();
            o.flush();
            return 0;
        }
        if (!MitBih.RECORDS.contains(record))
            throw new IllegalArgumentException("--record " + record + ": not an MIT-BIH record (100..234)");
        Path dir = source.dataDir(spec.commandLine().getErr(), List.of(record));
        Files.createDirectories(out);
        new BeatTour(o).run(dir, record, beat, out);
        new AutodiffTour(o).run();
        o.flush();
        return 0;
    }
}
