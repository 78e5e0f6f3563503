package org.fatecg.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.Properties;
import org.fatecg.io.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The fatecg command line: federated adversarial training of ECG beat classifiers.
 * Each subcommand is a class of its own in this package; this class only lists them.
 */
@Command(
        name = "fatecg",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Federated adversarial training of ECG beat classifiers (MIT-BIH, FedAvg, PGD/FGSM/BIM/CW).",
        subcommands = {
            CommandLine.HelpCommand.class,
            RunCommand.class,
            ExportCommand.class,
            ImportCommand.class,
            BenchCommand.class,
            DataCommand.class,
            AttackCommand.class,
            EvalCommand.class,
            ExplainCommand.class,
            LeakCommand.class,
            PrivacyCommand.class,
            AttentionCommand.class,
            SupernodeCommand.class,
            FlowerInitCommand.class,
            FlowerReportCommand.class,
            ModelCommand.class,
            CompletionCommand.class,
            RobustTrainCommand.class,
            NsrCommand.class,
            ThreatsCommand.class,
            GridCommand.class,
            ProfileCommand.class,
            TourCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured picocli tree, shared by main and the CLI tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("fatecg: " + describe(ex));
            if (System.getenv("FATECG_DEBUG") != null) ex.printStackTrace(commandLine.getErr());
            return 1;
        });
        cli.setParameterExceptionHandler(Main::usageError);
        return cli;
    }

    /**
     * A usage error: the error, picocli's suggestions for a mistyped option or command, and one line on
     * how to get help (not the whole help, which would scroll the error away). Exit code 2.
     */
    static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("fatecg: "
                + (cmd.getCommandSpec().defaultValueProvider() instanceof RunDefaults d
                        ? d.withOrigin(ex)
                        : ex.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try './fatecg " + qualifiedName(cmd) + "--help' for the options.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** "run " for fatecg run, "data info " for fatecg data info, "" for fatecg itself. */
    private static String qualifiedName(CommandLine cmd) {
        String name = cmd.getCommandSpec().qualifiedName(" ");
        return name.equals("fatecg") ? "" : name.substring("fatecg ".length()) + " ";
    }

    /**
     * An error as one line that names the file and the reason: the JDK's file exceptions carry the
     * path alone as their message ("/tmp/x.safetensors" for a missing file), or a reason alone.
     */
    static String describe(Throwable ex) {
        if (ex instanceof UncheckedIOException && ex.getCause() != null) return describe(ex.getCause());
        if (ex instanceof FileSystemException fse && fse.getFile() != null) {
            String what = fse.getFile() + (fse.getOtherFile() != null ? " -> " + fse.getOtherFile() : "");
            return what + ": " + reason(fse);
        }
        String msg = ex.getMessage();
        return msg == null || msg.isBlank() ? ex.getClass().getSimpleName() : msg;
    }

    /** The reason of a file error without the file: the system's words, or the exception type's meaning. */
    static String reason(FileSystemException e) {
        return AtomicFiles.reason(e);
    }

    /** Reads the version that Maven filtered into version.properties. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/org/fatecg/version.properties")) {
                if (in != null) p.load(in);
            }
            return new String[] {
                "fatecg " + p.getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
            };
        }
    }
}
