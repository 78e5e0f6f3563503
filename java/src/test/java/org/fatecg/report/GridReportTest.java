package org.fatecg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grid report from hand-written run folders: last rounds, mean ± sd over seeds, Table 2, heatmaps. */
class GridReportTest {
    private static Path run(Path dir, String name, double clean, double pgd) throws Exception {
        Path d = dir.resolve("cells").resolve(name);
        Files.createDirectories(d);
        Files.writeString(
                d.resolve("metrics.csv"),
                "federation,round,condition,accuracy\n"
                        + "Non-FAT,0,clean,0.1\nNon-FAT,0,pgd,0.1\n" // an earlier round: not the result
                        + "Non-FAT,3,clean," + clean + "\nNon-FAT,3,pgd," + pgd + "\n");
        return d;
    }

    @Test
    void meanAndSdOverSeedsBesideThePaper(@TempDir Path dir) throws Exception {
        double[][] acc = {{0.9, 0.5}, {0.8, 0.4}, {0.7, 0.3}, {0.6, 0.2}, {0.6, 0.2}, {0.6, 0.2}};
        List<GridReport.Cell> cells = new ArrayList<>();
        String[] rule = {"fedavg", "median"};
        for (int r = 0; r < 2; r++)
            for (int seed = 0; seed < 3; seed++) {
                String name = "strategy-" + rule[r] + "_seed-" + seed;
                double[] a = acc[3 * r + seed];
                cells.add(new GridReport.Cell(
                        Map.of("strategy", rule[r]),
                        seed,
                        "cells/" + name,
                        RunResults.lastRound(run(dir, name, a[0], a[1]))));
            }
        String md = GridReport.write(
                dir,
                new GridReport.Layout(
                        "t", List.of("strategy"), Map.of(), List.of(0L, 1L, 2L), "strategy", "federations"),
                cells);
        // fedavg clean: 0.9, 0.8, 0.7 -> 80.0 ± 10.0; pgd 0.5, 0.4, 0.3 -> 40.0 ± 10.0; median: no spread
        assertTrue(md.contains("| fedavg   | Non-FAT    | 80.0 ± 10.0 | 40.0 ± 10.0 | 3 "), md);
        assertTrue(md.contains("| median   | Non-FAT    | 60.0 ± 0.0  | 20.0 ± 0.0  | 3 "), md);
        // Table 2: 80.00 against the paper's 98.44 is -18.44 points; PGD 40.00 against 35.14 is +4.86
        assertTrue(md.contains("| Clean     | 80.00 ± 10.00 | 98.44         | -18.44 "), md);
        assertTrue(md.contains("| PGD       | 40.00 ± 10.00 | 35.14         | +4.86 "), md);
        assertTrue(md.contains("[seed 2](cells/strategy-fedavg_seed-2/report.md)"), md);
        assertTrue(Files.size(dir.resolve("heatmaps/clean.png")) > 1000);
        List<String> summary = Files.readAllLines(dir.resolve("summary.csv"));
        assertEquals("strategy,federation,condition,mean,sd,seeds", summary.get(0));
        String[] f = summary.get(1).split(",");
        assertEquals("fedavg", f[0]);
        assertEquals(0.8, Double.parseDouble(f[3]), 1e-12);
        assertEquals(0.1, Double.parseDouble(f[4]), 1e-12);
        assertEquals(1 + 12, Files.readAllLines(dir.resolve("grid.csv")).size()); // 6 cells x 2 conditions
    }
}
