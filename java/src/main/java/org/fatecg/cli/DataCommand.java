package org.fatecg.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.data.Aami;
import org.fatecg.data.BeatDataset;
import org.fatecg.data.BeatFormat;
import org.fatecg.data.BeatWindows;
import org.fatecg.data.ClientSplit;
import org.fatecg.data.DataLocator;
import org.fatecg.data.Downloader;
import org.fatecg.data.Lead;
import org.fatecg.data.MitBih;
import org.fatecg.data.Split;
import org.fatecg.data.SplitConfig;
import org.fatecg.data.WfdbHeader;
import org.fatecg.data.WindowSettings;
import org.fatecg.report.LineChart;
import org.fatecg.report.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fatecg data}: inspect, fetch and plot the MIT-BIH data. {@code info} prints records, leads,
 * class counts per split and per client; {@code download} fetches the database from PhysioNet with
 * SHA-256 checks; {@code plot} draws one beat window as a PNG. The work is all in org.fatecg.data; this
 * class only parses options and prints.
 */
@Command(
        name = "data",
        description = "MIT-BIH data: info, download, plot.",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        subcommands = {DataCommand.Info.class, DataCommand.Download.class, DataCommand.Plot.class})
public final class DataCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The options every subcommand that reads the database shares. */
    static final class Source {
        @Option(
                names = "--data",
                paramLabel = "DIR",
                description = "MIT-BIH folder (default: $FATECG_DATA, else the user cache, downloaded on first use).")
        Path data;

        @Option(
                names = "--lead",
                paramLabel = "SPEC",
                defaultValue = "1",
                description =
                        "Signal index or lead name, with fallbacks: 1 (paper), MLII, V1, MLII,0 (default: ${DEFAULT-VALUE}; for nsr and"
                                + " robust-train's Kachuee beats 0, each record's first signal, as the Kaggle set;"
                                + " for eval, attack and explain the lead the model file records).")
        String lead;

        @Option(
                names = "--cache-dir",
                paramLabel = "DIR",
                description = "Window cache folder (default: <user cache>/windows).")
        Path cacheDir;

        @Option(names = "--no-cache", description = "Rebuild the windows without reading or writing the cache.")
        boolean noCache;

        WindowSettings settings() {
            return settings(BeatFormat.WINDOWS, true);
        }

        /**
         * The settings of beat format {@code f} ({@link WindowSettings#of}), with --lead when it was given;
         * {@code leadGiven} false keeps the format's own lead (0 for Kachuee beats, as the Kaggle set).
         */
        WindowSettings settings(BeatFormat f, boolean leadGiven) {
            WindowSettings d = WindowSettings.of(f);
            return leadGiven || f == BeatFormat.WINDOWS ? d.withLead(Lead.parse(lead)) : d;
        }

        /** The database folder, holding at least {@code records} (the cache folder is downloaded when missing). */
        Path dataDir(PrintWriter err, List<String> records) throws IOException {
            DataLocator.Location loc = DataLocator.locate(data, System.getenv(), System.getProperty("user.home"));
            if (loc.origin() == DataLocator.Origin.CACHE
                    && !DataLocator.missing(loc.dir(), records).isEmpty()) {
                Path shared = DataLocator.sharedCopy(Path.of(""), records);
                if (shared != null) {
                    err.println("fatecg: using the MIT-BIH copy in " + shared + " (--data or " + DataLocator.ENV
                            + " choose another)");
                    return shared;
                }
            }
            PrintStream bar = Progress.terminal() ? System.err : null; // no progress bar when not a terminal
            err.flush();
            return DataLocator.ensure(loc, records, Downloader.physionet(bar), System.err);
        }

        Path windowCache() {
            if (noCache) return null;
            return cacheDir != null
                    ? cacheDir
                    : DataLocator.cacheRoot(System.getenv(), System.getProperty("user.home"))
                            .resolve("windows");
        }
    }

    static String counts(int[] c) {
        StringBuilder b = new StringBuilder();
        for (Aami a : Aami.values()) b.append(String.format("  %s %6d", a, c[a.ordinal()]));
        return b.toString();
    }

    @Command(
            name = "info",
            mixinStandardHelpOptions = true,
            versionProvider = Main.Version.class,
            description = "Records, leads, and class counts per record, per split and per client.")
    static final class Info implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Source source;

        @Option(
                names = "--split",
                defaultValue = "paper",
                description = "paper | interpatient | stratified (default: ${DEFAULT-VALUE}).")
        SplitConfig.SplitKind split;

        @Option(
                names = "--clients",
                defaultValue = "10",
                description = "Number of clients (default: ${DEFAULT-VALUE}).")
        int clients;

        @Option(
                names = "--partition",
                defaultValue = "iid",
                description = "iid | patient | dirichlet (default: ${DEFAULT-VALUE}).")
        SplitConfig.PartitionKind partition;

        @Option(
                names = "--alpha",
                defaultValue = "0.5",
                description = "Dirichlet concentration (default: ${DEFAULT-VALUE}).")
        double alpha;

        @Option(names = "--oversample", description = "Class-balanced oversampling of each client's data.")
        boolean oversample;

        @Option(
                names = "--seed",
                defaultValue = "0",
                description = "Seed of the split and partition (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut(),
                    err = spec.commandLine().getErr();
            SplitConfig cfg = SplitConfig.paper(seed)
                    .withSplit(split)
                    .withPartition(partition, alpha)
                    .withClients(clients)
                    .withOversample(oversample);
            Path dir = source.dataDir(err, MitBih.RECORDS);
            WindowSettings ws = source.settings();
            List<String> notices = new ArrayList<>();
            BeatDataset ds = MitBih.load(dir, ws, source.windowCache(), notices::add);
            out.printf("MIT-BIH Arrhythmia Database in %s%n", dir);
            out.printf(
                    "lead %s, window r-%d..r+%d (%d samples), normalisation %s%n%n",
                    ws.lead().spec(), ws.before(), ws.after(), ws.length(), ws.norm());
            StringBuilder head = new StringBuilder();
            for (Aami a : Aami.values()) head.append(String.format("  %-8s", a));
            out.printf("%-6s %-10s %-5s %7s%s%n", "record", "leads", "used", "windows", head);
            Map<Integer, List<Integer>> byRecord = new LinkedHashMap<>();
            for (int i = 0; i < ds.size(); i++)
                byRecord.computeIfAbsent(ds.record(i), r -> new ArrayList<>()).add(i);
            for (String rec : MitBih.RECORDS) {
                WfdbHeader h = WfdbHeader.read(dir, rec);
                List<Integer> idx = byRecord.getOrDefault(Integer.parseInt(rec), List.of());
                int sig = ws.lead().resolve(h);
                String leads = h.signals().get(0).description()
                        + (h.signals().size() > 1 ? "," + h.signals().get(1).description() : "");
                out.printf(
                        "%-6s %-10s %-5s %7d%s%n",
                        rec,
                        leads,
                        sig < 0 ? "-" : h.signals().get(sig).description(),
                        idx.size(),
                        counts(ds.classCounts(
                                idx.stream().mapToInt(Integer::intValue).toArray())));
            }
            for (String n : notices) out.println("note: " + n);
            out.printf("%-24s %7d%s%n%n", "total", ds.size(), counts(ds.classCounts()));

            out.println("splits (seed " + seed + "):");
            for (SplitConfig.SplitKind k : SplitConfig.SplitKind.values()) {
                Split s = ClientSplit.of(
                                ds, SplitConfig.paper(seed).withSplit(k).withClients(1))
                        .split();
                String name = k == SplitConfig.SplitKind.INTERPATIENT
                        ? "DS1/DS2"
                        : k.name().toLowerCase();
                out.printf("  %-12s train %7d%s%n", name, s.train().length, counts(ds.classCounts(s.train())));
                out.printf("  %-12s test  %7d%s%n", "", s.test().length, counts(ds.classCounts(s.test())));
            }
            ClientSplit cs = ClientSplit.of(ds, cfg);
            out.printf(
                    "%nclients: %d, split %s, partition %s%s%s%n",
                    clients,
                    split.name().toLowerCase(),
                    partition.name().toLowerCase(),
                    cfg.partition() == SplitConfig.PartitionKind.DIRICHLET ? " (alpha " + alpha + ")" : "",
                    oversample ? ", oversampled" : "");
            int[][] c = cs.clients();
            for (int k = 0; k < c.length; k++) {
                int[] recs = ds.subset(c[k]).recordIds();
                out.printf(
                        "  client %-3d %7d%s  records %d%n", k, c[k].length, counts(ds.classCounts(c[k])), recs.length);
            }
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "download",
            mixinStandardHelpOptions = true,
            versionProvider = Main.Version.class,
            description = "Fetch the MIT-BIH database from PhysioNet (resumable, SHA-256 checked).")
    static final class Download implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--dest",
                paramLabel = "DIR",
                description = "Target folder (default: $FATECG_DATA, else <user cache>/mitdb).")
        Path dest;

        @Option(
                names = "--records",
                split = ",",
                paramLabel = "REC",
                description = "Only these records (default: all 48 plus RECORDS, ANNOTATORS).")
        List<String> records;

        @Option(
                names = "--base-url",
                hidden = true,
                defaultValue = Downloader.PHYSIONET,
                description = "Mirror to fetch from.")
        String baseUrl;

        @Override
        public Integer call() throws IOException {
            Path dir = dest != null
                    ? dest
                    : DataLocator.locate(null, System.getenv(), System.getProperty("user.home"))
                            .dir();
            Map<String, String> all = Downloader.embeddedChecksums(), want = new LinkedHashMap<>();
            if (records == null) want.putAll(all);
            else
                for (String r : records)
                    for (String ext : new String[] {"hea", "dat", "atr"}) {
                        String f = r + "." + ext;
                        if (!all.containsKey(f))
                            throw new IllegalArgumentException("--records " + r + ": not an MIT-BIH record (100..234)");
                        want.put(f, all.get(f));
                    }
            PrintStream bar = Progress.terminal() ? System.err : null;
            List<String> got = new Downloader(baseUrl, want, bar).downloadAll(dir);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%s: %d files downloaded, %d already present and verified (SHA-256)%n",
                            dir, got.size(), want.size() - got.size());
            return 0;
        }
    }

    @Command(
            name = "plot",
            mixinStandardHelpOptions = true,
            versionProvider = Main.Version.class,
            description = "Draw one beat window as a PNG, titled with its label.")
    static final class Plot implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Source source;

        @Option(names = "--record", required = true, description = "Record, e.g. 100.")
        String record;

        @Option(
                names = "--beat",
                required = true,
                paramLabel = "N",
                description = "Beat window index in the record, from 0.")
        int beat;

        @Option(names = "--out", paramLabel = "FILE.png", description = "Output PNG (default: beat-<record>-<N>.png).")
        Path out;

        @Override
        public Integer call() throws IOException {
            if (!MitBih.RECORDS.contains(record))
                throw new IllegalArgumentException("--record " + record + ": not an MIT-BIH record (100..234)");
            Path dir = source.dataDir(spec.commandLine().getErr(), List.of(record));
            WindowSettings ws = source.settings();
            BeatWindows.Result r = MitBih.windowsOf(dir, record, ws);
            if (beat < 0 || beat >= r.size())
                throw new IllegalArgumentException("--beat " + beat + ": record " + record + " has " + r.size()
                        + " beat windows, numbered 0.." + (r.size() - 1));
            WfdbHeader h = WfdbHeader.read(dir, record);
            String lead = h.signals().get(ws.lead().resolve(h)).description();
            int len = ws.length();
            double[] t = new double[len], y = new double[len];
            for (int k = 0; k < len; k++) {
                t[k] = (k - ws.before()) * 1000.0 / h.samplingFrequency(); // ms from the R peak
                y[k] = r.x()[beat * len + k];
            }
            Aami cls = Aami.of(r.y()[beat]);
            int rs = r.rSample()[beat];
            String title = String.format(
                    "MIT-BIH %s beat %d: class %s (symbol %s), R at sample %d (%.2f s)",
                    record, beat, cls, r.symbols()[beat], rs, rs / h.samplingFrequency());
            Path file = out != null ? out : Path.of("beat-" + record + "-" + beat + ".png");
            new LineChart(
                            title,
                            "time from R peak (ms)",
                            ws.norm() == WindowSettings.Normalisation.MINMAX ? "min-max scaled" : "mV")
                    .add("lead " + lead, t, y)
                    .writePng(file, 900, 450);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%s: record %s beat %d, class %s (symbol %s), R at sample %d, lead %s%n",
                            file, record, beat, cls, r.symbols()[beat], rs, lead);
            return 0;
        }
    }
}
