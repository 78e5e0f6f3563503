package org.fatecg.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.fatecg.attack.Condition;
import org.fatecg.backend.Backend;
import org.fatecg.fl.Experiment;
import org.fatecg.fl.RoundRecord;
import org.fatecg.fl.RunConfig;
import org.fatecg.fl.Simulation;
import org.fatecg.io.AtomicFiles;
import org.fatecg.io.Json;
import org.fatecg.io.OrderedMap;
import org.fatecg.report.RunFigures;
import picocli.CommandLine.Model.CommandSpec;

/**
 * run.json (what ran where: versions, seed, git commit, backend, threads, timings per phase and round,
 * the data's class counts, every knob) and report.md, the report's front page linking the tables,
 * figures and confusion matrices. Timings live only here, never in the metrics files.
 */
final class RunMetadata {
    private RunMetadata() {}

    static Map<String, Object> of(
            RunConfig cfg,
            CommandSpec spec,
            Backend backend,
            Instant started,
            int resumedFrom,
            double loadSeconds,
            double reportSeconds,
            double wallSeconds,
            Experiment exp) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fatecg", version());
        m.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        m.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                        + Runtime.getRuntime().availableProcessors() + " cores");
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        if (!args.isEmpty() && args.get(0).equals("run"))
            args.remove(0); // the parse result of a subcommand starts with its name
        m.put("command", "fatecg run " + String.join(" ", args));
        m.put("preset", cfg.preset());
        m.put("seed", cfg.seed());
        m.put("git_commit", GitCommit.ofWorkingFolder());
        m.put("backend", backend.name());
        m.put("threads", backend.threads());
        m.put("started", started.toString());
        m.put("finished", Instant.now().toString());
        m.put("resumed_after_round", resumedFrom);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("data_load_s", loadSeconds);
        t.put("report_s", reportSeconds);
        t.put("wall_s_this_session", wallSeconds);
        for (Simulation s : exp.simulations()) {
            List<Object> rounds = new ArrayList<>();
            double fit = 0, eval = 0;
            for (RoundRecord r : s.history()) {
                fit += r.fitNanos() / 1e9;
                eval += r.evalNanos() / 1e9;
                rounds.add(
                        OrderedMap.of("round", r.round(), "fit_s", r.fitNanos() / 1e9, "eval_s", r.evalNanos() / 1e9));
            }
            t.put(s.name(), OrderedMap.of("fit_s", fit, "eval_s", eval, "rounds", rounds));
        }
        m.put("timings", t);
        m.put("data", exp.dataSummary());
        m.put("config", RunCommand.knobs(spec));
        return m;
    }

    static void write(
            Path dir,
            Map<String, Object> meta,
            String tables,
            RunConfig cfg,
            List<Simulation> sims,
            List<PaperProtocol.Difference> fromPaper)
            throws IOException {
        Json.write(dir.resolve("run.json"), meta);
        StringBuilder b = new StringBuilder("# fatecg run report\n\n");
        b.append("`")
                .append(meta.get("command"))
                .append("` — preset ")
                .append(cfg.preset())
                .append(", seed ")
                .append(cfg.seed())
                .append(", backend ")
                .append(meta.get("backend"))
                .append(" (")
                .append(meta.get("threads"))
                .append(" threads), fatecg ")
                .append(meta.get("fatecg"))
                .append(meta.get("git_commit") != null ? ", commit " + meta.get("git_commit") : "")
                .append(".\n\n");
        b.append("Every setting is in [config.properties](config.properties) (`fatecg run --config` repeats the run); ")
                .append(
                        "timings, versions and class counts in [run.json](run.json); every evaluation in [metrics.csv](metrics.csv) and ")
                .append(
                        "[metrics.json](metrics.json) (per class, confusion matrices, perturbation sizes); training losses in [rounds.csv](rounds.csv); ")
                .append("the final global weights, as PyTorch state_dict safetensors, in [models/](models).\n\n");
        b.append(PaperProtocol.reportParagraph(cfg.preset(), fromPaper));
        b.append(tables.replaceFirst("^# ", "## ")).append('\n');
        b.append(
                        "## Figures\n\nAccuracy, precision, recall and F1 over the rounds, FAT against Non-FAT, as the paper's Figures 2-6 ")
                .append("(precision, recall and F1 both dataset-level and as published).\n\n");
        for (Condition c : cfg.eval().conditions()) {
            String f = "figures/figure" + RunFigures.figureNumber(c) + "-" + c.key() + ".png";
            b.append("### Figure ")
                    .append(RunFigures.figureNumber(c))
                    .append(": ")
                    .append(c.title())
                    .append("\n\n![")
                    .append(c.title())
                    .append("](")
                    .append(f)
                    .append(")\n\n");
        }
        b.append("## Confusion matrices (last evaluated round)\n\n");
        for (Simulation s : sims)
            for (Condition c : cfg.eval().conditions())
                b.append("![")
                        .append(s.name())
                        .append(' ')
                        .append(c.title())
                        .append("](confusion/")
                        .append(ModelFiles.slug(s.name()))
                        .append('-')
                        .append(c.key())
                        .append(".png) ");
        b.append("\n\n## Time\n\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> t = (Map<String, Object>) meta.get("timings");
        b.append(String.format(
                Locale.ROOT,
                "Data loading %.1f s; report %.1f s; this session %s.",
                (Double) t.get("data_load_s"),
                (Double) t.get("report_s"),
                RunSummary.clock((Double) t.get("wall_s_this_session"))));
        for (Simulation s : sims) {
            @SuppressWarnings("unchecked")
            Map<String, Object> f = (Map<String, Object>) t.get(s.name());
            b.append(String.format(
                    Locale.ROOT,
                    " %s: training %s, evaluation %s.",
                    s.name(),
                    RunSummary.clock((Double) f.get("fit_s")),
                    RunSummary.clock((Double) f.get("eval_s"))));
        }
        b.append('\n');
        AtomicFiles.writeString(dir.resolve("report.md"), b.toString());
    }

    static String version() {
        Properties p = new Properties();
        try (InputStream in = RunMetadata.class.getResourceAsStream("/org/fatecg/version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }
}
