package org.fatecg.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.fatecg.data.BeatDataset;
import org.fatecg.tensor.Rng;
import org.junit.jupiter.api.Test;

/** The Mann-Whitney AUC against pair counts by hand; the class-matched sample against a hand-made data set. */
class MembershipInferenceTest {
    @Test
    void aucCountsPairsWhereTheMemberHasTheLowerLoss() {
        assertEquals(1.0, MembershipInference.auc(new double[] {0.1, 0.2}, new double[] {0.5, 0.9}), 0);
        assertEquals(0.0, MembershipInference.auc(new double[] {0.6, 0.7}, new double[] {0.5}), 0);
        // members {1, 3}, non-members {2, 3}: pairs (1,2) win, (1,3) win, (3,2) loss, (3,3) tie -> 2.5 / 4
        assertEquals(0.625, MembershipInference.auc(new double[] {1, 3}, new double[] {2, 3}), 1e-12);
        assertEquals(0.5, MembershipInference.auc(new double[] {4, 4, 4}, new double[] {4, 4}), 1e-12);
    }

    @Test
    void classMatchedSamplePairsEachMemberWithANonMemberOfItsClassAndDropsTheUnmatched() {
        // beats 0-9 of classes 0 0 0 1 1 2 | 0 0 1 3; clients trained on 0 (twice: oversampled), 1, 3, 4, 5;
        // the pool (test side) 6-9 has two class-0 beats, one class-1, none of class 2
        int[] labels = {0, 0, 0, 1, 1, 2, 0, 0, 1, 3};
        BeatDataset data =
                new BeatDataset(new float[labels.length], labels, new int[labels.length], new int[labels.length], 1);
        int[] trained = {0, 0, 1, 3, 4, 5}, pool = {6, 7, 8, 9};
        for (long seed = 0; seed < 20; seed++) {
            MembershipInference.Sample s = MembershipInference.classMatched(data, trained, pool, 10, new Rng(seed));
            // both class-0 members, one of the two class-1 members; the class-2 member (5) has no partner
            assertArrayEquals(new int[] {2, 1, 0, 0, 0}, data.classCounts(s.members()));
            assertArrayEquals(new int[] {2, 1, 0, 0, 0}, data.classCounts(s.nonMembers()));
            assertArrayEquals(
                    new int[] {6, 7, 8}, Arrays.stream(s.nonMembers()).sorted().toArray());
            assertEquals(
                    3,
                    Arrays.stream(s.members())
                            .distinct()
                            .filter(i -> i != 2 && i != 5)
                            .count());
            MembershipInference.Sample two = MembershipInference.classMatched(data, trained, pool, 2, new Rng(seed));
            assertEquals(2, two.members().length);
            assertArrayEquals(data.classCounts(two.members()), data.classCounts(two.nonMembers()));
        }
    }
}
