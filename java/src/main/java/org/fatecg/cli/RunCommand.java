package org.fatecg.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.fatecg.backend.Backend;
import org.fatecg.data.BeatDataset;
import org.fatecg.data.MitBih;
import org.fatecg.fl.Checkpoint;
import org.fatecg.fl.Experiment;
import org.fatecg.fl.FederationListener;
import org.fatecg.fl.RunConfig;
import org.fatecg.fl.Simulation;
import org.fatecg.report.Progress;
import org.fatecg.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fatecg run}, the main job: the experiment of Çelik and Güllü (2025) from data to report. Loads MIT-BIH,
 * trains the Non-FAT and FAT federations round by round (a checkpoint after each), evaluates them under
 * the test conditions and writes the report folder. Settings come from flags, a --config file and a
 * preset, in that order of precedence ({@link RunDefaults}); the effective configuration is written to
 * DIR/config.properties first, so a killed run can be continued with --resume DIR.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        defaultValueProvider = RunDefaults.class,
        usageHelpWidth = 110,
        description = {
            "Train the Non-FAT and FAT federations of the FAT-for-ECG paper on MIT-BIH, evaluate them under Clean, "
                    + "PGD, FGSM, CW and BIM after every round, and write a report (metrics CSV/JSON, Tables 2-5 beside the paper's, "
                    + "Figures 2-6, confusion matrices) to --out.",
            "Values come from the flags, else --config FILE.properties (keys = long option names without dashes), else the preset."
        },
        footer = {
            "",
            "Examples:",
            "  ./fatecg run                                   quick preset, report in runs/quick-<time>/",
            "  ./fatecg run --preset paper --data ~/mitdb     the paper's protocol exactly",
            "  ./fatecg run --config my.properties --seed 3   a config file, one value overridden",
            "  ./fatecg run --resume runs/paper-20250101-1200 continue a killed run where its last checkpoint left it"
        })
public final class RunCommand implements Callable<Integer> {
    static final String CONFIG_FILE = "config.properties";
    /** What may differ when resuming: where and how fast the numbers are computed, not which numbers. */
    static final Set<String> RESUME_MAY_SET =
            Set.of("resume", "threads", "device", "quiet", "cache-dir", "no-cache", "profile-round");

    @Spec
    CommandSpec spec;

    @Mixin
    DataCommand.Source source;

    @Mixin
    RunOptions options;

    @Option(
            names = "--config",
            paramLabel = "FILE.properties",
            description = "Settings file; flags override it, it overrides the preset.")
    Path config;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Report folder (default: runs/<preset>-<yyyyMMdd-HHmmss>).")
    Path out;

    @Option(
            names = "--resume",
            paramLabel = "DIR",
            description = "Continue the run in DIR from its last checkpoint, with its config.properties.")
    Path resume;

    @Option(
            names = "--replace",
            description = "Allow a non-empty --out: overwrite the run there (its checkpoint is deleted first).")
    boolean replace;

    @Option(names = "--quiet", description = "No progress bars (they are off anyway when output is not a terminal).")
    boolean quiet;

    @Option(
            names = "--profile-round",
            paramLabel = "N",
            description =
                    "Profile round N of each federation (training and evaluation) per kernel and phase into DIR/profile/ (see fatecg profile).")
    Integer profileRound;

    @Override
    public Integer call() throws IOException {
        long wall = System.nanoTime();
        Instant started = Instant.now();
        PrintWriter o = spec.commandLine().getOut();
        PrintStream err = System.err;
        if (resume != null) checkResumeFlags();
        withOrigin(() -> options.toRunConfig(Path.of("."), source.lead)); // every setting checked before data is read
        withOrigin(options::architecture);
        Path dir = resume != null
                ? resume
                : out != null
                        ? out
                        : Path.of(
                                "runs",
                                options.preset + "-"
                                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Path ck = dir.resolve("checkpoint");
        if (resume == null && !replace) RunFolder.requireEmpty(dir);
        OutputFolder.create(resume != null ? "--resume" : "--out", dir);
        try (RunFolder held = RunFolder.lock(dir)) {
            if (resume == null && replace && Checkpoint.exists(ck))
                Checkpoint.delete(ck); // never resumable into the new run
            if (resume != null) RecordedConfig.verify(dir.resolve(CONFIG_FILE), ck); // before any data is read
            int stale = RunFolder.cleanTemporaries(dir);
            if (stale > 0)
                spec.commandLine()
                        .getErr()
                        .println("note: removed " + stale + " temporary file(s) a killed write left in " + dir);
            return train(dir, ck, started, wall, o, err);
        }
    }

    private int train(Path dir, Path ck, Instant started, long wall, PrintWriter o, PrintStream err)
            throws IOException {
        Backend backend = DeviceOptions.install(options.device, options.threads, err);

        long t0 = System.nanoTime();
        List<String> records = options.records == null || options.records.isEmpty() ? MitBih.RECORDS : options.records;
        for (String r : records)
            if (!MitBih.RECORDS.contains(r))
                throw new IllegalArgumentException("--records: '" + r + "' is not an MIT-BIH record (100..234)");
        Path dataDir = source.dataDir(spec.commandLine().getErr(), records).toAbsolutePath();
        List<String> notices = new ArrayList<>();
        BeatDataset ds = MitBih.load(dataDir, records, source.settings(), source.windowCache(), notices::add);
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        RunConfig cfg = withOrigin(() -> options.toRunConfig(dataDir, source.lead));

        RunSummary summary = new RunSummary(o, cfg);
        ConsoleProgress progress =
                new ConsoleProgress(err, Progress.terminal() && !quiet, summary::position, summary::runEta);
        if (profileRound != null
                && (profileRound < 0 || profileRound > cfg.federation().rounds()))
            throw new IllegalArgumentException("--profile-round must be in 0.."
                    + cfg.federation().rounds() + " (the rounds of this run), got " + profileRound);
        FederationListener listener =
                profileRound == null ? progress : new RoundProfiler(progress, profileRound, dir, backend, err);
        Experiment exp = new Experiment(
                cfg, ds, options.architecture(), listener, progress.interactive() ? Progress.barsOn(err) : null);
        if (resume == null) EffectiveConfig.write(dir.resolve(CONFIG_FILE), spec, dataDir, started);
        Map<String, Object> extra = Map.of(RecordedConfig.KEY, RecordedConfig.of(dir.resolve(CONFIG_FILE)));
        summary.header(dir, dataDir, ds, exp, backend, notices, resume != null);
        PrivacyLedger ledger = PrivacyLedger.of(cfg, exp, options.privacy, options.architecture());
        int from = exp.run(ck, resume != null, extra, (r, sims) -> {
            RunReport.writeMetrics(dir, sims);
            summary.round(r, sims);
            if (ledger != null) ledger.round(r, sims, dir, o);
        });

        long tr = System.nanoTime();
        List<Simulation> sims = exp.simulations();
        String tables = RunReport.writeTablesAndCharts(dir, sims);
        ModelFiles.writeFinal(dir.resolve("models"), sims, exp.layout(), cfg.seed(), source.settings());
        double reportSeconds = (System.nanoTime() - tr) / 1e9;
        Map<String, Object> meta = RunMetadata.of(
                cfg, spec, backend, started, from, loadSeconds, reportSeconds, (System.nanoTime() - wall) / 1e9, exp);
        List<PaperProtocol.Difference> fromPaper = PaperProtocol.differences(spec);
        RunMetadata.write(dir, meta, tables, cfg, sims, fromPaper);
        if (ledger != null) ledger.appendToReport(dir);
        summary.finish(dir, sims, fromPaper, (System.nanoTime() - wall) / 1e9);
        return 0;
    }

    /** With --resume only where-and-how-fast options may be given; everything else comes from DIR/config.properties. */
    private void checkResumeFlags() {
        if (config != null)
            throw new IllegalArgumentException(
                    "--resume " + resume + " reads " + resume.resolve(CONFIG_FILE) + "; drop --config");
        List<String> bad = new ArrayList<>();
        for (OptionSpec opt : spec.commandLine().getParseResult().matchedOptions()) {
            String key = opt.longestName().replaceFirst("^--", "");
            if (!RESUME_MAY_SET.contains(key)) bad.add(opt.longestName());
        }
        if (!bad.isEmpty())
            throw new IllegalArgumentException("--resume continues the run exactly as configured in "
                    + resume.resolve(CONFIG_FILE) + "; " + bad + " cannot change (only " + RESUME_MAY_SET
                    + " may be given). To vary it, start a new run with --config " + resume.resolve(CONFIG_FILE));
    }

    /** Runs body; an error about --key whose value came from the config file says so. */
    private <T> T withOrigin(java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (IllegalArgumentException e) {
            RunDefaults d = (RunDefaults) spec.defaultValueProvider();
            String msg = e.getMessage();
            for (String key : d.fromFile())
                if (msg.startsWith("--" + key + " ") || msg.startsWith("--" + key + ":"))
                    throw new IllegalArgumentException(msg + " (set as '" + key + "' in " + d.configPath() + ")", e);
            throw e;
        }
    }

    /** The effective values of the experiment's knobs, for run.json. */
    static Map<String, Object> knobs(CommandSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (OptionSpec opt : spec.options()) {
            String key = opt.longestName().replaceFirst("^--", "");
            if (RunDefaults.NOT_KNOBS.contains(key) || opt.getValue() == null) continue;
            m.put(key, EffectiveConfig.text(opt.getValue()));
        }
        return m;
    }
}
