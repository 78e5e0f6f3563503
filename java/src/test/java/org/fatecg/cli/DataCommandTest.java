package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.fatecg.data.LoopbackServer;
import org.fatecg.data.TestDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandTest {

    /** Runs the CLI; returns {exit code, stdout, stderr}. */
    private static Object[] run(String... args) {
        return Cli.run(args);
    }

    @Test
    void infoPrintsRecordsSplitsAndClients() {
        Path d = TestDb.dir();
        Object[] r = run("data", "info", "--data", d.toString(), "--no-cache", "--clients", "4", "--seed", "3");
        String out = (String) r[1];
        assertEquals(0, r[0], (String) r[2]);
        assertTrue(out.contains("114    V5,MLII    MLII     1879"), "114's lower lead is MLII:\n" + out);
        assertTrue(
                out.matches("(?s).*total\\s+109468\\s+N\\s+90608\\s+S\\s+2781\\s+V\\s+7235\\s+F\\s+802\\s+Q\\s+8042.*"),
                out);
        assertTrue(out.matches("(?s).*paper\\s+train\\s+87574.*test\\s+21894.*"), out);
        assertTrue(out.matches("(?s).*DS1/DS2\\s+train\\s+51010.*test\\s+49698.*"), out);
        assertEquals(4, out.lines().filter(l -> l.startsWith("  client ")).count(), out);
        assertTrue(out.matches("(?s).*client 0\\s+21894 .*client 3\\s+21893 .*"), "87,574 over 4 clients:\n" + out);
    }

    @Test
    void infoWithMliiNotesTheSkippedRecordsAndPatientClients() {
        Path d = TestDb.dir();
        Object[] r = run(
                "data",
                "info",
                "--data",
                d.toString(),
                "--no-cache",
                "--lead",
                "MLII",
                "--split",
                "interpatient",
                "--partition",
                "patient",
                "--clients",
                "22");
        String out = (String) r[1];
        assertEquals(0, r[0], (String) r[2]);
        assertTrue(out.contains("note: record 102 skipped") && out.contains("note: record 104 skipped"), out);
        assertEquals(
                22,
                out.lines()
                        .filter(l -> l.startsWith("  client ") && l.endsWith("records 1"))
                        .count(),
                "22 DS1 records on 22 clients, one each:\n" + out);
    }

    @Test
    void badOptionsFailWithAMessage(@TempDir Path empty) {
        Object[] r = run("data", "info", "--data", empty.toString());
        assertEquals(1, r[0]);
        assertTrue(((String) r[2]).contains("--data " + empty) && ((String) r[2]).contains("missing"), (String) r[2]);
        Object[] p = run("data", "info", "--data", TestDb.dir().toString(), "--no-cache", "--partition", "zipf");
        assertEquals(2, p[0], "picocli's usage error");
        assertTrue(((String) p[2]).contains("--partition") && ((String) p[2]).contains("zipf"), (String) p[2]);
    }

    @Test
    void plotWritesAPngOfTheWindowWithItsLabel(@TempDir Path tmp) throws Exception {
        Path png = tmp.resolve("b.png");
        Object[] r = run(
                "data",
                "plot",
                "--data",
                TestDb.dir().toString(),
                "--record",
                "232",
                "--beat",
                "7",
                "--out",
                png.toString());
        assertEquals(0, r[0], (String) r[2]);
        assertTrue(((String) r[1]).contains("class S (symbol A), R at sample 3066, lead V1"), (String) r[1]);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(900, img.getWidth());
        assertEquals(450, img.getHeight());

        Object[] bad = run(
                "data",
                "plot",
                "--data",
                TestDb.dir().toString(),
                "--record",
                "232",
                "--beat",
                "1780",
                "--out",
                png.toString());
        assertEquals(1, bad[0]);
        assertTrue(((String) bad[2]).contains("1780 beat windows, numbered 0..1779"), (String) bad[2]);
    }

    @Test
    void downloadFetchesRecordsFromAMirrorAndVerifiesThem(@TempDir Path dest) throws Exception {
        Path d = TestDb.dir();
        try (LoopbackServer srv = new LoopbackServer()) {
            for (String ext : new String[] {"hea", "dat", "atr"})
                srv.files.put("100." + ext, Files.readAllBytes(d.resolve("100." + ext)));
            Object[] r =
                    run("data", "download", "--dest", dest.toString(), "--records", "100", "--base-url", srv.baseUrl());
            assertEquals(0, r[0], (String) r[2]);
            assertTrue(((String) r[1]).contains("3 files downloaded, 0 already present"), (String) r[1]);
            for (String ext : new String[] {"hea", "dat", "atr"})
                assertArrayEquals(
                        Files.readAllBytes(d.resolve("100." + ext)), Files.readAllBytes(dest.resolve("100." + ext)));

            // The mirror now serves a damaged 101.hea: the embedded checksum rejects it.
            srv.files.put("101.hea", "101 2 360 650000\r\n".getBytes());
            srv.files.put("101.dat", Files.readAllBytes(d.resolve("101.dat")));
            srv.files.put("101.atr", Files.readAllBytes(d.resolve("101.atr")));
            Object[] bad =
                    run("data", "download", "--dest", dest.toString(), "--records", "101", "--base-url", srv.baseUrl());
            assertEquals(1, bad[0]);
            assertTrue(((String) bad[2]).contains("101.hea: SHA-256 mismatch"), (String) bad[2]);
        }
    }
}
