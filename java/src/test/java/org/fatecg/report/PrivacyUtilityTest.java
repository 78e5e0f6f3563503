package org.fatecg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a run folder back: the last round of each federation, epsilon blank without DP, bad fields named. */
class PrivacyUtilityTest {
    @TempDir
    Path dir;

    @Test
    void lastRoundOfEachFederation() throws IOException {
        Files.writeString(dir.resolve("metrics.csv"), """
                federation,round,condition,accuracy,macro_f1
                Non-FAT,0,clean,0.1,0.01
                Non-FAT,0,pgd,0.05,0.02
                Non-FAT,4,clean,0.9,0.6
                Non-FAT,4,pgd,0.4,0.3
                FAT,4,clean,0.85,0.55
                FAT,4,pgd,0.7,0.45
                """);
        Files.writeString(dir.resolve("privacy.csv"), """
                round,federation,epsilon,membership_auc
                0,Non-FAT,0.0,0.5
                4,Non-FAT,12.5,0.52
                4,FAT,12.5,0.51
                """);
        List<PrivacyUtility.Row> rows = PrivacyUtility.readRun(dir, 1.0, 0.1);
        assertEquals(2, rows.size());
        PrivacyUtility.Row n = rows.get(0);
        assertEquals("Non-FAT", n.federation());
        assertEquals(4, n.rounds());
        assertEquals(0.9, n.clean());
        assertEquals(0.6, n.cleanF1());
        assertEquals(0.4, n.pgd());
        assertEquals(12.5, n.epsilon());
        assertEquals(0.52, n.membershipAuc());
        assertEquals(dir.resolve("models").resolve("non-fat.safetensors"), n.model());
        assertEquals(0.7, rows.get(1).pgd());
        assertEquals(0.55, rows.get(1).cleanF1());

        Files.writeString(
                dir.resolve("privacy.csv"), "round,federation,epsilon,membership_auc\n4,Non-FAT,,0.6\n4,FAT,,0.6\n");
        assertEquals(
                Double.POSITIVE_INFINITY,
                PrivacyUtility.readRun(dir, 0, 0).get(0).epsilon());

        Files.writeString(dir.resolve("privacy.csv"), "round,federation,epsilon,membership_auc\n4,Non-FAT,lots,0.6\n");
        String msg = assertThrows(IOException.class, () -> PrivacyUtility.readRun(dir, 0, 0))
                .getMessage();
        assertTrue(msg.contains("privacy.csv") && msg.contains("'epsilon'") && msg.contains("'lots'"), msg);
    }
}
