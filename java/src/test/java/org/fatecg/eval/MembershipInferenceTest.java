package org.fatecg.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The Mann-Whitney AUC against pair counts by hand. */
class MembershipInferenceTest {
    @Test
    void aucCountsPairsWhereTheMemberHasTheLowerLoss() {
        assertEquals(1.0, MembershipInference.auc(new double[] {0.1, 0.2}, new double[] {0.5, 0.9}), 0);
        assertEquals(0.0, MembershipInference.auc(new double[] {0.6, 0.7}, new double[] {0.5}), 0);
        // members {1, 3}, non-members {2, 3}: pairs (1,2) win, (1,3) win, (3,2) loss, (3,3) tie -> 2.5 / 4
        assertEquals(0.625, MembershipInference.auc(new double[] {1, 3}, new double[] {2, 3}), 1e-12);
        assertEquals(0.5, MembershipInference.auc(new double[] {4, 4, 4}, new double[] {4, 4}), 1e-12);
    }
}
