package org.fatecg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {

    @TempDir
    Path tmp;

    @Test
    void quotesOnlyWhatNeedsQuoting() {
        Csv csv = new Csv("round", "condition", "acc")
                .row(1, "clean", 0.9844)
                .row(2, "a,b", Double.NaN)
                .row(3, "say \"hi\"\nbye", 1e-5)
                .row(List.of(4, " pad", "x"))
                .row(5, "", null);
        String expected = "round,condition,acc\n"
                + "1,clean,0.9844\n"
                + "2,\"a,b\",\n"
                + "3,\"say \"\"hi\"\"\nbye\",1.0E-5\n"
                + "4,\" pad\",x\n"
                + "5,,\n";
        assertEquals(expected, csv.toString());
        assertEquals(5, csv.rowCount());
        assertEquals(List.of("round", "condition", "acc"), csv.header());
    }

    @Test
    void doublesRoundTrip() {
        double v = 0.1 + 0.2;
        assertEquals(v, Double.parseDouble(Csv.cell(v)));
        assertEquals("0.1", Csv.cell(0.1f));
        assertEquals("", Csv.cell(Float.POSITIVE_INFINITY));
    }

    @Test
    void rejectsRaggedRowsAndArrays() {
        Csv csv = new Csv("a", "b");
        assertThrows(IllegalArgumentException.class, () -> csv.row(1));
        assertThrows(IllegalArgumentException.class, () -> csv.row(new double[] {1}, 2));
        assertThrows(IllegalArgumentException.class, Csv::new);
    }

    @Test
    void writesFile() throws Exception {
        Path f = tmp.resolve("r/metrics.csv");
        new Csv("x").row("é").write(f);
        assertEquals("x\né\n", Files.readString(f));
    }
}
