package org.fatecg.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The fatecg command line: federated adversarial training of ECG beat classifiers.
 * Each subcommand is a class of its own in this package; this class only lists them.
 */
@Command(name = "fatecg",
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
                SupernodeCommand.class,
                FlowerInitCommand.class,
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
            commandLine.getErr().println("fatecg: " + ex.getMessage());
            if (System.getenv("FATECG_DEBUG") != null) ex.printStackTrace(commandLine.getErr());
            return 1;
        });
        return cli;
    }

    /** Reads the version that Maven filtered into version.properties. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("/org/fatecg/version.properties")) {
                if (in != null) p.load(in);
            }
            return new String[] {"fatecg " + p.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
