package org.fatecg.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fatecg.fl.SiteStudy;
import org.fatecg.fl.ThreatGrid;
import org.fatecg.fl.UpdateStats;
import org.fatecg.io.AtomicFiles;
import org.fatecg.io.Csv;

/**
 * The report of {@code fatecg threats}: threats.md (the grid's table and the sites' table),
 * grid.csv, rounds.csv (every round of every cell: clean accuracy and, per client, fate, update norm and
 * cosine to the aggregate), sites.csv, and per partition and federation three heatmaps (attack x
 * defence) of clean accuracy, accuracy under PGD and backdoor success rate. Every file is written
 * atomically.
 */
public final class ThreatsReport {
    private ThreatsReport() {}

    /** Writes everything under dir; returns the markdown text. */
    public static String write(Path dir, List<ThreatGrid.Cell> cells, List<SiteStudy.Result> sites) throws IOException {
        Files.createDirectories(dir.resolve("heatmaps"));
        Csv grid = new Csv(
                "partition",
                "federation",
                "attack",
                "attackers",
                "defence",
                "clean",
                "v_sensitivity",
                "pgd",
                "attack_success",
                "seconds");
        Csv rounds = new Csv(
                "partition",
                "federation",
                "attack",
                "defence",
                "round",
                "clean",
                "client",
                "malicious",
                "status",
                "update_norm",
                "cosine_to_aggregate");
        MarkdownTable table = new MarkdownTable(
                        "partition",
                        "federation",
                        "attack",
                        "defence",
                        "clean %",
                        "V sens. %",
                        "PGD %",
                        "backdoor success %",
                        "attackers rejected/clipped")
                .decimals(1);
        for (ThreatGrid.Cell c : cells) {
            grid.row(
                    c.partition(),
                    c.federation(),
                    c.threat().kind().key,
                    c.threat().clients().length,
                    c.defence(),
                    c.clean(),
                    c.vSensitivity(),
                    c.pgd(),
                    c.attackSuccess(),
                    c.seconds());
            int caught = 0, seen = 0;
            for (ThreatGrid.RoundLine l : c.rounds())
                for (UpdateStats u : l.updates()) {
                    boolean bad = c.threat().malicious(u.client());
                    rounds.row(
                            c.partition(),
                            c.federation(),
                            c.threat().kind().key,
                            c.defence(),
                            l.round(),
                            l.clean(),
                            u.client(),
                            bad,
                            u.status().name(),
                            u.norm(),
                            u.cosine());
                    if (bad && l.round() >= c.threat().from()) {
                        seen++;
                        if (u.status() != org.fatecg.fl.Aggregate.Status.SELECTED) caught++;
                    }
                }
            table.row(
                    c.partition(),
                    c.federation(),
                    c.threat().kind().key,
                    c.defence(),
                    100 * c.clean(),
                    100 * c.vSensitivity(),
                    100 * c.pgd(),
                    100 * c.attackSuccess(),
                    seen == 0 ? "-" : caught + "/" + seen);
        }
        grid.write(dir.resolve("grid.csv"));
        rounds.write(dir.resolve("rounds.csv"));
        heatmaps(dir.resolve("heatmaps"), cells);

        Csv sc = new Csv(
                "partition",
                "algorithm",
                "global_clean",
                "site_mean",
                "site_min",
                "site_max",
                "site_std",
                "sites",
                "seconds");
        MarkdownTable st = new MarkdownTable(
                        "partition",
                        "algorithm",
                        "global clean %",
                        "site mean %",
                        "site min %",
                        "site max %",
                        "site std (points)")
                .decimals(1);
        for (SiteStudy.Result r : sites) {
            List<Object> each = new ArrayList<>();
            for (double v : r.sites()) each.add(String.format(Locale.ROOT, "%.4f", v));
            sc.row(
                    r.partition(),
                    r.algorithm(),
                    r.global(),
                    r.mean(),
                    r.min(),
                    r.max(),
                    r.std(),
                    String.join(" ", each.stream().map(Object::toString).toList()),
                    r.seconds());
            st.row(
                    r.partition(),
                    r.algorithm(),
                    Double.isNaN(r.global()) ? "-" : String.format(Locale.ROOT, "%.1f", 100 * r.global()),
                    100 * r.mean(),
                    100 * r.min(),
                    100 * r.max(),
                    100 * r.std());
        }
        sc.write(dir.resolve("sites.csv"));
        String md = "# Threats to a federation\n\n## Attack x defence\n\n"
                + "Clean accuracy and V sensitivity on the test beats, accuracy under PGD, and the backdoor success rate (triggered test beats of the other "
                + "classes put in the target class; in rows without a backdoor it is the trigger's effect on an honest model). "
                + "The last column counts the attackers' updates, from their first attack round, that the rule rejected or clipped.\n\n"
                + table + "\n## Heterogeneous sites\n\n" + (sites.isEmpty() ? "(not run)\n" : st.toString())
                + "\nHeatmaps: `heatmaps/<partition>-<federation>-{clean,pgd,asr}.png`; every round: `rounds.csv`.\n";
        AtomicFiles.writeString(dir.resolve("threats.md"), md);
        return md;
    }

    /** Three attack x defence heatmaps per partition and federation. */
    static void heatmaps(Path dir, List<ThreatGrid.Cell> cells) throws IOException {
        Map<String, List<ThreatGrid.Cell>> groups = new LinkedHashMap<>();
        for (ThreatGrid.Cell c : cells)
            groups.computeIfAbsent(c.partition() + "-" + c.federation(), k -> new ArrayList<>())
                    .add(c);
        String[] metric = {"clean", "pgd", "asr"};
        String[] name = {"clean accuracy %", "accuracy under PGD %", "backdoor success %"};
        for (Map.Entry<String, List<ThreatGrid.Cell>> e : groups.entrySet())
            for (int m = 0; m < 3; m++) {
                int which = m;
                Heatmap.of(
                                e.getKey() + ": " + name[m] + " (rows attack, columns defence)",
                                e.getValue(),
                                c -> c.threat().kind().key,
                                ThreatGrid.Cell::defence,
                                c -> which == 0 ? c.clean() : which == 1 ? c.pgd() : c.attackSuccess())
                        .writePng(dir.resolve(e.getKey() + "-" + metric[m] + ".png"));
            }
    }
}
