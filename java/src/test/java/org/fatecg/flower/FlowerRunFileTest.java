package org.fatecg.flower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fatecg.attack.Condition;
import org.fatecg.eval.ConditionResult;
import org.fatecg.fl.RoundRecord;
import org.fatecg.io.Json;
import org.fatecg.report.Federation;
import org.fatecg.report.RunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** flower-run.json as the Flower app's ServerApp writes it, read back into round records; hand-made files. */
class FlowerRunFileTest {
    // 25 counts, truth-major: 8 N->N, 2 N->S, 1 S->S, 1 V->N; 12 beats, 9 correct
    static final String COUNTS = "[8,2,0,0,0, 0,1,0,0,0, 1,0,0,0,0, 0,0,0,0,0, 0,0,0,0,0]";

    static String file(String status, String confusion, String published) {
        return "{\"status\": \"" + status + "\", \"strategy\": \"fedavg\", \"config\": {\"fat\": true},"
                + "\"train\": {\"1\": {\"train-loss\": 0.5, \"partition-ids\": [3, 7], \"client-examples\": [100, 300],"
                + " \"client-losses\": [0.8, 0.4], \"at-seconds\": 4.0},"
                + " \"2\": {\"train-loss\": 0.3, \"partition-ids\": [1, 3], \"client-examples\": [200, 100],"
                + " \"client-losses\": [0.3, 0.3], \"at-seconds\": 10.5}},"
                + "\"evaluate\": {\"1\": {\"num-examples\": 12, \"confusion-clean\": " + confusion
                + ", \"published-clean\": " + published + ", \"at-seconds\": 6.0},"
                + " \"2\": {\"num-examples\": 12, \"confusion-clean\": " + COUNTS + ", \"at-seconds\": 13.0}}}";
    }

    @Test
    void roundsCarryWhoTrainedTheSummedCountsAndTheTimes() {
        FlowerRunFile run = FlowerRunFile.parse(Json.parse(file("ok", COUNTS, "[1.5, 1.2, 0.9, 2]")));
        assertEquals("FAT", run.federation());
        assertEquals(2, run.history().size());
        RoundRecord r1 = run.history().get(0);
        assertEquals(
                List.of(3, 7),
                r1.clients().stream().map(RoundRecord.ClientRecord::client).toList());
        // (100 * 0.8 + 300 * 0.4) / 400
        assertEquals(0.5, r1.trainLoss(), 1e-12);
        ConditionResult clean = r1.results().get(Condition.CLEAN);
        assertEquals(12, clean.confusion().total());
        assertEquals(2, clean.confusion().count(0, 1));
        assertEquals(1, clean.confusion().count(2, 0));
        assertEquals(9.0 / 12, clean.metrics().accuracy(), 1e-12);
        // batch sums 1.5, 1.2, 0.9 over 2 batches
        assertEquals(0.75, clean.asPublished().precision(), 1e-12);
        assertEquals(0.45, clean.asPublished().f1(), 1e-12);
        assertEquals(4_000_000_000L, r1.fitNanos());
        assertEquals(2_000_000_000L, r1.evalNanos());
        RoundRecord r2 = run.history().get(1);
        assertEquals(4_500_000_000L, r2.fitNanos()); // 10.5 - 6.0
        assertTrue(Double.isNaN(r2.results().get(Condition.CLEAN).asPublished().precision()));
    }

    @Test
    void hostileOrFailedFilesAreRefusedNamingTheField() {
        var failed = assertThrows(
                IllegalArgumentException.class,
                () -> FlowerRunFile.parse(Json.parse(file("error", COUNTS, "[0,0,0,0]"))));
        assertTrue(failed.getMessage().contains("did not finish"), failed.getMessage());
        var shortCounts = assertThrows(
                IllegalArgumentException.class,
                () -> FlowerRunFile.parse(Json.parse(file("ok", "[1,2,3]", "[0,0,0,0]"))));
        assertTrue(
                shortCounts.getMessage().contains("evaluate.1.confusion-clean has 3 counts"), shortCounts.getMessage());
        String huge = COUNTS.replaceFirst("8", "99999999999");
        var tooMany = assertThrows(
                IllegalArgumentException.class, () -> FlowerRunFile.parse(Json.parse(file("ok", huge, "[0,0,0,0]"))));
        assertTrue(tooMany.getMessage().contains("evaluate.1.confusion-clean[0]"), tooMany.getMessage());
        String negative = COUNTS.replaceFirst("2", "-2");
        assertThrows(
                IllegalArgumentException.class,
                () -> FlowerRunFile.parse(Json.parse(file("ok", negative, "[0,0,0,0]"))));
        var badPub = assertThrows(
                IllegalArgumentException.class, () -> FlowerRunFile.parse(Json.parse(file("ok", COUNTS, "[1, 2]"))));
        assertTrue(badPub.getMessage().contains("published-clean"), badPub.getMessage());
    }

    @Test
    void theReportPackageDrawsAFlowerRunLikeASimulatedOne(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("flower-run.json");
        Files.writeString(json, file("ok", COUNTS, "[1.5, 1.2, 0.9, 2]"));
        FlowerRunFile run = FlowerRunFile.read(json);
        List<Federation> feds = List.of(new Federation(run.federation(), run.history()));
        RunReport.writeFederationMetrics(dir, feds);
        String tables = RunReport.writeFederationTablesAndCharts(dir, feds);
        assertTrue(tables.contains("FAT round 2"), tables);
        // 9 of 12 = 75.00 %, the dataset-level accuracy of round 2
        assertTrue(tables.contains("75.00"), tables);
        assertTrue(Files.size(dir.resolve("figures").resolve("figure2-clean.png")) > 1000);
        assertTrue(Files.exists(dir.resolve("confusion").resolve("fat-clean.png")));
        List<String> csv = Files.readAllLines(dir.resolve("rounds.csv"));
        assertEquals("FAT,1,3 7,400,0.5", csv.get(1));
    }
}
