package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** bench times the attacks unless told --no-attacks (a negatable option defaulting to true once read it backwards). */
class BenchOptionsTest {

    private static boolean attacks(String... args) {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args);
        BenchCommand bench = parsed.subcommand().commandSpec().commandLine().getCommand();
        return bench.attacks;
    }

    @Test
    void attacksAreTimedByDefault() {
        assertEquals(true, attacks("bench"));
    }

    @Test
    void noAttacksTurnsThemOff() {
        assertEquals(false, attacks("bench", "--no-attacks"));
    }

    @Test
    void attacksKeepsThemOn() {
        assertEquals(true, attacks("bench", "--attacks"));
    }
}
