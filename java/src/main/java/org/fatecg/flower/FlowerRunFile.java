package org.fatecg.flower;

import static org.fatecg.io.JsonValues.asDouble;
import static org.fatecg.io.JsonValues.asLong;
import static org.fatecg.io.JsonValues.list;
import static org.fatecg.io.JsonValues.obj;
import static org.fatecg.io.JsonValues.string;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.attack.Condition;
import org.fatecg.data.Aami;
import org.fatecg.eval.BatchAveragedMacro;
import org.fatecg.eval.ConditionResult;
import org.fatecg.eval.ConfusionMatrix;
import org.fatecg.fl.Experiment;
import org.fatecg.fl.RoundRecord;
import org.fatecg.io.Json;

/**
 * A real Flower run's record, {@code flower-run.json} as the Flower app's ServerApp writes it, read back
 * into fatecg's round records so that the report package draws it like a simulated run. Per round the
 * ServerApp keeps what the nodes replied, summed: {@code train} holds {@code partition-ids},
 * {@code client-examples}, {@code client-losses} and {@code at-seconds} (seconds since the app started,
 * when the round's training ended); {@code evaluate} holds per condition {@code confusion-<c>} (5 x 5
 * counts summed over nodes, truth-major) and {@code published-<c>} (sums over nodes of per-batch macro
 * P, R, F1 and the batch count), and {@code at-seconds}. The beats' perturbation sizes do not cross the
 * wire, so they are NaN here. The file is treated as hostile: every fault names the file and field.
 *
 * @param federation "FAT" or "Non-FAT", from the run config's {@code fat}
 * @param strategy   the Flower strategy that aggregated
 * @param history    rounds 1..R in order (a Flower run evaluates no round 0)
 */
public record FlowerRunFile(String federation, String strategy, List<RoundRecord> history) {
    /** More beats than any evaluation here could count; bounds the work a hostile file can ask for. */
    static final long MAX_BEATS = 10_000_000;

    /** A Flower run's out-dir (the file inside it) or the file itself; an error if there is none. */
    public static Path locate(Path runDirOrFile) {
        Path file = Files.isDirectory(runDirOrFile) ? runDirOrFile.resolve("flower-run.json") : runDirOrFile;
        if (!Files.isRegularFile(file))
            throw new IllegalArgumentException(file + ": no such file (a Flower run's out-dir holds flower-run.json)");
        return file;
    }

    public static FlowerRunFile read(Path file) throws IOException {
        try {
            return parse(Json.read(file));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    static FlowerRunFile parse(Object json) {
        Map<String, Object> doc = obj(json, "the file");
        String status = string(doc, "status", "the file");
        if (!status.equals("ok"))
            throw new IllegalArgumentException("the Flower run did not finish (status '" + status + "'"
                    + (doc.get("error") instanceof String e ? ", error " + e : "") + ")");
        Map<String, Object> cfg = obj(doc.get("config"), "config");
        Object fat = cfg.get("fat");
        if (!(fat instanceof Boolean)) throw new IllegalArgumentException("config.fat is not true or false: " + fat);
        String federation = (Boolean) fat ? Experiment.FAT : Experiment.NON_FAT;
        String strategy = string(doc, "strategy", "the file");
        Map<String, Object> train = obj(doc.get("train"), "train");
        Map<String, Object> evaluate = obj(doc.get("evaluate"), "evaluate");
        List<RoundRecord> history = new ArrayList<>();
        double before = 0; // seconds since the app started when the previous round ended
        for (int r = 1; train.containsKey(Integer.toString(r)); r++) {
            String w = "train." + r;
            Map<String, Object> t = obj(train.get(Integer.toString(r)), w);
            List<RoundRecord.ClientRecord> clients = clients(t, w);
            double trained = seconds(t, w, before);
            Map<Condition, ConditionResult> results = new LinkedHashMap<>();
            double evaluated = trained;
            Object e = evaluate.get(Integer.toString(r));
            if (e != null) {
                Map<String, Object> em = obj(e, "evaluate." + r);
                results = results(em, "evaluate." + r);
                evaluated = seconds(em, "evaluate." + r, trained);
            }
            history.add(new RoundRecord(
                    r, clients, results, (long) ((trained - before) * 1e9), (long) ((evaluated - trained) * 1e9)));
            before = evaluated;
        }
        if (history.isEmpty()) throw new IllegalArgumentException("train: no round 1 (the run trained no round)");
        return new FlowerRunFile(federation, strategy, history);
    }

    private static List<RoundRecord.ClientRecord> clients(Map<String, Object> t, String w) {
        List<Object> ids = list(t.get("partition-ids"), w + ".partition-ids");
        List<Object> n = list(t.get("client-examples"), w + ".client-examples");
        List<Object> loss = list(t.get("client-losses"), w + ".client-losses");
        if (ids.size() != n.size() || ids.size() != loss.size())
            throw new IllegalArgumentException(
                    w + ": partition-ids, client-examples and client-losses differ in length (" + ids.size() + ", "
                            + n.size() + ", " + loss.size() + ")");
        List<RoundRecord.ClientRecord> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            long id = asLong(ids.get(i), w + ".partition-ids[" + i + "]");
            long examples = asLong(n.get(i), w + ".client-examples[" + i + "]");
            if (id < -1 || id > Integer.MAX_VALUE || examples < 0 || examples > MAX_BEATS)
                throw new IllegalArgumentException(
                        w + ": node " + i + " has partition-id " + id + " and " + examples + " examples");
            out.add(new RoundRecord.ClientRecord(
                    (int) id, (int) examples, asDouble(loss.get(i), w + ".client-losses[" + i + "]"), 0, 0));
        }
        return out;
    }

    private static double seconds(Map<String, Object> m, String w, double notBefore) {
        Object v = m.get("at-seconds");
        if (v == null) return notBefore; // an older ServerApp kept no times
        double s = asDouble(v, w + ".at-seconds");
        if (!(s >= notBefore)) throw new IllegalArgumentException(w + ".at-seconds " + s + " is before " + notBefore);
        return s;
    }

    private static Map<Condition, ConditionResult> results(Map<String, Object> m, String w) {
        Map<Condition, ConditionResult> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (!e.getKey().startsWith("confusion-")) continue;
            String key = e.getKey().substring("confusion-".length());
            String where = w + "." + e.getKey();
            Condition c;
            try {
                c = Condition.parse(key);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(where + ": " + ex.getMessage());
            }
            out.put(c, new ConditionResult(c.key(), confusion(e.getValue(), where), published(m, key, w), NO_SIZE));
        }
        return out;
    }

    /** The perturbation sizes stay on the nodes. */
    static final ConditionResult.Perturbation NO_SIZE =
            new ConditionResult.Perturbation(Double.NaN, Double.NaN, Double.NaN, 0);

    private static ConfusionMatrix confusion(Object v, String where) {
        List<Object> counts = list(v, where);
        int k = Aami.COUNT;
        if (counts.size() != k * k)
            throw new IllegalArgumentException(where + " has " + counts.size() + " counts, expected " + k * k);
        ConfusionMatrix cm = new ConfusionMatrix(k);
        long total = 0;
        for (int i = 0; i < counts.size(); i++) {
            long n = asLong(counts.get(i), where + "[" + i + "]");
            total += Math.max(0, n);
            if (n < 0 || total > MAX_BEATS)
                throw new IllegalArgumentException(
                        where + "[" + i + "] is " + n + " (counts are 0 or more, " + MAX_BEATS + " in all at most)");
            for (long j = 0; j < n; j++) cm.add(i / k, i % k);
        }
        return cm;
    }

    /** The nodes' batch sums back to means; NaN where no node sent them. */
    private static BatchAveragedMacro.Result published(Map<String, Object> m, String key, String w) {
        Object v = m.get("published-" + key);
        if (v == null) return new BatchAveragedMacro.Result(Double.NaN, Double.NaN, Double.NaN, 0);
        String where = w + ".published-" + key;
        List<Object> s = list(v, where);
        if (s.size() != 4)
            throw new IllegalArgumentException(where + " must hold [sum P, sum R, sum F1, batches], has " + s.size());
        double b = asDouble(s.get(3), where + "[3]");
        if (!(b >= 0 && b <= MAX_BEATS)) throw new IllegalArgumentException(where + "[3] (batches) is " + b);
        if (b == 0) return new BatchAveragedMacro.Result(Double.NaN, Double.NaN, Double.NaN, 0);
        return new BatchAveragedMacro.Result(
                asDouble(s.get(0), where + "[0]") / b,
                asDouble(s.get(1), where + "[1]") / b,
                asDouble(s.get(2), where + "[2]") / b,
                (long) b);
    }
}
