package org.fatecg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {

    record Rates(double precision, float recall, long batches) {}

    enum Kind {
        FAT
    }

    @TempDir
    Path tmp;

    @Test
    void prettyPrintsNestedValues() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("empty", Map.of());
        nested.put("list", List.of());
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("b", null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "run \"1\"\n");
        m.put("acc", new double[] {0.5, Double.NaN, 1.0, Double.NEGATIVE_INFINITY});
        m.put("n", 3);
        m.put("ok", true);
        m.put("nested", nested);
        m.put("rows", List.of(Map.of("a", 1), b));
        m.put("rec", new Rates(0.25, 0.1f, 2));
        m.put("ints", new int[] {1, -2});
        m.put("kind", Kind.FAT);
        m.put(null, 1e-5);
        String expected = String.join(
                "\n",
                "{",
                "  \"name\": \"run \\\"1\\\"\\n\",",
                "  \"acc\": [0.5, null, 1.0, null],",
                "  \"n\": 3,",
                "  \"ok\": true,",
                "  \"nested\": {",
                "    \"empty\": {},",
                "    \"list\": []",
                "  },",
                "  \"rows\": [",
                "    {",
                "      \"a\": 1",
                "    },",
                "    {",
                "      \"b\": null",
                "    }",
                "  ],",
                "  \"rec\": {",
                "    \"precision\": 0.25,",
                "    \"recall\": 0.1,",
                "    \"batches\": 2",
                "  },",
                "  \"ints\": [1, -2],",
                "  \"kind\": \"FAT\",",
                "  \"null\": 1.0E-5",
                "}");
        assertEquals(expected, Json.write(m));
    }

    @Test
    void escapesPerRfc8259() {
        String s = "a\\b\"c\t\r\b\f" + (char) 1 + (char) 0x1f + "/é\u2028€";
        assertEquals("\"a\\\\b\\\"c\\t\\r\\b\\f\\u0001\\u001f/é\\u2028€\"", Json.quote(s));
    }

    @Test
    void scalarsAtTopLevel() {
        assertEquals("null", Json.write(null));
        assertEquals("null", Json.write(Float.NaN));
        assertEquals("9223372036854775807", Json.write(Long.MAX_VALUE));
        assertEquals("0.30000000000000004", Json.write(0.1 + 0.2));
        assertEquals("\"x\"", Json.write('x'));
    }

    @Test
    void rejectsUnknownObjects() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        assertThrows(
                IllegalArgumentException.class,
                () -> Json.write(List.of(new StringBuilder[0], Thread.currentThread())));
    }

    @Test
    void writesFileAtomicallyWithNewline() throws Exception {
        Path f = tmp.resolve("a/b/metrics.json");
        Json.write(f, Map.of("k", 1));
        Json.write(f, Map.of("k", 2)); // replaces
        assertEquals("{\n  \"k\": 2\n}\n", Files.readString(f, StandardCharsets.UTF_8));
        try (var files = Files.list(f.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }
}
