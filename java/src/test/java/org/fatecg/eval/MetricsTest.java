package org.fatecg.eval;

import static org.fatecg.eval.ConfusionMatrixTest.PRED;
import static org.fatecg.eval.ConfusionMatrixTest.TRUTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private static final double EPS = 1e-15;

    @Test
    void perClassValuesByHand() {
        Metrics m = Metrics.of(TRUTH, PRED, 5);
        assertEquals(0.6, m.accuracy(), EPS);
        // N: TP 3 FP 2 FN 1 TN 4
        assertEquals(3.0 / 5, m.precision(0), EPS);
        assertEquals(3.0 / 4, m.recall(0), EPS);
        assertEquals(6.0 / 9, m.f1(0), EPS);
        assertEquals(4.0 / 6, m.specificity(0), EPS);
        // S: TP 1 FP 1 FN 1 TN 7
        assertEquals(0.5, m.precision(1), EPS);
        assertEquals(0.5, m.sensitivity(1), EPS);
        assertEquals(0.5, m.f1(1), EPS);
        assertEquals(7.0 / 8, m.specificity(1), EPS);
        // V: TP 2 FP 1 FN 1 TN 6
        assertEquals(2.0 / 3, m.precision(2), EPS);
        assertEquals(2.0 / 3, m.f1(2), EPS);
        assertEquals(6.0 / 7, m.specificity(2), EPS);
        // F: one sample, never predicted: precision 0/0 = 0, recall 0/1, F1 0, specificity 9/9.
        assertEquals(0.0, m.precision(3));
        assertEquals(0.0, m.recall(3));
        assertEquals(0.0, m.f1(3));
        assertEquals(1.0, m.specificity(3), EPS);
        assertEquals(1, m.support(3));
        // Q: absent and never predicted.
        assertEquals(0, m.support(4));
        assertEquals(0.0, m.recall(4));
    }

    @Test
    void macroLeavesOutOnlyClassesWithNoSamplesAndNoPredictions() {
        Metrics m = Metrics.of(TRUTH, PRED, 5);
        // Q is excluded; F stays in with zeros: means over N, S, V, F.
        assertEquals(4, m.classesInMacro());
        assertEquals((3.0 / 5 + 1.0 / 2 + 2.0 / 3 + 0) / 4, m.macroPrecision(), EPS); // 53/120
        assertEquals((3.0 / 4 + 1.0 / 2 + 2.0 / 3 + 0) / 4, m.macroRecall(), EPS); // 23/48
        assertEquals((2.0 / 3 + 1.0 / 2 + 2.0 / 3 + 0) / 4, m.macroF1(), EPS); // 11/24
    }

    @Test
    void predictedButAbsentClassStaysInMacro() {
        // k = 3: class 1 is predicted once but has no samples (recall 0/0 = 0, kept); class 2 excluded.
        Metrics m = Metrics.of(new int[] {0, 0}, new int[] {0, 1}, 3);
        assertEquals(2, m.classesInMacro());
        assertEquals((1.0 + 0.0) / 2, m.macroPrecision(), EPS);
        assertEquals((0.5 + 0.0) / 2, m.macroRecall(), EPS);
        assertEquals((2.0 / 3 + 0.0) / 2, m.macroF1(), EPS);
    }

    @Test
    void emptyInputGivesZeros() {
        Metrics m = Metrics.of(new int[0], new int[0], 5);
        assertEquals(0, m.classesInMacro());
        assertEquals(0.0, m.accuracy());
        assertEquals(0.0, m.macroF1());
        BatchAveragedMacro.Result r = Metrics.asPublished(new int[0], new int[0], 5, 32);
        assertEquals(0, r.batches());
        assertEquals(0.0, r.f1());
    }

    @Test
    void asPublishedAveragesBatchMacrosByHand() {
        // Batches of 4: [N N N N | S S V V | V F].
        // b1: N (TP3 FN1) -> P1 R.75 F6/7; S predicted once without samples -> zeros, kept.
        //     P=.5, R=.375, F=3/7.
        // b2: N (FP1) zeros; S (TP1 FN1) P1 R.5 F2/3; V (TP2) ones. P=2/3, R=1/2, F=5/9.
        // b3: N (FP1), V (FP1 FN1), F (FN1): all zeros.
        BatchAveragedMacro.Result r = Metrics.asPublished(TRUTH, PRED, 5, 4);
        assertEquals(3, r.batches());
        assertEquals((0.5 + 2.0 / 3 + 0) / 3, r.precision(), EPS); // 7/18
        assertEquals((0.375 + 0.5 + 0) / 3, r.recall(), EPS); // 7/24
        assertEquals((3.0 / 7 + 5.0 / 9 + 0) / 3, r.f1(), EPS); // 62/189
    }

    @Test
    void oneBatchCoveringEverythingEqualsDatasetMacro() {
        Metrics m = Metrics.of(TRUTH, PRED, 5);
        BatchAveragedMacro.Result r = Metrics.asPublished(TRUTH, PRED, 5, 32);
        assertEquals(1, r.batches());
        assertEquals(m.macroPrecision(), r.precision(), EPS);
        assertEquals(m.macroRecall(), r.recall(), EPS);
        assertEquals(m.macroF1(), r.f1(), EPS);
    }

    @Test
    void batchingIgnoresHowTheCallerChunksAndResultDoesNotClose() {
        BatchAveragedMacro b = new BatchAveragedMacro(5, 4);
        b.addAll(TRUTH, PRED, 0, 3);
        BatchAveragedMacro.Result partial = b.result(); // one pending batch of 3
        assertEquals(1, partial.batches());
        b.addAll(TRUTH, PRED, 3, 4);
        b.add(TRUTH[4], PRED[4]);
        b.addAll(TRUTH, PRED, 5, 10);
        assertEquals(Metrics.asPublished(TRUTH, PRED, 5, 4), b.result());
        assertThrows(IllegalArgumentException.class, () -> b.add(0, 7));
        assertThrows(IllegalArgumentException.class, () -> new BatchAveragedMacro(5, 0));
    }

    @Test
    @SuppressWarnings("unchecked")
    void toMapCarriesNamesAndValues() {
        Map<String, Object> map = Metrics.of(TRUTH, PRED, 5).toMap(new String[] {"N", "S", "V", "F", "Q"});
        assertEquals(0.6, (double) map.get("accuracy"), EPS);
        List<Object> per = (List<Object>) map.get("per_class");
        Map<String, Object> f = (Map<String, Object>) per.get(3);
        assertEquals("F", f.get("class"));
        assertEquals(1L, f.get("support"));
        assertThrows(
                IllegalArgumentException.class, () -> Metrics.of(TRUTH, PRED, 5).toMap(new String[] {"N"}));
    }
}
