package org.fatecg.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Mean and sample sd against numbers worked out by hand. */
class MeanSdTest {
    @Test
    void threeSeeds() {
        // 0.90, 0.80, 0.70: mean 0.80; deviations 0.1, 0, -0.1; sum of squares 0.02; / (3 - 1) = 0.01; sd 0.1
        MeanSd m = MeanSd.of(0.90, 0.80, 0.70);
        assertEquals(0.80, m.mean(), 1e-12);
        assertEquals(0.10, m.sd(), 1e-12);
        assertEquals(3, m.n());
        assertEquals("80.0 ± 10.0", m.format(100, 1));
    }

    @Test
    void fourValuesUseNMinusOne() {
        // 1, 2, 3, 4: mean 2.5; squares 2.25 + 0.25 + 0.25 + 2.25 = 5; 5 / 3 = 1.6667; sd 1.290994
        MeanSd m = MeanSd.of(1, 2, 3, 4);
        assertEquals(2.5, m.mean(), 1e-12);
        assertEquals(1.2909944487, m.sd(), 1e-9);
    }

    @Test
    void oneValueHasNoSpreadAndNoneHasNothing() {
        assertEquals(0, MeanSd.of(0.5).sd());
        assertTrue(Double.isNaN(MeanSd.of().mean()));
        assertEquals("-", MeanSd.of().format(100, 1));
    }
}
