package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
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
