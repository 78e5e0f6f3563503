package org.fatecg.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole database, paper settings: the figures PROTOCOL section 1 asks for. */
class MitBihTest {

    @Test
    void paperPresetGives109468WindowsWithTheseClassCounts() {
        BeatDataset ds = TestDb.paper();
        // 109,494 beats carry one of the 15 symbols; 26 lie within 90 samples of a record's edge.
        assertEquals(109_468, ds.size(), "total windows over the 48 records (the paper reports 109,468)");
        assertArrayEquals(new int[] {90_608, 2_781, 7_235, 802, 8_042}, ds.classCounts(), "N S V F Q");
        assertEquals(180, ds.windowLength());
        assertEquals(48, ds.recordIds().length);
        float lo = Float.MAX_VALUE, hiMin = Float.MAX_VALUE, hi = -1;
        for (int i = 0; i < ds.size(); i++) {
            float mn = Float.MAX_VALUE, mx = -Float.MAX_VALUE;
            for (int t = 0; t < 180; t++) {
                mn = Math.min(mn, ds.x(i, t));
                mx = Math.max(mx, ds.x(i, t));
            }
            lo = Math.min(lo, mn);
            hi = Math.max(hi, mx);
            hiMin = Math.min(hiMin, mx);
        }
        assertEquals(0f, lo, "each window's minimum maps to 0");
        assertTrue(
                hi < 1f && hiMin > 0.99f,
                "maxima in (0.99, 1): min-max on mV keeps the 1e-6; got " + hiMin + ".." + hi);
    }

    @Test
    void mliiByNameSkipsThePacedRecordsWithANoticeUnlessAFallbackIsGiven() throws Exception {
        Path d = TestDb.dir();
        List<String> notices = new ArrayList<>();
        List<String> recs = List.of("101", "102", "104", "114");
        BeatDataset ml = MitBih.load(d, recs, WindowSettings.PAPER.withLead(Lead.MLII), null, notices::add);
        assertEquals(2, notices.size(), notices.toString());
        assertTrue(notices.get(0).contains("102") && notices.get(0).contains("V5, V2"), notices.get(0));
        assertTrue(notices.get(1).contains("104"), notices.get(1));
        assertArrayEquals(new int[] {101, 114}, ml.recordIds());

        notices.clear();
        BeatDataset fb = MitBih.load(d, recs, WindowSettings.PAPER.withLead(Lead.parse("MLII,0")), null, notices::add);
        assertTrue(notices.isEmpty(), notices.toString());
        assertArrayEquals(new int[] {101, 102, 104, 114}, fb.recordIds());
        assertEquals(
                ml.size()
                        + MitBih.windowsOf(d, "102", 0, WindowSettings.PAPER).size()
                        + MitBih.windowsOf(d, "104", 0, WindowSettings.PAPER).size(),
                fb.size());

        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> MitBih.windowsOf(d, "102", WindowSettings.PAPER.withLead(Lead.MLII)));
        assertTrue(e.getMessage().contains("102") && e.getMessage().contains("MLII"), e.getMessage());
    }

    @Test
    void leadSpecsParseIndicesNamesAndFallbacks() {
        assertEquals("1", Lead.parse(" 1 ").spec());
        assertEquals("MLII,V5,0", Lead.parse("mlii, V5,0").spec());
        assertEquals(Lead.parse("MLII"), Lead.parse("mlii"));
        assertThrows(IllegalArgumentException.class, () -> Lead.parse("MLII,"));
    }
}
