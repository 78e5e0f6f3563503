package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fatecg.attack.Condition;
import org.junit.jupiter.api.Test;

/** The per-round lines of fatecg run: accuracies with '%', columns under the header, under 80 columns. */
class RoundLinesTest {
    private static final List<Condition> ALL = Condition.PAPER;

    @Test
    void columnsLineUpUnderTheHeader() {
        assertEquals(
                "round model      loss   Clean     PGD    FGSM      CW     BIM  (test accuracy)",
                RunSummary.header(10, ALL));
        assertEquals(
                " 0/10 initial       -  60.10%   0.00%   5.25%   0.00%   0.00%",
                RunSummary.row(10, "0/10", "initial", Double.NaN, new double[] {60.1, 0, 5.25, 0, 0}));
        assertEquals(
                " 3/10 Non-FAT  0.1235  97.50%  64.20% 100.00%   7.47%       -",
                RunSummary.row(10, "3/10", "Non-FAT", 0.12345, new double[] {97.5, 64.2, 100, 7.47, Double.NaN}));
        assertEquals(
                "      FAT      0.2000",
                RunSummary.row(10, "", "FAT", 0.2, null),
                "a round without evaluation: the loss only");
    }

    @Test
    void fewRoundsStillLineUpUnderRound() {
        assertEquals("round model      loss   Clean", RunSummary.header(2, ALL).substring(0, 29));
        assertEquals(
                "  0/2 initial       -   1.00%",
                RunSummary.row(2, "0/2", "initial", Double.NaN, new double[] {1, 1, 1, 1, 1})
                        .substring(0, 29));
    }

    @Test
    void linesFitIn80ColumnsWithTimingsPastAnHour() {
        String first = RunSummary.row(99, "99/99", "Non-FAT", 12.3456, new double[] {100, 100, 100, 100, 100})
                + "  elapsed 12:34:56";
        String last = RunSummary.row(99, "", "FAT", 12.3456, new double[] {100, 100, 100, 100, 100}) + "  ETA 12:34:56";
        for (String line : List.of(RunSummary.header(99, ALL), first, last))
            assertTrue(line.length() < 80, line.length() + " columns: " + line);
    }
}
