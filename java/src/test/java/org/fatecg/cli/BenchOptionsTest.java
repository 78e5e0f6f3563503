package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * bench times the attacks and the objectives unless told --no-attacks / --no-objectives (a negatable option
 * defaulting to true once read it backwards: --no-objectives left the objectives on).
 */
class BenchOptionsTest {

    private static BenchCommand bench(String... args) {
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args);
        return parsed.subcommand().commandSpec().commandLine().getCommand();
    }

    private static boolean attacks(String... args) {
        return bench(args).attacks;
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

    @Test
    void objectivesAreTimedByDefaultAndNoObjectivesTurnsThemOff() {
        assertEquals(true, bench("bench").objectives);
        assertEquals(false, bench("bench", "--no-objectives").objectives);
        assertEquals(true, bench("bench", "--objectives").objectives);
    }
}
