package org.fatecg.report;

/** Prints {@link Progress#terminal()} for TerminalDecisionTest, which runs it in a child JVM. */
public final class TerminalProbe {
    private TerminalProbe() {}

    public static void main(String[] args) {
        System.out.println(Progress.terminal());
    }
}
