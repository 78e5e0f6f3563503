/*
 * Json: every JSON text fatecg writes or reads (metrics.json, run.json, sweep.json, checkpoint
 * state.json, safetensors headers), on Jackson's streaming core. It maps plain Java values to JSON and
 * back; it is not an object mapper: anything it does not know is an error rather than a silent
 * toString().
 */
package org.fatecg.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writing ({@link #write(Object)} pretty, {@link #compact(Object)} on one line):
 * <ul>
 *   <li>{@code Map}: an object, keys by {@code String.valueOf}, in the map's iteration order (use a
 *       LinkedHashMap or {@link OrderedMap} for a stable file).
 *   <li>{@code Iterable}, Java arrays (primitive or not): an array. Pretty, an array of scalars only stays
 *       on one line ({@code [0.5, 0.75, 1.0]}), so a metric over eleven rounds reads as one row.
 *   <li>records: an object of their components, in declaration order.
 *   <li>{@code Double}/{@code Float}: {@code Double.toString}/{@code Float.toString} (shortest round-trip
 *       decimal; the {@code 1.0E-5} form is valid JSON); NaN and +-Infinity, which JSON cannot express:
 *       {@code null}.
 *   <li>other {@code Number}s, {@code Boolean}: as themselves; {@code CharSequence}, {@code Character},
 *       enums, {@code Path}: strings, escaped per RFC 8259 section 7 (short forms where they exist,
 *       a lower-case backslash-u escape otherwise, and U+2028/U+2029, which end lines in JavaScript).
 * </ul>
 * These are the bytes fatecg wrote before it used Jackson, so checkpoints and reports keep their form.
 *
 * <p>Reading ({@link #parse}, {@link #read}): objects as LinkedHashMap, arrays as List, strings, numbers
 * as Long when integral in form else Double ({@code Double.parseDouble} restores exactly the double that
 * {@code Double.toString} wrote), true/false/null. Input is treated as hostile: duplicate keys, trailing
 * content, nesting deeper than {@value #MAX_DEPTH}, strings over 1 MiB, names over 10,000 characters and
 * numbers over 100 digits are errors, each reported with its line and column.
 */
public final class Json {
    /** The deepest nesting written or read; fatecg's own files stay under 12. */
    public static final int MAX_DEPTH = 64;

    /** Jackson's limits for a hostile file (its defaults are sized for web services, not for us). */
    static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxStringLength(1 << 20)
            .maxNameLength(10_000)
            .maxNumberLength(100)
            .maxDocumentLength(1L << 30)
            .build();

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(LIMITS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .build();

    private Json() {}

    /** The pretty JSON text of value (two-space indentation), without a trailing newline. */
    public static String write(Object value) {
        return render(value, new Layout());
    }

    /** The JSON text of value on one line with no spaces (the safetensors header form). */
    public static String compact(Object value) {
        return render(value, null);
    }

    /** Writes value as pretty JSON plus a newline to file, atomically (see {@link AtomicFiles}). */
    public static void write(Path file, Object value) throws IOException {
        AtomicFiles.write(file, (write(value) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON string literal for s, quotes included. */
    public static String quote(String s) {
        return compact(s);
    }

    /** The largest JSON file read: 64 MiB, far above fatecg's own state and run files (kilobytes). */
    public static final long MAX_FILE_BYTES = 64L << 20;

    /**
     * Reads a whole JSON file; every error is an IOException naming the file, line and column. A file over
     * {@link #MAX_FILE_BYTES} is refused with its size before it is read (a whole-file read of more than
     * 2 GiB would otherwise end in OutOfMemoryError).
     */
    public static Object read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES)
            throw new IOException(file + ": size: expected at most " + MAX_FILE_BYTES + " bytes for a JSON file, found "
                    + size + " bytes; not read");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not UTF-8 text, so not JSON", e);
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses one JSON value; a malformed or over-limit text is an IllegalArgumentException "line L, column C: why". */
    public static Object parse(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            try {
                JsonToken first = p.nextToken();
                if (first == null) throw new IllegalArgumentException("line 1, column 1: no JSON value (empty input)");
                Object v = value(p, first);
                if (p.nextToken() != null)
                    throw error(p.currentTokenLocation(), "trailing content after the JSON value");
                return v;
            } catch (JsonProcessingException e) {
                throw error(e.getLocation() != null ? e.getLocation() : p.currentLocation(), e.getOriginalMessage());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading JSON from a string", e); // a String source does not fail
        }
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    m.put(key, value(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) l.add(value(p, e));
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getLongValue(); // beyond the range of long: Jackson's error, with its position
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw error(p.currentTokenLocation(), "unexpected " + t);
        }
    }

    private static IllegalArgumentException error(JsonLocation at, String why) {
        return new IllegalArgumentException("line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + why);
    }

    private static String render(Object value, Layout layout) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setCharacterEscapes(LineSeparatorEscapes.INSTANCE);
            if (layout != null) g.setPrettyPrinter(layout);
            value(g, layout, value, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string", e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void value(JsonGenerator g, Layout layout, Object v, int depth) throws IOException {
        if (depth > MAX_DEPTH) throw new IllegalArgumentException("nesting deeper than " + MAX_DEPTH + ": a cycle?");
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) g.writeNull();
            else if (v instanceof Float f) g.writeNumber(f.floatValue());
            else g.writeNumber(d);
        } else if (v instanceof Byte || v instanceof Short || v instanceof Integer) {
            g.writeNumber(((Number) v).intValue());
        } else if (v instanceof Long l) {
            g.writeNumber(l.longValue());
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof BigDecimal b) {
            g.writeNumber(b);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (isText(v)) {
            g.writeString(v.toString());
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, layout, e.getValue(), depth + 1);
            }
            g.writeEndObject();
        } else if (v instanceof Iterable<?> it) {
            List<Object> items = new ArrayList<>();
            for (Object o : it) items.add(o);
            array(g, layout, items, depth);
        } else if (v.getClass().isArray()) {
            List<Object> items = new ArrayList<>();
            for (int i = 0, n = Array.getLength(v); i < n; i++) items.add(Array.get(v, i)); // reports are small
            array(g, layout, items, depth);
        } else if (v.getClass().isRecord()) {
            value(g, layout, recordToMap(v), depth);
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
        }
    }

    private static void array(JsonGenerator g, Layout layout, List<Object> items, int depth) throws IOException {
        if (layout != null) {
            boolean scalars = true;
            for (Object o : items) scalars &= o == null || o instanceof Number || o instanceof Boolean || isText(o);
            layout.nextArrayOnOneLine(scalars);
        }
        g.writeStartArray();
        for (Object o : items) value(g, layout, o, depth + 1);
        g.writeEndArray();
    }

    private static boolean isText(Object o) {
        return o instanceof CharSequence || o instanceof Character || o instanceof Enum<?> || o instanceof Path;
    }

    private static Map<String, Object> recordToMap(Object rec) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent rc : rec.getClass().getRecordComponents()) {
            try {
                rc.getAccessor().setAccessible(true);
                m.put(rc.getName(), rc.getAccessor().invoke(rec));
            } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read record component " + rc.getName(), e);
            }
        }
        return m;
    }

    /**
     * fatecg's pretty layout as Jackson callbacks: two-space indentation, {@code "key": value}, an empty
     * object or array as {@code {}} or {@code []}, an array of scalars on one line with {@code ", "}, any
     * other array one element per line. Jackson cannot see ahead into an array, so the writer says which
     * kind comes next ({@link #nextArrayOnOneLine}) just before it starts one.
     */
    private static final class Layout implements PrettyPrinter {
        private final boolean[] oneLine = new boolean[MAX_DEPTH + 2];
        private int depth;
        private boolean next;

        void nextArrayOnOneLine(boolean scalarsOnly) {
            next = scalarsOnly;
        }

        @Override
        public void writeRootValueSeparator(JsonGenerator g) {
            // one value per document
        }

        @Override
        public void writeStartObject(JsonGenerator g) throws IOException {
            g.writeRaw('{');
            oneLine[++depth] = false;
        }

        @Override
        public void beforeObjectEntries(JsonGenerator g) throws IOException {
            newline(g);
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(',');
            newline(g);
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) throws IOException {
            depth--;
            if (entries > 0) newline(g);
            g.writeRaw('}');
        }

        @Override
        public void writeStartArray(JsonGenerator g) throws IOException {
            g.writeRaw('[');
            oneLine[++depth] = next;
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            if (!oneLine[depth]) newline(g);
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            if (oneLine[depth]) {
                g.writeRaw(", ");
            } else {
                g.writeRaw(',');
                newline(g);
            }
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            boolean wasOneLine = oneLine[depth--];
            if (values > 0 && !wasOneLine) newline(g);
            g.writeRaw(']');
        }

        private void newline(JsonGenerator g) throws IOException {
            g.writeRaw('\n');
            for (int i = 0; i < depth; i++) g.writeRaw("  ");
        }
    }

    /** Jackson's standard JSON escapes plus U+2028 and U+2029. */
    private static final class LineSeparatorEscapes extends CharacterEscapes {
        static final LineSeparatorEscapes INSTANCE = new LineSeparatorEscapes();
        private static final SerializableString LS = new SerializedString("\\u2028"),
                PS = new SerializedString("\\u2029");
        private final int[] ascii = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == '\u2028' ? LS : ch == '\u2029' ? PS : null;
        }
    }
}
