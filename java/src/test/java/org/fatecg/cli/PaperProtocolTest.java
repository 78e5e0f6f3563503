package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The quick preset against the paper's protocol (Çelik and Güllü 2025: 5 of 10 clients per round, 5
 * local epochs, FAT on PGD-20 with steps of 1/255, the whole test set): exactly those four changes
 * and nothing else.
 */
class PaperProtocolTest {

    private static List<String> differences(String... args) {
        CommandLine cli = new CommandLine(new RunCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.parseArgs(args);
        return PaperProtocol.differences(cli.getCommandSpec()).stream()
                .map(PaperProtocol.Difference::toString)
                .toList();
    }

    @Test
    void quickDiffersInClientsEpochsTrainingAttackAndTestBeats() {
        assertEquals(
                List.of(
                        "clients-per-round 2 (paper: 5)",
                        "epochs 2 (paper: 5)",
                        "train-pgd-alpha 3/255 (paper: 1/255)",
                        "train-pgd-steps 3 (paper: 20)",
                        "test-beats 1000 (paper: all)"),
                differences());
    }

    @Test
    void thePaperPresetAndItsSeedOrDeviceAreTheProtocol() {
        assertEquals(List.of(), differences("--preset", "paper"));
        assertEquals(List.of(), differences("--preset", "paper", "--seed", "7", "--device", "cpu", "--threads", "1"));
        assertEquals(List.of("rounds 3 (paper: 10)"), differences("--preset", "paper", "--rounds", "3"));
    }

    @Test
    void theReportSaysSo() {
        String quick =
                PaperProtocol.reportParagraph("quick", List.of(new PaperProtocol.Difference("epochs", "2", "5")));
        assertTrue(quick.startsWith("**This run is not the paper's protocol** (preset quick)"), quick);
        assertTrue(quick.contains("- `epochs` 2 (paper: 5)"), quick);
        assertTrue(PaperProtocol.reportParagraph("paper", List.of()).startsWith("This run follows the protocol"));
    }
}
