package org.fatecg.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * How a run's settings differ from the protocol of Çelik and Güllü (2025), "Mitigating adversarial
 * attacks on ECG classification in federated learning via adversarial training", which the paper
 * preset holds. The report and the final summary say so, so that the quick preset's numbers are not
 * read as a failed reproduction of the paper's tables.
 */
final class PaperProtocol {
    /** Where and how fast a run computes, or which random draw: not the protocol. */
    private static final Set<String> NOT_PROTOCOL =
            Set.of("preset", "seed", "device", "threads", "data", "cache-dir", "no-cache", "replace");

    private PaperProtocol() {}

    /** One setting that differs: its key, the run's value and the paper's, as config files write them. */
    record Difference(String key, String ours, String paper) {
        @Override
        public String toString() {
            return key + " " + ours + " (paper: " + paper + ")";
        }
    }

    /** The knobs of a parsed {@code fatecg run} whose values differ from {@code --preset paper}'s. */
    static List<Difference> differences(CommandSpec run) {
        CommandLine paper = new CommandLine(new RunCommand());
        paper.setCaseInsensitiveEnumValuesAllowed(true);
        paper.parseArgs("--preset", "paper");
        List<Difference> out = new ArrayList<>();
        for (OptionSpec opt : run.options()) {
            String key = opt.longestName().replaceFirst("^--", "");
            if (RunDefaults.NOT_KNOBS.contains(key) || NOT_PROTOCOL.contains(key)) continue;
            OptionSpec theirs = paper.getCommandSpec().findOption(opt.longestName());
            if (theirs == null) continue;
            Object a = opt.getValue(), b = theirs.getValue();
            if (!Objects.equals(a, b)) out.add(new Difference(key, text(key, a), text(key, b)));
        }
        return out;
    }

    /** A paragraph for report.md: the protocol followed, or what differs and what to run instead. */
    static String reportParagraph(String preset, List<Difference> diffs) {
        if (diffs.isEmpty())
            return "This run follows the protocol of Çelik and Güllü (2025) (preset paper), so its numbers are comparable "
                    + "with the paper's, which are quoted beside them.\n\n";
        StringBuilder b = new StringBuilder("**This run is not the paper's protocol** (preset ")
                .append(preset)
                .append(
                        "), so its numbers are not expected to match the paper's, which are quoted beside them for reference. ")
                .append("It differs from the protocol of Çelik and Güllü (2025) in:\n\n");
        for (Difference d : diffs)
            b.append("- `")
                    .append(d.key())
                    .append("` ")
                    .append(d.ours())
                    .append(" (paper: ")
                    .append(d.paper())
                    .append(")\n");
        return b.append(
                        "\n`./fatecg run --preset paper` runs the protocol exactly (75 min 35 s on a 2-core machine).\n\n")
                .toString();
    }

    /** Keys where 0 means "no limit". */
    private static final Set<String> ZERO_IS_ALL = Set.of("test-beats", "train-beats-per-client");

    private static String text(String key, Object v) {
        if (v == null) return "unset";
        if (ZERO_IS_ALL.contains(key) && Integer.valueOf(0).equals(v)) return "all";
        if (v instanceof Float f) return RunSummary.eps(f); // 3/255 as the paper writes it
        String s = EffectiveConfig.text(v);
        return s.isEmpty() ? "none" : s;
    }
}
