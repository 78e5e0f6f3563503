package org.fatecg.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fatecg.attack.Condition;
import org.fatecg.data.Aami;
import org.fatecg.eval.ConditionResult;
import org.fatecg.fl.RoundRecord;
import org.fatecg.fl.Simulation;
import org.fatecg.io.AtomicFiles;
import org.fatecg.io.Csv;
import org.fatecg.io.Json;
import org.fatecg.io.OrderedMap;

/**
 * The report folder of {@code fatecg run}, assembled from the federations' histories with the report
 * package's primitives:
 * <pre>
 *   metrics.csv, metrics.json   every evaluation: federation, round, condition, accuracy, macro P/R/F1
 *                               (dataset-level and as published), perturbation size; JSON adds per-class
 *                               values and confusion matrices
 *   rounds.csv                  every round: clients in training order, beats, mean training loss
 *   tables.md                   Tables 2-5 of the paper with ours beside them, plus the correct metrics
 *   figures/figureN-COND.png    Figures 2-6: accuracy, precision, recall, F1 over rounds, one per condition
 *   confusion/FED-COND.png      confusion matrices of the last evaluated round
 * </pre>
 * These files hold no timings, so two runs with the same seed write them byte for byte alike; timings go
 * to run.json (written by the CLI).
 */
public final class RunReport {
    static final String[] CLASSES = classNames();

    private RunReport() {}

    private static String[] classNames() {
        String[] n = new String[Aami.COUNT];
        for (int i = 0; i < n.length; i++) n[i] = Aami.of(i).name();
        return n;
    }

    /** metrics.csv, metrics.json and rounds.csv: cheap, so written after every round. */
    public static void writeMetrics(Path dir, List<Simulation> sims) throws IOException {
        writeFederationMetrics(dir, Federation.of(sims));
    }

    /** {@link #writeMetrics} for federations of any origin (in-process, or a real Flower run). */
    public static void writeFederationMetrics(Path dir, List<Federation> sims) throws IOException {
        Files.createDirectories(dir);
        Csv csv = new Csv(
                "federation",
                "round",
                "condition",
                "beats",
                "accuracy",
                "macro_precision",
                "macro_recall",
                "macro_f1",
                "published_precision",
                "published_recall",
                "published_f1",
                "mean_l2",
                "max_linf",
                "mean_snr_db");
        Csv rounds = new Csv("federation", "round", "clients", "beats", "train_loss");
        List<Object> feds = new ArrayList<>();
        for (Federation s : sims) {
            List<Object> recs = new ArrayList<>();
            for (RoundRecord r : s.history()) {
                StringBuilder ids = new StringBuilder();
                long beats = 0;
                for (RoundRecord.ClientRecord c : r.clients()) {
                    ids.append(ids.length() > 0 ? " " : "").append(c.client());
                    beats += c.numExamples();
                }
                rounds.row(s.name(), r.round(), ids.toString(), beats, r.trainLoss());
                Map<String, Object> rm = new LinkedHashMap<>();
                rm.put("round", r.round());
                List<Object> clients = new ArrayList<>();
                for (RoundRecord.ClientRecord c : r.clients())
                    clients.add(OrderedMap.of(
                            "client",
                            c.client(),
                            "beats",
                            c.numExamples(),
                            "mean_loss",
                            c.meanLoss(),
                            "steps",
                            c.steps()));
                rm.put("clients", clients);
                rm.put("train_loss", r.trainLoss());
                Map<String, Object> results = new LinkedHashMap<>();
                for (ConditionResult cr : r.results().values()) {
                    var m = cr.metrics();
                    var p = cr.asPublished();
                    var pt = cr.perturbation();
                    csv.row(
                            s.name(),
                            r.round(),
                            cr.condition(),
                            m.total(),
                            m.accuracy(),
                            m.macroPrecision(),
                            m.macroRecall(),
                            m.macroF1(),
                            p.precision(),
                            p.recall(),
                            p.f1(),
                            pt.meanL2(),
                            pt.maxLinf(),
                            pt.meanSnrDb());
                    Map<String, Object> e = new LinkedHashMap<>(m.toMap(CLASSES));
                    e.put(
                            "as_published",
                            OrderedMap.of(
                                    "macro_precision",
                                    p.precision(),
                                    "macro_recall",
                                    p.recall(),
                                    "macro_f1",
                                    p.f1(),
                                    "batches",
                                    p.batches()));
                    Map<String, Object> pm = new LinkedHashMap<>();
                    pm.put("mean_l2", pt.meanL2());
                    pm.put("max_linf", pt.maxLinf());
                    pm.put("mean_snr_db", pt.meanSnrDb());
                    pm.put("perturbed", pt.perturbed());
                    e.put("perturbation", pm);
                    e.put("confusion", cr.confusion().toArray());
                    results.put(cr.condition(), e);
                }
                rm.put("results", results);
                recs.add(rm);
            }
            feds.add(OrderedMap.of("federation", s.name(), "rounds", recs));
        }
        csv.write(dir.resolve("metrics.csv"));
        rounds.write(dir.resolve("rounds.csv"));
        Json.write(dir.resolve("metrics.json"), OrderedMap.of("classes", CLASSES, "federations", feds));
    }

    /** The last round of a federation that evaluated, or null. */
    public static RoundRecord lastEvaluated(Simulation s) {
        return lastEvaluated(new Federation(s.name(), s.history()));
    }

    static RoundRecord lastEvaluated(Federation s) {
        RoundRecord last = null;
        for (RoundRecord r : s.history()) if (r.evaluated()) last = r;
        return last;
    }

    /** tables.md, figures and confusion matrices; returns the Markdown of the tables for the index page. */
    public static String writeTablesAndCharts(Path dir, List<Simulation> sims) throws IOException {
        return writeFederationTablesAndCharts(dir, Federation.of(sims));
    }

    /** {@link #writeTablesAndCharts} for federations of any origin. */
    public static String writeFederationTablesAndCharts(Path dir, List<Federation> sims) throws IOException {
        for (Condition c : Condition.values())
            RunFigures.write(
                    dir.resolve("figures").resolve("figure" + RunFigures.figureNumber(c) + "-" + c.key() + ".png"),
                    c,
                    sims);
        for (Federation s : sims) {
            RoundRecord last = lastEvaluated(s);
            if (last == null) continue;
            for (Map.Entry<Condition, ConditionResult> e : last.results().entrySet())
                ConfusionMatrixChart.of(
                                s.name() + ", " + e.getKey().title() + ", round " + last.round(),
                                CLASSES,
                                e.getValue().confusion())
                        .writePng(
                                dir.resolve("confusion")
                                        .resolve(slug(s.name()) + "-"
                                                + e.getKey().key() + ".png"),
                                640,
                                560);
        }
        String md = tables(sims);
        AtomicFiles.writeString(dir.resolve("tables.md"), md);
        return md;
    }

    /** Tables 2-5 (ours beside the paper's), the comparison with differences, and the correct metrics. */
    static String tables(List<Federation> sims) {
        Map<PaperTables.Model, Map<Condition, PaperTables.Ours>> ours = new LinkedHashMap<>();
        List<Map<PaperTables.Model, Map<Condition, Double>>> perMetric = new ArrayList<>();
        for (int m = 0; m < 4; m++) perMetric.add(new LinkedHashMap<>());
        StringBuilder rounds = new StringBuilder();
        MarkdownTable correct = new MarkdownTable(
                        "model",
                        "condition",
                        "accuracy (%)",
                        "macro precision (%)",
                        "macro recall (%)",
                        "macro F1 (%)",
                        "published P (%)",
                        "published R (%)",
                        "published F1 (%)")
                .decimals(2);
        MarkdownTable.Align[] align = new MarkdownTable.Align[9];
        java.util.Arrays.fill(align, MarkdownTable.Align.RIGHT);
        align[0] = align[1] = MarkdownTable.Align.LEFT;
        correct.align(align);
        for (Federation s : sims) {
            RoundRecord last = lastEvaluated(s);
            if (last == null) continue;
            // a federation the paper did not train (e.g. loss2) has no published row: only the last table lists it
            PaperTables.Model model = RunFigures.paperModel(s.name());
            rounds.append(rounds.length() > 0 ? ", " : "")
                    .append(s.name())
                    .append(" round ")
                    .append(last.round());
            Map<Condition, PaperTables.Ours> mine = new LinkedHashMap<>();
            for (Map.Entry<Condition, ConditionResult> e : last.results().entrySet()) {
                Condition pc = e.getKey();
                ConditionResult cr = e.getValue();
                var mt = cr.metrics();
                var p = cr.asPublished();
                mine.put(pc, new PaperTables.Ours(mt.accuracy(), p.f1(), mt.macroF1()));
                double[] v = {mt.accuracy(), p.precision(), p.recall(), p.f1()};
                for (int m = 0; m < 4 && model != null; m++)
                    perMetric
                            .get(m)
                            .computeIfAbsent(model, k -> new LinkedHashMap<>())
                            .put(pc, v[m]);
                correct.row(
                        s.name(),
                        pc.title(),
                        100 * mt.accuracy(),
                        100 * mt.macroPrecision(),
                        100 * mt.macroRecall(),
                        100 * mt.macroF1(),
                        100 * p.precision(),
                        100 * p.recall(),
                        100 * p.f1());
            }
            if (model != null) ours.put(model, mine);
        }
        StringBuilder b = new StringBuilder("# Results beside the paper's\n\n");
        b.append("Ours: ")
                .append(rounds)
                .append(" (the last evaluated round); the paper: round 10. Precision, recall and F1 in ")
                .append(
                        "Tables 3-5 are the as-published batch-averaged macro values (the mean of per-batch macro values over batches of 32), as the paper's are; ")
                .append("the dataset-level (correct) macro values are in the last table.\n\n");
        PaperTables.Metric[] metrics = PaperTables.Metric.values();
        for (int m = 0; m < 4; m++)
            b.append(PaperTables.paperStyle(metrics[m], perMetric.get(m))).append('\n');
        b.append("## Differences from the paper\n\n")
                .append(PaperTables.comparison(ours))
                .append('\n');
        b.append("## All metrics of the last evaluated round\n\n")
                .append(correct)
                .append('\n');
        return b.toString();
    }

    static String slug(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }
}
