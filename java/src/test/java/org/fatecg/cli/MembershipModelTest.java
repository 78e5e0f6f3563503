package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fatecg.data.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The membership attack scores the run's own network: with {@code --model mlp} the global weights are
 * the MLP's, and loading them into a fixed paper CNN (as the ledger once did) fails on the first
 * parameter name. One tiny round, then every AUC row of privacy.csv must be a number in [0, 1].
 */
class MembershipModelTest {
    @Test
    void theAttackLoadsTheRunsOwnNetwork(@TempDir Path tmp) throws Exception {
        Path data = TestDb.dir();
        Path out = tmp.resolve("run");
        Object[] r = Cli.run(
                "run",
                "--data",
                data.toString(),
                "--records",
                "100",
                "--model",
                "mlp",
                "--federations",
                "nonfat",
                "--rounds",
                "1",
                "--clients",
                "2",
                "--clients-per-round",
                "1",
                "--epochs",
                "1",
                "--train-beats-per-client",
                "32",
                "--test-beats",
                "32",
                "--attacks",
                "clean",
                "--membership-beats",
                "16",
                "--no-cache",
                "--device",
                "cpu",
                "--out",
                out.toString());
        assertEquals(0, r[0], (String) r[2]);
        List<String> rows = Files.readAllLines(out.resolve("privacy.csv"));
        String[] header = rows.get(0).split(",");
        int col = List.of(header).indexOf("membership_auc");
        assertTrue(col >= 0, rows.get(0));
        assertTrue(rows.size() >= 3, "rounds 0 and 1 expected: " + rows);
        for (String row : rows.subList(1, rows.size())) {
            double auc = Double.parseDouble(row.split(",")[col]);
            assertTrue(auc >= 0 && auc <= 1, row);
        }
    }
}
