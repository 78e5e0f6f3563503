package org.fatecg.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Json on Jackson against the format fatecg wrote before: old-writer.json is what the hand-written
 * writer (replaced by Jackson) made of {@link #document()}, kept as a file, so a checkpoint or report
 * written now has the same bytes as one written then. Reading: exact round trips and hostile input.
 */
class JsonFormatTest {
    @TempDir
    Path tmp;

    record Rates(double precision, float recall, long batches) {}

    enum Kind {
        FAT
    }

    /** A checkpoint-like document touching every case of the writer's layout and number formatting. */
    static Map<String, Object> document() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "fatecg-checkpoint");
        m.put("version", 1);
        m.put("seed", 1234567890123L);
        m.put("doubles", new double[] {
            0.1,
            1.0 / 3,
            1e-300,
            Double.MIN_VALUE,
            -2.5e17,
            0.0,
            -0.0,
            97.60000000000001,
            1e-5,
            1e21,
            1e7,
            1234567.0,
            0.001,
            Double.MAX_VALUE,
            Double.NaN,
            Double.POSITIVE_INFINITY
        });
        m.put("floats", new float[] {0.1f, 1e-8f, 3.4028235e38f, 1.17549435e-38f, 16777216f, 0.3f, Float.NaN});
        m.put("boxed", List.of(1, 2L, (short) 3, (byte) 4, 0.5f, 0.25, true, false, "s"));
        m.put(
                "big",
                List.of(new java.math.BigInteger("123456789012345678901234567890"), new java.math.BigDecimal("1.50")));
        m.put("confusion", new int[][] {{5, 0, 1}, {0, 7, 0}, {2, 0, 9}});
        m.put(
                "text",
                "quote \" backslash \\ slash / tab \t newline \n cr \r bs \b ff \f ctl " + (char) 1 + (char) 0x1f
                        + " ascii~ e\u0301 \u00e9 \u20ac \u2028 \u2029 \ud83d\udc93");
        m.put("empty_map", new LinkedHashMap<>());
        m.put("empty_list", List.of());
        m.put("empty_array", new double[0]);
        m.put("kind", Kind.FAT);
        m.put("path", java.nio.file.Paths.get("runs", "quick"));
        m.put("char", 'x');
        m.put("rates", new Rates(0.25, 0.1f, 32));
        m.put(null, "null key");
        List<Object> history = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("round", r);
            Map<String, Object> client = new LinkedHashMap<>();
            client.put("client", 3);
            client.put("mean_loss", r == 0 ? Double.NaN : 0.4620116353034973);
            client.put("nanos", 4523897234L);
            h.put("clients", List.of(client));
            Map<String, Object> results = new LinkedHashMap<>();
            Map<String, Object> pgd = new LinkedHashMap<>();
            pgd.put("confusion", new long[][] {{100, 3}, {4, 50}});
            pgd.put("published", List.of(0.9576271186440678, 0.8333333333333334, 0.8857142857142857, 5L));
            pgd.put("perturbation", List.of(0.21434, 0.03137255, "inf", 0));
            results.put("PGD", pgd);
            results.put("Clean", new LinkedHashMap<>());
            h.put("results", results);
            history.add(h);
        }
        m.put("history", history);
        m.put("mixed", List.of(1, List.of(2, 3), Map.of("k", "v")));
        return m;
    }

    @Test
    void writesTheOldWritersBytes() throws IOException {
        byte[] old;
        try (InputStream in = JsonFormatTest.class.getResourceAsStream("old-writer.json")) {
            old = in.readAllBytes();
        }
        assertEquals(new String(old, StandardCharsets.UTF_8), Json.write(document()) + "\n");
    }

    @Test
    void compactIsOneLineWithoutSpaces() {
        Map<String, Object> m = OrderedMap.of("a", List.of(1, 2), "b", OrderedMap.of("c", "d e"), "f", new double[0]);
        assertEquals("{\"a\":[1,2],\"b\":{\"c\":\"d e\"},\"f\":[]}", Json.compact(m));
    }

    @Test
    void readsBackExactly() {
        Map<String, Object> doc = document();
        doc.remove("big"); // integers beyond long are refused on reading (see errorsSayWhere)
        Map<String, Object> b = JsonValues.obj(Json.parse(Json.write(doc)), "doc");
        assertEquals(
                new ArrayList<>(doc.keySet()).toString(), new ArrayList<>(b.keySet()).toString(), "key order is kept");
        double[] doubles = (double[]) document().get("doubles");
        List<Object> read = JsonValues.list(b.get("doubles"), "doubles");
        for (int i = 0; i < doubles.length; i++) {
            if (Double.isFinite(doubles[i]))
                assertEquals(
                        Double.doubleToRawLongBits(doubles[i]),
                        Double.doubleToRawLongBits((Double) read.get(i)),
                        "value " + doubles[i]);
            else assertEquals(null, read.get(i), "non-finite values are written as null");
        }
        assertEquals(1234567890123L, b.get("seed"));
        assertEquals(document().get("text"), b.get("text"));
        assertEquals(List.of(List.of(5L, 0L, 1L), List.of(0L, 7L, 0L), List.of(2L, 0L, 9L)), b.get("confusion"));
        assertEquals(Map.of(), b.get("empty_map"));
        assertEquals(-0.0, (Double) ((List<?>) b.get("doubles")).get(6));
    }

    /** The message of parse's error for text, which must name the line and column given. */
    private static String errorAt(String text, int line, int column) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(text), text);
        assertTrue(e.getMessage().startsWith("line " + line + ", column " + column + ": "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void errorsSayWhere() {
        errorAt("{\"a\": [1, 2,, 3]}", 1, 13);
        errorAt("{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3);
        errorAt("{\"a\": 1} x", 1, 10);
        assertTrue(errorAt("{\"a\": 1} {}", 1, 10).contains("trailing content"));
        errorAt("{\"a\": tru}", 1, 7);
        assertTrue(errorAt("{\"a\": \"open", 1, 12).contains("end-of-input"));
        assertTrue(errorAt("{\"a\": 1, \"a\": 2}", 1, 13).contains("Duplicate field 'a'"));
        assertTrue(errorAt("[99999999999999999999]", 1, 22).contains("out of range"));
        errorAt("", 1, 1);
        errorAt("[NaN]", 1, 5);
    }

    @Test
    void hostileInputHitsTheLimits() {
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        assertTrue(Json.parse("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH)) instanceof List);
        IllegalArgumentException tooDeep = assertThrows(IllegalArgumentException.class, () -> Json.parse(deep));
        assertTrue(
                tooDeep.getMessage().startsWith("line 1, column ")
                        && tooDeep.getMessage().contains("nesting depth (65)"),
                tooDeep.getMessage());
        IllegalArgumentException big = assertThrows(
                IllegalArgumentException.class, () -> Json.parse("[\"" + "x".repeat((1 << 20) + 1) + "\"]"));
        assertTrue(big.getMessage().contains("String value length"), big.getMessage());
        IllegalArgumentException digits =
                assertThrows(IllegalArgumentException.class, () -> Json.parse("[1." + "1".repeat(200) + "]"));
        assertTrue(digits.getMessage().contains("Number value length"), digits.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Json.write(nested(Json.MAX_DEPTH + 1)),
                "the writer refuses a cycle-like depth");
    }

    private static Object nested(int depth) {
        Object o = List.of();
        for (int i = 0; i < depth; i++) o = List.of(o);
        return o;
    }

    @Test
    void readNamesTheFile() throws IOException {
        Path f = tmp.resolve("state.json");
        Files.writeString(f, "{\n  \"round\": 3,\n  \"seed\": }\n");
        IOException e = assertThrows(IOException.class, () -> Json.read(f));
        assertTrue(e.getMessage().startsWith(f + ": line 3, column 11: "), e.getMessage());
        Files.write(f, new byte[] {'[', '"', (byte) 0xff, '"', ']'});
        e = assertThrows(IOException.class, () -> Json.read(f));
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
    }
}
