package org.fatecg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fatecg.backend.Backend;
import org.fatecg.data.BeatDataset;
import org.fatecg.data.MitBih;
import org.fatecg.fl.Aggregate;
import org.fatecg.fl.SiteStudy;
import org.fatecg.fl.Threat;
import org.fatecg.fl.ThreatGrid;
import org.fatecg.fl.UpdateStats;
import org.fatecg.io.Json;
import org.fatecg.report.ThreatsReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fatecg threats}: poisoning and Byzantine hospitals against robust aggregation, with Non-FAT and
 * FAT federations ({@link ThreatGrid}), and heterogeneous sites under FedProx, adaptive server
 * optimisers and personalisation ({@link SiteStudy}). Values come from the flags, else the preset
 * ({@link ThreatsOptions}).
 */
@Command(
        name = "threats",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        defaultValueProvider = ThreatsOptions.Defaults.class,
        usageHelpWidth = 110,
        description = {
            "Malicious hospitals (label flipping, backdoor, model replacement, sign flip, Gaussian, constant, free-riders) "
                    + "against aggregation rules (FedAvg, median, trimmed mean, Krum, Multi-Krum, Bulyan, norm clipping, FLTrust), for Non-FAT "
                    + "and FAT federations; then heterogeneous sites (FedAvg, FedProx, FedAdam, FedYogi, FedAdagrad, FedPer, local fine-tuning) "
                    + "scored globally and per site. Writes threats.md, CSVs, heatmaps and run.json to --out.",
            "Values come from the flags, else the preset (quick: 5 attacks x 5 defences x Non-FAT/FAT on IID, 50 cells of one attack round, and a "
                    + "6-algorithm site study, timed in README; paper: the full grid, hours)."
        },
        footer = {
            "",
            "Examples:",
            "  ./fatecg threats                                  quick preset, report in runs/threats-quick-<time>/",
            "  ./fatecg threats --client-attacks none,backdoor --defences fedavg,median --site-algorithms none"
        })
public final class ThreatsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataCommand.Source source;

    @Mixin
    ThreatsOptions o;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Report folder (default: runs/threats-<preset>-<yyyyMMdd-HHmmss>).")
    Path out;

    @Override
    public Integer call() throws IOException {
        long wall = System.nanoTime();
        PrintWriter w = spec.commandLine().getOut();
        ThreatGrid.Settings gs = o.grid();
        SiteStudy.Settings ss = o.sites();
        Path dir = out != null
                ? out
                : Path.of(
                        "runs",
                        "threats-" + o.preset + "-"
                                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Backend backend = DeviceOptions.install(o.device, o.threads, System.err);
        Path dataDir =
                source.dataDir(spec.commandLine().getErr(), MitBih.RECORDS).toAbsolutePath();
        List<String> notices = new ArrayList<>();
        BeatDataset ds = MitBih.load(dataDir, MitBih.RECORDS, source.settings(), source.windowCache(), notices::add);
        for (String n : notices) w.println("fatecg: " + n);
        w.printf(
                Locale.ROOT,
                "threats (%s preset, seed %d, %s): %d beats from %s; report in %s%n",
                o.preset,
                o.seed,
                backend.name(),
                ds.size(),
                dataDir,
                dir);
        w.flush();

        List<ThreatGrid.Cell> cells = new ThreatGrid(gs, ds).run(new ThreatGrid.Listener() {
            int total;
            String head;

            @Override
            public void started(int cells) {
                total = cells;
                w.printf(
                        Locale.ROOT,
                        "grid: %d cells (%d warm-up FedAvg rounds, then %d rounds, %d of %d clients per round)%n",
                        cells,
                        gs.warmup(),
                        gs.rounds(),
                        gs.clientsPerRound(),
                        gs.clients());
            }

            @Override
            public void cellStarted(
                    int index, String partition, String federation, Threat.Kind attack, String defence) {
                head = String.format(
                        Locale.ROOT,
                        "[%d/%d] %s %s %s x %s",
                        index + 1,
                        total,
                        partition,
                        federation,
                        attack.key,
                        defence);
            }

            @Override
            public void round(int index, ThreatGrid.RoundLine l) {
                List<String> out = new ArrayList<>();
                for (UpdateStats u : l.updates())
                    if (u.status() != Aggregate.Status.SELECTED)
                        out.add(String.format(
                                Locale.ROOT,
                                "%d %s (|d| %.3g, cos %.2f)",
                                u.client(),
                                u.status().name().toLowerCase(),
                                u.norm(),
                                u.cosine()));
                w.printf(
                        Locale.ROOT,
                        "  %s round %d: clean %.1f%%; %s%n",
                        head,
                        l.round(),
                        100 * l.clean(),
                        out.isEmpty() ? "all updates selected" : String.join(", ", out));
                w.flush();
            }

            @Override
            public void cellEnded(int index, ThreatGrid.Cell c) {
                w.printf(
                        Locale.ROOT,
                        "%s: clean %.1f%%  V sens %.1f%%  PGD %.1f%%  backdoor success %.1f%%  (%.0f s)%n",
                        head,
                        100 * c.clean(),
                        100 * c.vSensitivity(),
                        100 * c.pgd(),
                        100 * c.attackSuccess(),
                        c.seconds());
                w.flush();
            }
        });
        List<SiteStudy.Result> sites = ss.algorithms().isEmpty()
                ? List.of()
                : new SiteStudy(ss, ds).run(r -> {
                    w.printf(
                            Locale.ROOT,
                            "sites %s %s: global %s, per site mean %.1f%% min %.1f%% max %.1f%% std %.1f points (%.0f s)%n",
                            r.partition(),
                            r.algorithm(),
                            Double.isNaN(r.global()) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * r.global()),
                            100 * r.mean(),
                            100 * r.min(),
                            100 * r.max(),
                            100 * r.std(),
                            r.seconds());
                    w.flush();
                });
        String md = ThreatsReport.write(dir, cells, sites);
        Json.write(dir.resolve("run.json"), metadata(gs, backend, cells, (System.nanoTime() - wall) / 1e9));
        w.println();
        w.print(md);
        w.printf(Locale.ROOT, "%nreport: %s (%.1f min)%n", dir, (System.nanoTime() - wall) / 60e9);
        return 0;
    }

    private Map<String, Object> metadata(
            ThreatGrid.Settings gs, Backend backend, List<ThreatGrid.Cell> cells, double seconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", "threats");
        m.put("preset", o.preset);
        m.put("seed", o.seed);
        m.put("version", RunMetadata.version());
        m.put("git_commit", GitCommit.ofWorkingFolder());
        m.put("backend", backend.name());
        m.put("seconds", seconds);
        m.put("settings", RunCommand.knobs(spec));
        Map<String, Object> threats = new LinkedHashMap<>();
        for (Threat.Kind k : gs.attacks())
            threats.put(
                    k.key, gs.threat().build(k, gs.seed(), gs.clientsPerRound()).toMap());
        m.put("malicious_clients", threats);
        List<Object> cs = new ArrayList<>();
        for (ThreatGrid.Cell c : cells) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("partition", c.partition());
            e.put("federation", c.federation());
            e.put("attack", c.threat().kind().key);
            e.put("defence", c.defence());
            e.put("clean", c.clean());
            e.put("v_sensitivity", c.vSensitivity());
            e.put("pgd", c.pgd());
            e.put("attack_success", c.attackSuccess());
            e.put("seconds", c.seconds());
            cs.add(e);
        }
        m.put("cells", cs);
        return m;
    }
}
