package org.fatecg.fl;

import static org.fatecg.io.JsonValues.asDouble;
import static org.fatecg.io.JsonValues.asLong;
import static org.fatecg.io.JsonValues.integer;
import static org.fatecg.io.JsonValues.list;
import static org.fatecg.io.JsonValues.obj;
import static org.fatecg.io.JsonValues.real;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.attack.Condition;
import org.fatecg.eval.BatchAveragedMacro;
import org.fatecg.eval.ConditionResult;
import org.fatecg.eval.ConfusionMatrix;

/**
 * RoundRecords to and from JSON-ready maps, losslessly: confusion matrices as integer counts, the
 * as-published values and losses as doubles (written with Double.toString, read with
 * Double.parseDouble, which round-trips every double exactly). A resumed run rebuilds its history from
 * this and so writes the same metrics, bit for bit, as a run that never stopped.
 */
final class HistoryCodec {
    /** Bounds on what a stored confusion matrix may hold: more classes or beats than any run has is corruption. */
    static final int MAX_CLASSES = 1000;

    static final long MAX_COUNT = Integer.MAX_VALUE;

    private HistoryCodec() {}

    static Map<String, Object> toMap(RoundRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("round", r.round());
        List<Object> clients = new ArrayList<>();
        for (RoundRecord.ClientRecord c : r.clients()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("client", c.client());
            cm.put("examples", c.numExamples());
            cm.put("mean_loss", c.meanLoss());
            cm.put("steps", c.steps());
            cm.put("nanos", c.nanos());
            clients.add(cm);
        }
        m.put("clients", clients);
        m.put("fit_nanos", r.fitNanos());
        m.put("eval_nanos", r.evalNanos());
        Map<String, Object> results = new LinkedHashMap<>();
        for (ConditionResult cr : r.results().values()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("confusion", cr.confusion().toArray());
            BatchAveragedMacro.Result p = cr.asPublished();
            e.put("published", List.of(p.precision(), p.recall(), p.f1(), p.batches()));
            ConditionResult.Perturbation pt = cr.perturbation();
            // SNR is +infinity when nothing moved (Clean); JSON has no infinity, so it is written as "inf".
            e.put(
                    "perturbation",
                    List.of(
                            pt.meanL2(),
                            pt.maxLinf(),
                            Double.isInfinite(pt.meanSnrDb()) ? "inf" : pt.meanSnrDb(),
                            pt.perturbed()));
            results.put(cr.condition(), e); // the label is the condition's key (AttackEvaluator)
        }
        m.put("results", results);
        return m;
    }

    static RoundRecord fromMap(Object json, String where) {
        Map<String, Object> m = obj(json, where);
        int round = (int) integer(m, "round", where);
        List<RoundRecord.ClientRecord> clients = new ArrayList<>();
        List<Object> cl = list(m.get("clients"), where + ".clients");
        for (int i = 0; i < cl.size(); i++) {
            String w = where + ".clients[" + i + "]";
            Map<String, Object> c = obj(cl.get(i), w);
            clients.add(new RoundRecord.ClientRecord(
                    (int) integer(c, "client", w),
                    (int) integer(c, "examples", w),
                    real(c, "mean_loss", w),
                    (int) integer(c, "steps", w),
                    integer(c, "nanos", w)));
        }
        Map<Condition, ConditionResult> results = new LinkedHashMap<>();
        Map<String, Object> rs = obj(m.get("results"), where + ".results");
        for (Map.Entry<String, Object> e : rs.entrySet()) {
            String w = where + ".results." + e.getKey();
            Condition c;
            try {
                c = Condition.parse(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(w + ": " + ex.getMessage());
            }
            Map<String, Object> cr = obj(e.getValue(), w);
            List<Object> rows = list(cr.get("confusion"), w + ".confusion");
            if (rows.isEmpty() || rows.size() > MAX_CLASSES)
                throw new IllegalArgumentException(w + ".confusion has " + rows.size() + " rows, expected 1 to "
                        + MAX_CLASSES + " (one per class)");
            ConfusionMatrix cm = new ConfusionMatrix(rows.size());
            for (int t = 0; t < rows.size(); t++) {
                List<Object> row = list(rows.get(t), w + ".confusion[" + t + "]");
                if (row.size() != rows.size())
                    throw new IllegalArgumentException(
                            w + ".confusion[" + t + "] has " + row.size() + " counts, expected " + rows.size());
                for (int p = 0; p < row.size(); p++) {
                    long n = asLong(row.get(p), w + ".confusion[" + t + "][" + p + "]");
                    if (n < 0)
                        throw new IllegalArgumentException(w + ".confusion[" + t + "][" + p + "] is negative: " + n);
                    if (n > MAX_COUNT)
                        throw new IllegalArgumentException(w + ".confusion[" + t + "][" + p + "] is " + n
                                + ", over the " + MAX_COUNT + " beats any test set here has");
                    cm.add(t, p, n);
                }
            }
            List<Object> pub = list(cr.get("published"), w + ".published");
            if (pub.size() != 4)
                throw new IllegalArgumentException(
                        w + ".published must hold [precision, recall, f1, batches], has " + pub.size() + " values");
            BatchAveragedMacro.Result ap = new BatchAveragedMacro.Result(
                    asDouble(pub.get(0), w), asDouble(pub.get(1), w), asDouble(pub.get(2), w), asLong(pub.get(3), w));
            List<Object> pl = list(cr.get("perturbation"), w + ".perturbation");
            if (pl.size() != 4)
                throw new IllegalArgumentException(
                        w + ".perturbation must hold [mean_l2, max_linf, mean_snr_db, perturbed], has " + pl.size()
                                + " values");
            double snr =
                    "inf".equals(pl.get(2)) ? Double.POSITIVE_INFINITY : asDouble(pl.get(2), w + ".perturbation[2]");
            ConditionResult.Perturbation pt = new ConditionResult.Perturbation(
                    asDouble(pl.get(0), w), asDouble(pl.get(1), w), snr, (int) asLong(pl.get(3), w));
            results.put(c, new ConditionResult(c.key(), cm, ap, pt));
        }
        return new RoundRecord(
                round, clients, results, integer(m, "fit_nanos", where), integer(m, "eval_nanos", where));
    }
}
