package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.fatecg.data.Lead;
import org.fatecg.data.WindowSettings;
import org.junit.jupiter.api.Test;

/** nsr and robust-train validate their settings before reading any data. */
class NsrCliTest {
    @Test
    void nsrCommandRejectsAnUnknownMethodBeforeReadingData() {
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        int rc = cli.execute(
                "nsr", "--methods", "ce,loss3", "--out", System.getProperty("java.io.tmpdir") + "/fatecg-nsr-never");
        assertEquals(1, rc);
        assertTrue(err.toString().contains("loss3"), err.toString());
    }

    @Test
    void anUnknownBeatFormatIsRefusedBeforeReadingData() {
        for (String command : new String[] {"nsr", "robust-train"}) {
            StringWriter err = new StringWriter();
            picocli.CommandLine cli = Main.commandLine();
            cli.setErr(new PrintWriter(err));
            int rc = cli.execute(
                    command, "--beats", "kaggle", "--out", System.getProperty("java.io.tmpdir") + "/fatecg-nsr-never");
            assertEquals(1, rc, command);
            assertTrue(err.toString().contains("'kaggle'") && err.toString().contains("kachuee"), err.toString());
        }
    }

    /** --beats kachuee takes the Kaggle set's lead (signal 0) unless --lead is given; windows keep lead 1. */
    @Test
    void kachueeBeatsTakeSignalZeroUnlessALeadIsGiven() {
        assertEquals(WindowSettings.KACHUEE, beats("kachuee"));
        assertEquals(WindowSettings.KACHUEE.withLead(Lead.parse("1")), beats("kachuee", "--lead", "1"));
        assertEquals(WindowSettings.PAPER, beats("windows"));
        assertEquals(WindowSettings.PAPER.withLead(Lead.parse("MLII")), beats("windows", "--lead", "MLII"));
    }

    private static WindowSettings beats(String format, String... more) {
        picocli.CommandLine cli = Main.commandLine();
        String[] args = new String[more.length + 3];
        args[0] = "nsr";
        args[1] = "--out";
        args[2] = "never";
        System.arraycopy(more, 0, args, 3, more.length);
        picocli.CommandLine.ParseResult pr = cli.parseArgs(args);
        picocli.CommandLine nsr = pr.subcommand().commandSpec().commandLine();
        NsrCommand c = nsr.getCommand();
        return NsrCommand.beatSettings(c.spec, c.source, format);
    }

    @Test
    void robustTrainRejectsAnUnknownModel() {
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        int rc = cli.execute(
                "robust-train", "--model", "vgg", "--out", System.getProperty("java.io.tmpdir") + "/fatecg-rt-never");
        assertEquals(1, rc);
        assertTrue(err.toString().contains("vgg") && err.toString().contains("resnet"), err.toString());
    }
}
