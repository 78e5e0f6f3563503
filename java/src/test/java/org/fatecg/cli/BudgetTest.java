package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Budgets on the command line: eps as before, millivolts and dB on the reference window (1.11 mV, RMS 0.686). */
class BudgetTest {
    @Test
    void epsAsBefore() {
        assertEquals((float) (8.0 / 255), Budget.parse("8/255"));
        assertEquals(0.03f, Budget.parse("0.03"));
    }

    @Test
    void millivoltsAndDecibels() {
        // 0.0348 mV / (1.11 + 1e-6) mV = 0.0313513...
        assertEquals(0.0348 / 1.110001, Budget.parse("0.0348mV"), 1e-7);
        assertEquals(0.0348 / 1.110001, Budget.parse(" 0.0348 mv "), 1e-7);
        // 27 dB: 0.686 * 10^(-27/20) = 0.686 * 0.0446684 = 0.0306425
        assertEquals(0.0306425, Budget.parse("27dB"), 1e-6);
    }

    @Test
    void badBudgetsSayWhy() {
        for (String bad : new String[] {"x mV", "-1mV", "NaNdB", "abc"}) {
            CommandLine.TypeConversionException e =
                    assertThrows(CommandLine.TypeConversionException.class, () -> Budget.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void attackTakesAMillivoltBudget() {
        CommandLine cl = Main.commandLine();
        cl.parseArgs("eval", "--model", "m.safetensors", "--out", "o", "--pgd-eps", "0.0348mV");
        EvalCommand ev = cl.getSubcommands().get("eval").getCommand();
        assertEquals(0.0348 / 1.110001, ev.options.pgdEps, 1e-7);
    }
}
