package org.fatecg.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Merging evaluation shards, against numbers worked out by hand. */
class ResultMergeTest {
    // shard A: 2 beats (truth 0, 1 -> predicted 0, 0), 1 batch; shard B: 3 beats all right, 3 batches
    private static final ConditionResult A = new ConditionResult(
            "pgd",
            ConfusionMatrix.of(new int[] {0, 1}, new int[] {0, 0}, 5),
            new BatchAveragedMacro.Result(0.5, 0.25, 0.3, 1),
            new ConditionResult.Perturbation(0.2, 0.03, 20, 2),
            1.0);
    private static final ConditionResult B = new ConditionResult(
            "pgd",
            ConfusionMatrix.of(new int[] {1, 1, 2}, new int[] {1, 1, 2}, 5),
            new BatchAveragedMacro.Result(1, 1, 1, 3),
            new ConditionResult.Perturbation(0.4, 0.05, 30, 1),
            2.0);

    @Test
    void twoShardsAreOneEvaluationOfTheWholeSet() {
        ConditionResult m = ResultMerge.merge(List.of(A, B));
        assertEquals("pgd", m.condition());
        assertEquals(5, m.confusion().total());
        assertEquals(1, m.confusion().count(0, 0));
        assertEquals(1, m.confusion().count(1, 0));
        assertEquals(2, m.confusion().count(1, 1));
        assertEquals(4.0 / 5, m.metrics().accuracy(), 1e-15);
        // batch-weighted: (1 * 0.5 + 3 * 1) / 4 = 0.875 ; (0.25 + 3) / 4 = 0.8125 ; (0.3 + 3) / 4 = 0.825
        assertEquals(0.875, m.asPublished().precision(), 1e-15);
        assertEquals(0.8125, m.asPublished().recall(), 1e-15);
        assertEquals(0.825, m.asPublished().f1(), 1e-15);
        assertEquals(4, m.asPublished().batches());
        // beat-weighted L2: (2 * 0.2 + 3 * 0.4) / 5 = 0.32 ; max L-inf 0.05 ; SNR over moved beats (2 * 20 + 1 * 30) /
        // 3
        assertEquals(0.32, m.perturbation().meanL2(), 1e-15);
        assertEquals(0.05, m.perturbation().maxLinf());
        assertEquals(70.0 / 3, m.perturbation().meanSnrDb(), 1e-12);
        assertEquals(3, m.perturbation().perturbed());
        assertEquals(3.0, m.seconds());
        assertEquals(2, A.confusion().total(), "inputs untouched");
    }

    @Test
    void cleanShardsKeepAnInfiniteSnrAndOneShardIsItself() {
        ConditionResult c1 =
                new ConditionResult("clean", A.confusion(), A.asPublished(), ConditionResult.Perturbation.NONE);
        ConditionResult c2 =
                new ConditionResult("clean", B.confusion(), B.asPublished(), ConditionResult.Perturbation.NONE);
        ConditionResult m = ResultMerge.merge(List.of(c1, c2));
        assertEquals(Double.POSITIVE_INFINITY, m.perturbation().meanSnrDb());
        assertEquals(0, m.perturbation().perturbed());
        assertEquals(0.0, m.perturbation().meanL2());
        assertSame(A, ResultMerge.merge(List.of(A)));
    }

    @Test
    void refusesToMergeDifferentConditionsOrNothing() {
        ConditionResult other = new ConditionResult("fgsm", B.confusion(), B.asPublished(), B.perturbation());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ResultMerge.merge(List.of(A, other)));
        assertTrue(e.getMessage().contains("'fgsm' into 'pgd'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ResultMerge.merge(List.of()));
    }
}
