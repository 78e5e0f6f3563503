package org.fatecg.report;

import static org.fatecg.attack.Condition.BIM;
import static org.fatecg.attack.Condition.CLEAN;
import static org.fatecg.attack.Condition.CW;
import static org.fatecg.attack.Condition.PGD;
import static org.fatecg.report.PaperTables.Model.FAT;
import static org.fatecg.report.PaperTables.Model.NON_FAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.fatecg.attack.Condition;
import org.fatecg.report.PaperTables.Metric;
import org.fatecg.report.PaperTables.Ours;
import org.junit.jupiter.api.Test;

class PaperTablesTest {

    /** The cells of one Markdown table line, trimmed. */
    private static String[] cells(String line) {
        String[] parts = line.split("(?<!\\\\)\\|");
        return Arrays.stream(parts, 1, parts.length).map(String::trim).toArray(String[]::new);
    }

    private static String[] lineStartingWith(String table, String first) {
        for (String line : table.split("\n")) {
            if (line.startsWith("| ") && cells(line)[0].equals(first)) {
                return cells(line);
            }
        }
        throw new AssertionError("no row " + first + " in\n" + table);
    }

    @Test
    void publishedNumbersMatchProtocolSection6() {
        double[] nonFatAcc = new double[5];
        double[] fatF1 = new double[5];
        for (Condition c : Condition.PAPER) {
            nonFatAcc[c.ordinal()] = PaperTables.accuracy(NON_FAT, c);
            fatF1[c.ordinal()] = PaperTables.macroF1(FAT, c);
        }
        assertArrayEquals(new double[] {98.44, 35.14, 73.87, 7.47, 35.36}, nonFatAcc, 0.0);
        assertArrayEquals(new double[] {89.06, 79.75, 81.70, 24.02, 79.63}, fatF1, 0.0);
        assertEquals(97.60, PaperTables.accuracy(FAT, CLEAN), 0.0);
        assertEquals(3.20, PaperTables.macroF1(NON_FAT, CW), 0.0);
        assertEquals(30.12, PaperTables.published(Metric.PRECISION, NON_FAT, PGD), 0.0);
        assertEquals(80.06, PaperTables.published(Metric.RECALL, FAT, BIM), 0.0);
    }

    @Test
    void comparisonPutsOursBesidePaperWithSignedDifferences() {
        Map<Condition, Ours> nonFat = new EnumMap<>(Condition.class);
        nonFat.put(CLEAN, new Ours(0.98, 0.90, 0.85));
        nonFat.put(CW, new Ours(0.10, 0.05, Double.NaN));
        String t = PaperTables.comparison(NON_FAT, nonFat);
        assertEquals(2 + 5, t.split("\n").length, "header, separator, five conditions");
        assertArrayEquals(
                new String[] {"Clean", "98.00", "98.44", "-0.44", "90.00", "92.94", "-2.94", "85.00"},
                lineStartingWith(t, "Clean"));
        assertArrayEquals(
                new String[] {"PGD", "n/a", "35.14", "n/a", "n/a", "22.61", "n/a", "n/a"}, lineStartingWith(t, "PGD"));
        assertArrayEquals(
                new String[] {"CW", "10.00", "7.47", "+2.53", "5.00", "3.20", "+1.80", "n/a"},
                lineStartingWith(t, "CW"));
    }

    @Test
    void bothModelsGetHeadings() {
        Map<PaperTables.Model, Map<Condition, Ours>> all = new EnumMap<>(PaperTables.Model.class);
        all.put(FAT, Map.of(PGD, new Ours(0.95, 0.80, 0.78)));
        all.put(NON_FAT, Map.of());
        String t = PaperTables.comparison(all);
        assertTrue(t.indexOf("### Non-FAT") < t.indexOf("### FAT"), t);
        assertArrayEquals(
                new String[] {"PGD", "95.00", "94.82", "+0.18", "80.00", "79.75", "+0.25", "78.00"},
                lineStartingWith(t.substring(t.indexOf("### FAT")), "PGD"));
    }

    @Test
    void paperStyleTable() {
        Map<PaperTables.Model, Map<Condition, Double>> ours = Map.of(NON_FAT, Map.of(CLEAN, 0.9712));
        String t = PaperTables.paperStyle(Metric.ACCURACY, ours);
        assertTrue(t.startsWith("Table 2. Accuracy"), t);
        String[] nonFat = lineStartingWith(t, "Non-FAT");
        assertEquals("97.12 (98.44)", nonFat[1]);
        assertEquals("n/a (35.14)", nonFat[2]);
        assertEquals("n/a (94.81)", lineStartingWith(t, "FAT")[5]);
    }

    @Test
    void parsesConditionNames() {
        assertEquals(CW, Condition.parse(" cw "));
        assertEquals(CLEAN, Condition.parse("Clean"));
        assertThrows(IllegalArgumentException.class, () -> Condition.parse("deepfool"));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PaperTables.accuracy(FAT, Condition.SPSA));
        assertTrue(e.getMessage().contains("no SPSA results"), e.getMessage());
    }
}
