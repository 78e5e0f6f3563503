package org.fatecg.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.fatecg.io.Json;
import org.fatecg.io.OrderedMap;
import org.junit.jupiter.api.Test;

class JsonReaderTest {
    @Test
    void readsBackWhatTheReportWriterWritesExactly() {
        double[] tricky = {0.1, 1.0 / 3, 1e-300, Double.MIN_VALUE, -2.5e17, 0.0, 97.60000000000001};
        Map<String, Object> m = OrderedMap.of("name", "Non-FAT \"q\" \\ \n", "n", 123456789012L, "xs", tricky, "ok", true, "none", null,
                "nested", List.of(OrderedMap.of("a", 1)));
        Object back = JsonReader.parse(Json.write(m));
        @SuppressWarnings("unchecked") Map<String, Object> b = (Map<String, Object>) back;
        assertEquals(List.of("name", "n", "xs", "ok", "none", "nested"), List.copyOf(b.keySet()), "key order is kept");
        assertEquals("Non-FAT \"q\" \\ \n", b.get("name"));
        assertEquals(123456789012L, b.get("n"));
        List<?> xs = (List<?>) b.get("xs");
        for (int i = 0; i < tricky.length; i++)
            assertEquals(Double.doubleToRawLongBits(tricky[i]), Double.doubleToRawLongBits(((Number) xs.get(i)).doubleValue()), "value " + tricky[i]);
        assertEquals(true, b.get("ok"));
        assertTrue(b.containsKey("none") && b.get("none") == null);
        assertEquals(Map.of("a", 1L), ((List<?>) b.get("nested")).get(0));
    }

    @Test
    void errorsSayWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("{\"a\": [1, 2,, 3]}"));
        assertTrue(e.getMessage().contains("at character 12"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("{\"a\": 1} x"));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("{\"a\": tru}"));
        assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("{\"a\": \"open"));
    }
}
