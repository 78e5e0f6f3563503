package org.fatecg.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.fatecg.attack.Condition;
import org.fatecg.data.BeatDataset;
import org.fatecg.data.ClientSplit;
import org.fatecg.data.MitBih;
import org.fatecg.data.Partitions;
import org.fatecg.data.SplitConfig;
import org.fatecg.fl.Experiment;
import org.fatecg.fl.FitConfig;
import org.fatecg.fl.RunConfig;
import org.fatecg.flower.FatApp;
import org.fatecg.flower.NodeKeys;
import org.fatecg.flower.SuperNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fatecg supernode}: this site as a node of a real Flower federation. Joins a Flower SuperLink
 * (Flower 1.23 to 1.28), then trains and evaluates the paper CNN on the site's beats whenever the
 * ServerApp asks, replying weights and metrics only. The site's beats are partition {@code --partition-id}
 * of {@code --num-partitions}, cut exactly as {@code fatecg run} cuts its clients for the same seed.
 */
@Command(
        name = "supernode",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        usageHelpWidth = 110,
        description = {
            "Join a Flower SuperLink as a SuperNode: train (plain or FAT) and evaluate (Clean/PGD/FGSM/CW/BIM) on this site's beats when "
                    + "the ServerApp asks. Only weights and metrics leave the site. Stops cleanly on SIGTERM or Ctrl-C."
        },
        footer = {
            "",
            "Examples:",
            "  ./fatecg supernode --superlink 10.0.0.5:9092 --root-certificates ca.crt --partition-id 3 --data ~/mitdb",
            "  ./fatecg supernode --superlink 127.0.0.1:9092 --insecure --partition-id 0 --records 100,101"
        })
public final class SupernodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataCommand.Source source;

    @Mixin
    DeviceOptions device;

    @Option(
            names = "--superlink",
            required = true,
            paramLabel = "HOST:PORT",
            description = "The SuperLink's Fleet API address.")
    String superlink;

    @Option(
            names = "--root-certificates",
            paramLabel = "CA.pem",
            description = "Trust these CA certificates (PEM) for TLS with the SuperLink.")
    Path rootCertificates;

    @Option(names = "--insecure", description = "Plaintext gRPC (no TLS): for tests on one machine only.")
    boolean insecure;

    @Option(
            names = "--auth-private-key",
            paramLabel = "KEY.pem",
            description = "This node's registered EC private key (PKCS#8 PEM); with --auth-public-key.")
    Path authPrivateKey;

    @Option(
            names = "--auth-public-key",
            paramLabel = "KEY.pem",
            description = "Its public key (SPKI PEM), as registered with `flwr supernode register`.")
    Path authPublicKey;

    @Option(
            names = "--partition-id",
            required = true,
            paramLabel = "N",
            description = "This site's partition, 0 .. --num-partitions - 1.")
    int partitionId;

    @Option(
            names = "--num-partitions",
            defaultValue = "10",
            paramLabel = "N",
            description = "Partitions the training set is cut into (default: ${DEFAULT-VALUE}, the paper's clients).")
    int numPartitions;

    @Option(
            names = "--partition",
            defaultValue = "iid",
            paramLabel = "KIND",
            description = "iid (the paper), patient or dirichlet (default: ${DEFAULT-VALUE}).")
    String partition;

    @Option(
            names = "--alpha",
            defaultValue = "0.5",
            paramLabel = "X",
            description = "Dirichlet concentration for --partition dirichlet (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(
            names = "--split",
            defaultValue = "paper",
            paramLabel = "KIND",
            description = "paper, interpatient or stratified (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(
            names = "--seed",
            defaultValue = "0",
            paramLabel = "N",
            description =
                    "The federation's seed: split, partition, initial weights, random streams (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--records",
            split = ",",
            paramLabel = "REC",
            description = "Only these MIT-BIH records (default: all 48).")
    List<String> records;

    @Option(
            names = "--test-beats",
            defaultValue = "1000",
            paramLabel = "N",
            description =
                    "The seeded test subset shared out among the partitions, 0 for all (default: ${DEFAULT-VALUE}).")
    int testBeats;

    @Option(
            names = "--heartbeat-interval",
            defaultValue = "30",
            paramLabel = "S",
            description =
                    "Seconds; the SuperLink drops the node after twice this without a heartbeat (default: ${DEFAULT-VALUE}).")
    double heartbeatInterval;

    @Option(
            names = "--poll-interval",
            defaultValue = "1",
            paramLabel = "S",
            description = "Seconds between asking for messages when there are none (default: ${DEFAULT-VALUE}).")
    double pollInterval;

    @Option(
            names = "--max-message-mb",
            defaultValue = "512",
            paramLabel = "MB",
            description = "Refuse larger messages (default: ${DEFAULT-VALUE}).")
    long maxMessageMb;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        if ((rootCertificates == null) == !insecure)
            throw new IllegalArgumentException(
                    insecure
                            ? "--insecure and --root-certificates exclude each other"
                            : "give --root-certificates CA.pem for TLS, or --insecure for plaintext (tests on one machine only)");
        if (rootCertificates != null && !Files.isReadable(rootCertificates))
            throw new IllegalArgumentException("--root-certificates " + rootCertificates + ": no such readable file");
        if ((authPrivateKey == null) != (authPublicKey == null))
            throw new IllegalArgumentException("--auth-private-key and --auth-public-key go together");
        if (authPrivateKey != null && insecure)
            throw new IllegalArgumentException(
                    "node authentication needs TLS: give --root-certificates, not --insecure");
        if (numPartitions < 1 || partitionId < 0 || partitionId >= numPartitions)
            throw new IllegalArgumentException("--partition-id " + partitionId + " is not in 0.." + (numPartitions - 1)
                    + " (--num-partitions " + numPartitions + ")");
        if (!superlink.matches("[^\\s:]+:\\d{1,5}") && !superlink.matches("\\[[0-9a-fA-F:]+\\]:\\d{1,5}"))
            throw new IllegalArgumentException("--superlink '" + superlink + "' is not HOST:PORT");
        NodeKeys keys = authPrivateKey != null ? NodeKeys.load(authPrivateKey, authPublicKey) : NodeKeys.generate();
        device.install(err);

        List<String> recs = records == null || records.isEmpty() ? MitBih.RECORDS : records;
        for (String r : recs)
            if (!MitBih.RECORDS.contains(r))
                throw new IllegalArgumentException("--records: '" + r + "' is not an MIT-BIH record (100..234)");
        Path dataDir = source.dataDir(spec.commandLine().getErr(), recs).toAbsolutePath();
        BeatDataset ds = MitBih.load(dataDir, recs, source.settings(), source.windowCache(), err::println);
        SplitConfig sc = new SplitConfig(
                SplitConfig.SplitKind.valueOf(split.toUpperCase()),
                0.8,
                SplitConfig.PartitionKind.valueOf(partition.toUpperCase()),
                numPartitions,
                alpha,
                false,
                seed);
        ClientSplit cs = ClientSplit.of(ds, sc);
        int[] train = cs.clients()[partitionId];
        int[] test = Partitions.shards(Experiment.testSubset(cs.split().test(), testBeats, seed), numPartitions)[
                partitionId];
        FatApp app = new FatApp(
                ds, train, test, partitionId, seed, FitConfig.paper(), RunConfig.Attacks.paper(), Condition.PAPER, 32);
        err.printf(
                "supernode: partition %d of %d: %d training beats, %d test beats (seed %d, %s split, %s partition)%n",
                partitionId, numPartitions, train.length, test.length, seed, split, partition);
        return serve(
                new SuperNode.Options(
                        superlink,
                        rootCertificates,
                        keys,
                        authPrivateKey == null,
                        heartbeatInterval,
                        pollInterval,
                        maxMessageMb << 20),
                app,
                err);
    }

    /** Runs the node until SIGTERM/SIGINT (then it signs off) or a fatal error (which propagates). */
    static int serve(SuperNode.Options options, FatApp app, PrintStream err) throws Exception {
        SuperNode node = new SuperNode(options, app, err);
        java.util.concurrent.CountDownLatch signedOff = new java.util.concurrent.CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    node.stop();
                    try {
                        signedOff.await(
                                15, java.util.concurrent.TimeUnit.SECONDS); // let run() deactivate and unregister
                    } catch (InterruptedException ignored) {
                        // the JVM is going down anyway
                    }
                },
                "supernode-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            node.run();
        } finally {
            signedOff.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // run() returned because of the hook: nothing to remove
        }
        return 0;
    }
}
