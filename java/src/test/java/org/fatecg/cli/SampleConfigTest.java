package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.fatecg.attack.Condition;
import org.fatecg.data.SplitConfig;
import org.fatecg.fl.RunConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** examples/sample.properties, which the README points at, is read as its comments say. */
class SampleConfigTest {

    @Test
    void theSampleConfigParsesToWhatItsCommentsSay() {
        Path sample = Path.of("..", "examples", "sample.properties");
        if (!Files.exists(sample)) sample = Path.of("examples", "sample.properties");
        assertTrue(Files.isRegularFile(sample), "examples/sample.properties is in the repository");
        CommandLine cl = Main.commandLine();
        cl.parseArgs("run", "--config", sample.toString());
        RunCommand c = (RunCommand) cl.getSubcommands().get("run").getCommand();
        RunConfig cfg = c.options.toRunConfig(Path.of("/data"), c.source.lead);
        assertEquals(1, cfg.seed());
        assertEquals(SplitConfig.SplitKind.INTERPATIENT, cfg.split().split());
        assertEquals(SplitConfig.PartitionKind.PATIENT, cfg.split().partition());
        assertEquals(8, cfg.split().clients());
        assertEquals(6, cfg.federation().rounds());
        assertEquals(3, cfg.federation().clientsPerRound());
        assertEquals("median", cfg.federation().rule().key());
        assertEquals(500, cfg.eval().testBeats());
        assertEquals(
                List.of(Condition.CLEAN, Condition.PGD, Condition.FGSM),
                cfg.eval().conditions());
        assertEquals(2, cfg.eval().every());
        assertEquals(3f / 255, cfg.attacks().training().alpha(), 1e-7f);
    }
}
