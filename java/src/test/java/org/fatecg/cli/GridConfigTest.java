package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grid file: cells in order, and errors that name the file, the key and the value. */
class GridConfigTest {
    private static Path file(Path dir, String text) throws Exception {
        Path f = dir.resolve("g.properties");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void cellsAreTheProductOfTheAxesWithSeedsFastest(@TempDir Path dir) throws Exception {
        GridConfig g = GridConfig.read(
                file(
                        dir,
                        "seeds = 0, 1\naxis.strategy = fedavg; median\naxis.attacks = clean,pgd; clean\nrun.rounds = 2\n"),
                GridCommand.runKeys());
        List<GridConfig.Cell> cells = g.cells();
        assertEquals(8, cells.size());
        assertEquals("strategy-fedavg_attacks-clean+pgd_seed-0", cells.get(0).name());
        assertEquals("strategy-fedavg_attacks-clean+pgd_seed-1", cells.get(1).name());
        assertEquals("strategy-fedavg_attacks-clean_seed-0", cells.get(2).name());
        assertEquals("strategy-median_attacks-clean_seed-1", cells.get(7).name());
        assertEquals(
                Map.of("strategy", "median", "attacks", "clean"), cells.get(7).values());
        assertEquals("strategy", g.rows);
        assertEquals("attacks", g.columns);
        String props = g.cellProperties(cells.get(7));
        assertTrue(props.contains("rounds=2\nstrategy=median\nattacks=clean\nseed=1\n"), props);
    }

    @Test
    void errorsNameFileKeyAndValue(@TempDir Path dir) throws Exception {
        String[][] cases = {
            {"axis.colour = red; blue\n", "key 'axis.colour' = 'red; blue': 'colour' is not a setting of fatecg run"},
            {"run.out = x\n", "key 'run.out' = 'x'"},
            {"seeds = 0, two\n", "key 'seeds' = '0, two': 'two' is not an integer"},
            {"axis.seed = 1; 2\n", "key 'axis.seed'"},
            {"axis.strategy = fedavg;; median\n", "key 'axis.strategy' = 'fedavg;; median': an empty value"},
            {"colour = red\n", "key 'colour' = 'red': unknown key"},
            {"axis.strategy = fedavg; median\nheatmap.rows = rounds\n", "key 'heatmap.rows' = 'rounds': not an axis"},
        };
        for (String[] c : cases) {
            Path f = file(dir, c[0]);
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> GridConfig.read(f, GridCommand.runKeys()), c[0]);
            assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }

    @Test
    void aBadValueIsCaughtBeforeAnyCellRuns(@TempDir Path dir) throws Exception {
        Path f = file(dir, "axis.rounds = 2; lots\nrun.strategy = fedavg\n");
        Object[] r = Cli.run(
                "grid", "--config", f.toString(), "--out", dir.resolve("out").toString());
        assertEquals(1, r[0]);
        String err = (String) r[2];
        assertTrue(err.contains(f + ": key 'axis.rounds' = 'lots'"), err);
        assertTrue(!Files.exists(dir.resolve("out/cells/rounds-2_seed-0/run.json")));

        Path g = file(dir, "axis.rounds = 2; 3\nrun.strategy = nonsense\n");
        r = Cli.run(
                "grid", "--config", g.toString(), "--out", dir.resolve("out2").toString());
        assertEquals(1, r[0]);
        assertTrue(((String) r[2]).contains(g + ": key 'run.strategy' = 'nonsense'"), (String) r[2]);
    }
}
