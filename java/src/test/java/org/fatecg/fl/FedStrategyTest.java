package org.fatecg.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.fatecg.attack.Condition;
import org.fatecg.eval.BatchAveragedMacro;
import org.fatecg.eval.ConditionResult;
import org.fatecg.eval.ConfusionMatrix;
import org.junit.jupiter.api.Test;

class FedStrategyTest {
    private static FedStrategy.Config config(long seed) {
        return new FedStrategy.Config(seed, 5, FitConfig.paper(), 10, 3, List.of(Condition.CLEAN, Condition.PGD));
    }

    private static FedStrategy strategy(long seed) {
        return new FedStrategy(config(seed), new AggregationRule.FedAvg());
    }

    @Test
    void samplesFiveOfTenDistinctClientsRepeatably() {
        FedStrategy s = strategy(42);
        for (int r = 1; r <= 10; r++) {
            List<FitInstruction> ins = s.configureFit(r, 10);
            assertEquals(5, ins.size());
            int[] ids = ins.stream().mapToInt(FitInstruction::client).toArray();
            assertEquals(5, Arrays.stream(ids).distinct().count(), "round " + r + ": " + Arrays.toString(ids));
            assertTrue(Arrays.stream(ids).allMatch(i -> i >= 0 && i < 10));
            assertEquals(ins, strategy(42).configureFit(r, 10), "same seed and round, same clients in the same order");
        }
        assertFalse(Arrays.equals(FedStrategy.sample(42, 1, 10, 5), FedStrategy.sample(42, 2, 10, 5)));
        assertFalse(Arrays.equals(FedStrategy.sample(42, 1, 10, 5), FedStrategy.sample(43, 1, 10, 5)));
        assertEquals(3, s.configureFit(1, 3).size(), "more clients asked than exist: all of them");
    }

    @Test
    void samplingIsUniform() {
        // Over 4000 rounds each client is drawn with probability 1/2: 2000 +- 4.5 sigma (sigma = 31.6).
        int[] hits = new int[10];
        int[] first = new int[10];
        for (int r = 1; r <= 4000; r++) {
            int[] ids = FedStrategy.sample(7, r, 10, 5);
            for (int i : ids) hits[i]++;
            first[ids[0]]++;
        }
        for (int c = 0; c < 10; c++) {
            assertTrue(Math.abs(hits[c] - 2000) < 142, "client " + c + " drawn " + hits[c] + " times");
            assertTrue(
                    Math.abs(first[c] - 400) < 85, "client " + c + " drawn first " + first[c] + " times"); // sigma 19
        }
    }

    @Test
    void evaluatesAtRoundZeroEveryKRoundsAndAtTheEnd() {
        FedStrategy s = strategy(1); // every 3 of 10
        for (int r = 0; r <= 10; r++) {
            boolean due = r == 0 || r == 3 || r == 6 || r == 9 || r == 10;
            if (due) assertNotNull(s.configureEvaluate(r), "round " + r);
            else assertNull(s.configureEvaluate(r), "round " + r);
        }
        assertEquals(
                List.of(Condition.CLEAN, Condition.PGD), s.configureEvaluate(0).conditions());
    }

    @Test
    void aggregateFitAppliesTheRuleToTheResultsInOrder() {
        FitResult a = new FitResult(3, new float[] {1, 2}, 10, 0.5, 1, 0),
                b = new FitResult(8, new float[] {3, 6}, 30, 0.5, 1, 0);
        // FedAvg: (10*1 + 30*3) / 40 = 2.5 ; (10*2 + 30*6) / 40 = 5
        Aggregate avg = strategy(1).aggregateFit(1, new float[2], List.of(a, b));
        assertArrayEquals(new float[] {2.5f, 5f}, avg.weights());
        assertEquals(List.of(Aggregate.Status.SELECTED, Aggregate.Status.SELECTED), avg.status());
        // median of two: (1 + 3) / 2 = 2 ; (2 + 6) / 2 = 4, counts ignored
        assertArrayEquals(
                new float[] {2f, 4f},
                new FedStrategy(config(1), new AggregationRule.Median())
                        .aggregateFit(1, new float[2], List.of(a, b))
                        .weights());
    }

    @Test
    void krumNeedsTwoFPlusThreeClientsPerRound() {
        // 5 per round admits f = 1 (2f + 3 = 5) but not f = 2 (7)
        new FedStrategy(config(1), new AggregationRule.Krum(1));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new FedStrategy(config(1), new AggregationRule.Krum(2)));
        assertTrue(e.getMessage().contains("Krum(f=2) needs at least 7 clients per round, got 5"), e.getMessage());
    }

    @Test
    void aParticipantListReplacesTheDrawRoundByRound() {
        List<int[]> lists = new java.util.ArrayList<>();
        for (int r = 1; r <= 10; r++) lists.add(new int[] {(3 * r) % 10, (7 * r + 1) % 10, r % 10 == 5 ? 0 : 5});
        FedStrategy s = new FedStrategy(config(1), new AggregationRule.FedAvg(), lists);
        for (int r = 1; r <= 10; r++) {
            int[] got = s.configureFit(r, 10).stream()
                    .mapToInt(FitInstruction::client)
                    .toArray();
            assertArrayEquals(lists.get(r - 1), got, "round " + r);
        }
        var short9 = assertThrows(
                IllegalArgumentException.class,
                () -> new FedStrategy(config(1), new AggregationRule.FedAvg(), lists.subList(0, 9)));
        assertTrue(short9.getMessage().contains("covers 9 rounds, the federation trains 10"), short9.getMessage());
        // Krum(f=1) needs 5 updates; round 1 of this list gives 3
        var krum = assertThrows(
                IllegalArgumentException.class, () -> new FedStrategy(config(1), new AggregationRule.Krum(1), lists));
        assertTrue(krum.getMessage().contains("gives round 1 3"), krum.getMessage());
    }

    @Test
    void aggregateEvaluateMergesTheShardsPerCondition() {
        ConfusionMatrix a = ConfusionMatrix.of(new int[] {0, 1}, new int[] {0, 0}, 5);
        ConfusionMatrix b = ConfusionMatrix.of(new int[] {1, 1, 2}, new int[] {1, 1, 2}, 5);
        EvaluateResult ra = new EvaluateResult(
                0,
                2,
                Map.of(
                        Condition.CLEAN,
                        new ConditionResult(
                                "clean",
                                a,
                                new BatchAveragedMacro.Result(0.5, 0.5, 0.5, 1),
                                ConditionResult.Perturbation.NONE)));
        EvaluateResult rb = new EvaluateResult(
                1,
                3,
                Map.of(
                        Condition.CLEAN,
                        new ConditionResult(
                                "clean",
                                b,
                                new BatchAveragedMacro.Result(1, 1, 1, 3),
                                ConditionResult.Perturbation.NONE)));
        FedStrategy s = new FedStrategy(
                new FedStrategy.Config(1, 5, FitConfig.paper(), 10, 1, List.of(Condition.CLEAN)),
                new AggregationRule.FedAvg());
        ConditionResult r = s.aggregateEvaluate(1, List.of(ra, rb)).get(Condition.CLEAN);
        assertEquals(5, r.confusion().total());
        assertEquals(4.0 / 5, r.metrics().accuracy(), 1e-12);
        assertEquals((0.5 + 3) / 4, r.asPublished().precision(), 1e-12); // mean over 4 batches
        assertEquals(4, r.asPublished().batches());
        FedStrategy both = new FedStrategy(config(1), new AggregationRule.FedAvg()); // asks for clean and pgd
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> both.aggregateEvaluate(3, List.of(ra)));
        assertTrue(e.getMessage().contains("shard 0 has no result for PGD"), e.getMessage());
    }
}
