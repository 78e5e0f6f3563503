package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every eps and step option says in its help that it takes a fraction, millivolts or decibels: the
 * twelve options README "Budgets in signal terms" lists, in run, attack, eval and threats (the grid's
 * run.* keys are run's options), and any other option anywhere that reads a budget.
 */
class BudgetHelpTest {
    /** The evaluation attacks' budgets, in run, attack and eval alike. */
    private static final List<String> EVAL_ATTACK_BUDGETS = List.of(
            "--pgd-eps",
            "--pgd-alpha",
            "--fgsm-eps",
            "--bim-eps",
            "--bim-alpha",
            "--spsa-eps",
            "--pgd-freeze-eps",
            "--pgd-freeze-alpha");

    /** The budgets of the commands that attack a model (attack and eval): the above plus the shorthands. */
    private static final List<String> ATTACK_BUDGETS = with(EVAL_ATTACK_BUDGETS, "--eps", "--alpha");

    /** Which of the listed options each command has (from the README's list and each command's help). */
    private static final Map<String, List<String>> EXPECTED = Map.of(
            "run",
            with(EVAL_ATTACK_BUDGETS, "--train-pgd-eps", "--train-pgd-alpha"),
            "attack",
            ATTACK_BUDGETS,
            "eval",
            ATTACK_BUDGETS,
            "threats",
            List.of("--pgd-eps", "--pgd-alpha", "--train-pgd-eps", "--train-pgd-alpha"));

    private static List<String> with(List<String> base, String... more) {
        List<String> all = new java.util.ArrayList<>(base);
        all.addAll(List.of(more));
        return List.copyOf(all);
    }

    @Test
    void everyBudgetOptionNamesTheFractionMillivoltAndDecibelForms() {
        CommandLine root = Main.commandLine();
        Set<String> covered = new TreeSet<>();
        for (Map.Entry<String, List<String>> e : EXPECTED.entrySet()) {
            CommandLine cmd = root.getSubcommands().get(e.getKey());
            for (String name : e.getValue()) {
                OptionSpec o = cmd.getCommandSpec().findOption(name);
                assertTrue(o != null, e.getKey() + " has no " + name);
                assertTrue(readsBudget(o), e.getKey() + " " + name + " does not read a budget");
                assertNamesForms(e.getKey() + " " + name, o);
                covered.add(name);
            }
        }
        assertEquals(12, covered.size(), covered.toString());
        Map<String, OptionSpec> elsewhere = new TreeMap<>();
        collect(root, elsewhere);
        assertTrue(elsewhere.size() >= 34, elsewhere.keySet().toString()); // the 34 above, at least
        elsewhere.forEach(BudgetHelpTest::assertNamesForms);
    }

    @Test
    void theRenderedHelpShowsTheForms() {
        String help = Main.commandLine().getSubcommands().get("attack").getUsageMessage(CommandLine.Help.Ansi.OFF);
        String flat = help.replaceAll("\\s+", " ");
        int at = flat.indexOf("--pgd-eps=X");
        assertTrue(at >= 0, help);
        String entry = flat.substring(at, flat.indexOf("--pgd-alpha=X", at));
        for (String form : new String[] {"8/255", "0.035mV", "27dB"}) assertTrue(entry.contains(form), entry);
    }

    private static boolean readsBudget(OptionSpec o) {
        for (CommandLine.ITypeConverter<?> c : o.converters()) if (c instanceof Budget) return true;
        return false;
    }

    private static void assertNamesForms(String what, OptionSpec o) {
        String d = String.join(" ", o.description());
        for (String form : new String[] {"8/255", "mV", "dB"})
            assertTrue(d.contains(form), what + ": help '" + d + "' does not mention " + form);
    }

    /** Every budget option of every command, as "command option". */
    private static void collect(CommandLine cmd, Map<String, OptionSpec> into) {
        for (OptionSpec o : cmd.getCommandSpec().options())
            if (readsBudget(o)) into.put(cmd.getCommandSpec().qualifiedName(" ") + " " + o.longestName(), o);
        for (CommandLine sub : cmd.getSubcommands().values()) collect(sub, into);
    }
}
