package org.fatecg.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fatecg.attack.Condition;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint's history is read back from JSON a user (or an attacker) may have edited. Confusion counts
 * are added as whole counts, so a count of 2^63 - 1 is refused at once instead of being counted one by one
 * (the old reader looped over it: a hang), and a matrix cannot be made too large to allocate.
 */
class HistoryCodecTest {
    private static Map<String, Object> round0(Object confusion) {
        return Map.of(
                "round", 0L,
                "clients", List.of(),
                "fit_nanos", 0L,
                "eval_nanos", 0L,
                "results",
                        Map.of(
                                "clean",
                                Map.of(
                                        "confusion", confusion,
                                        "published", List.of(0.5, 0.5, 0.5, 1L),
                                        "perturbation", List.of(0.0, 0.0, "inf", 0L))));
    }

    @Test
    void readsCountsAsWholeCounts() {
        RoundRecord r = HistoryCodec.fromMap(round0(List.of(List.of(3L, 1L), List.of(0L, 2L))), "h[0]");
        var cm = r.results().get(Condition.CLEAN).confusion();
        assertEquals(3, cm.count(0, 0));
        assertEquals(1, cm.count(0, 1));
        assertEquals(2, cm.count(1, 1));
        assertEquals(6, cm.total());
    }

    @Test
    void refusesAHugeCountAtOnce() {
        IllegalArgumentException e = assertTimeoutPreemptively(
                Duration.ofSeconds(5),
                () -> assertThrows(
                        IllegalArgumentException.class,
                        () -> HistoryCodec.fromMap(
                                round0(List.of(List.of(Long.MAX_VALUE, 0L), List.of(0L, 0L))), "h[0]")));
        assertEquals(
                "h[0].results.clean.confusion[0][0] is 9223372036854775807, over the 2147483647 beats any test set here has",
                e.getMessage());
    }

    @Test
    void refusesAMatrixWithNoRows() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> HistoryCodec.fromMap(round0(List.of()), "h[0]"));
        assertEquals("h[0].results.clean.confusion has 0 rows, expected 1 to 1000 (one per class)", e.getMessage());
    }
}
