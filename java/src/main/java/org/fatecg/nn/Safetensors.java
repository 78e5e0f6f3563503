package org.fatecg.nn;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.report.AtomicFiles;

/**
 * The safetensors file format (Hugging Face): an 8-byte little-endian header length, a JSON header
 * {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}, then
 * the raw little-endian bytes. fatecg reads F32 and I64 and writes F32 and I64, which is what a PyTorch
 * state_dict of the paper's networks and the golden file hold.
 */
public final class Safetensors {
    private Safetensors() {}

    /** One named array: float data for F32, long data for I64. */
    public static final class Entry {
        public final String dtype;
        public final int[] shape;
        public final float[] floats;
        public final long[] longs;

        private Entry(String dtype, int[] shape, float[] floats, long[] longs) {
            this.dtype = dtype;
            this.shape = shape;
            this.floats = floats;
            this.longs = longs;
        }

        public static Entry f32(int[] shape, float[] data) {
            return new Entry("F32", shape.clone(), data, null);
        }

        public static Entry i64(int[] shape, long[] data) {
            return new Entry("I64", shape.clone(), null, data);
        }
    }

    /** A file's tensors (in header order) and its string metadata. */
    public static final class Contents {
        public final Map<String, Entry> tensors;
        public final Map<String, String> metadata;

        Contents(Map<String, Entry> tensors, Map<String, String> metadata) {
            this.tensors = tensors;
            this.metadata = metadata;
        }

        public float[] floats(String name) {
            Entry e = tensors.get(name);
            if (e == null) throw new IllegalArgumentException("no tensor '" + name + "' in file (have " + tensors.keySet() + ")");
            if (e.floats == null) throw new IllegalArgumentException("tensor '" + name + "' is " + e.dtype + ", not F32");
            return e.floats;
        }

        public long[] longs(String name) {
            Entry e = tensors.get(name);
            if (e == null || e.longs == null) throw new IllegalArgumentException("no I64 tensor '" + name + "' in file");
            return e.longs;
        }

        /** The F32 tensors whose names start with prefix, with the prefix removed. */
        public Map<String, float[]> floatsWithPrefix(String prefix) {
            Map<String, float[]> m = new LinkedHashMap<>();
            for (Map.Entry<String, Entry> e : tensors.entrySet())
                if (e.getKey().startsWith(prefix) && e.getValue().floats != null)
                    m.put(e.getKey().substring(prefix.length()), e.getValue().floats);
            return m;
        }
    }

    public static Contents read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < 8) throw new IOException(file + ": shorter than the 8-byte header length");
        ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = bb.getLong(0);
        if (headerLen < 2 || 8 + headerLen > all.length)
            throw new IOException(file + ": header length " + headerLen + " does not fit a file of " + all.length + " bytes");
        String json = new String(all, 8, (int) headerLen, StandardCharsets.UTF_8);
        Map<String, Object> header;
        try {
            header = new MiniJson(json).object();
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": bad JSON header: " + e.getMessage(), e);
        }
        int dataStart = 8 + (int) headerLen;
        Map<String, Entry> tensors = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) e.getValue();
                for (Map.Entry<String, Object> me : m.entrySet()) meta.put(me.getKey(), String.valueOf(me.getValue()));
                continue;
            }
            @SuppressWarnings("unchecked") Map<String, Object> info = (Map<String, Object>) e.getValue();
            String dtype = (String) info.get("dtype");
            int[] shape = ints(info.get("shape"));
            int[] offs = ints(info.get("data_offsets"));
            int count = 1;
            for (int d : shape) count *= d;
            int width = dtype.equals("F32") ? 4 : dtype.equals("I64") ? 8 : -1;
            if (width < 0) throw new IOException(file + ": tensor '" + e.getKey() + "' has dtype " + dtype + "; fatecg reads F32 and I64");
            if (offs[1] - offs[0] != count * width || dataStart + offs[1] > all.length)
                throw new IOException(file + ": tensor '" + e.getKey() + "' data_offsets " + Arrays.toString(offs)
                        + " do not match shape " + Arrays.toString(shape) + " x " + width + " bytes within the file");
            ByteBuffer data = ByteBuffer.wrap(all, dataStart + offs[0], offs[1] - offs[0]).slice().order(ByteOrder.LITTLE_ENDIAN);
            if (width == 4) {
                float[] f = new float[count];
                data.asFloatBuffer().get(f);
                tensors.put(e.getKey(), Entry.f32(shape, f));
            } else {
                long[] l = new long[count];
                data.asLongBuffer().get(l);
                tensors.put(e.getKey(), Entry.i64(shape, l));
            }
        }
        return new Contents(tensors, meta);
    }

    /** Writes atomically: a temporary file in the same folder, then a rename. */
    public static void write(Path file, Map<String, Entry> tensors, Map<String, String> metadata) throws IOException {
        StringBuilder h = new StringBuilder("{");
        if (metadata != null && !metadata.isEmpty()) {
            h.append("\"__metadata__\":{");
            boolean first = true;
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                if (!first) h.append(',');
                first = false;
                h.append(quote(m.getKey())).append(':').append(quote(m.getValue()));
            }
            h.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, Entry> e : tensors.entrySet()) {
            Entry t = e.getValue();
            long bytes = (t.floats != null ? 4L * t.floats.length : 8L * t.longs.length);
            if (h.length() > 1) h.append(',');
            h.append(quote(e.getKey())).append(":{\"dtype\":\"").append(t.dtype).append("\",\"shape\":[");
            for (int i = 0; i < t.shape.length; i++) h.append(i > 0 ? "," : "").append(t.shape[i]);
            h.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        h.append('}');
        while ((h.length() + 8) % 8 != 0) h.append(' '); // the format pads the header with spaces to 8 bytes
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate((int) (8 + header.length + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length).put(header);
        for (Entry t : tensors.values()) {
            if (t.floats != null) for (float f : t.floats) out.putFloat(f);
            else for (long l : t.longs) out.putLong(l);
        }
        AtomicFiles.write(file, out.array());
    }

    private static int[] ints(Object o) {
        @SuppressWarnings("unchecked") List<Object> l = (List<Object>) o;
        int[] r = new int[l.size()];
        for (int i = 0; i < r.length; i++) r[i] = ((Number) l.get(i)).intValue();
        return r;
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }

    /** Just enough JSON for safetensors headers: objects, arrays, strings, numbers, true/false/null. */
    private static final class MiniJson {
        private final String s;
        private int i;

        MiniJson(String s) {
            this.s = s;
        }

        Map<String, Object> object() {
            skip();
            expect('{');
            Map<String, Object> m = new LinkedHashMap<>();
            skip();
            if (peek() == '}') {
                i++;
                return m;
            }
            while (true) {
                skip();
                String key = string();
                skip();
                expect(':');
                m.put(key, value());
                skip();
                char c = s.charAt(i++);
                if (c == '}') return m;
                if (c != ',') throw new IllegalArgumentException("expected , or } at " + (i - 1));
            }
        }

        private Object value() {
            skip();
            char c = peek();
            if (c == '{') return object();
            if (c == '"') return string();
            if (c == '[') {
                i++;
                List<Object> l = new ArrayList<>();
                skip();
                if (peek() == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    skip();
                    char d = s.charAt(i++);
                    if (d == ']') return l;
                    if (d != ',') throw new IllegalArgumentException("expected , or ] at " + (i - 1));
                }
            }
            int start = i;
            while (i < s.length() && "{}[],: \t\r\n".indexOf(s.charAt(i)) < 0) i++;
            String tok = s.substring(start, i);
            if (tok.equals("true")) return Boolean.TRUE;
            if (tok.equals("false")) return Boolean.FALSE;
            if (tok.equals("null")) return null;
            try {
                return tok.contains(".") || tok.contains("e") || tok.contains("E") ? (Object) Double.parseDouble(tok) : (Object) Long.parseLong(tok);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad token '" + tok + "' at " + start);
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') return b.toString();
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n': b.append('\n'); break;
                        case 't': b.append('\t'); break;
                        case 'r': b.append('\r'); break;
                        case 'b': b.append('\b'); break;
                        case 'f': b.append('\f'); break;
                        case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                        default: b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private char peek() {
            if (i >= s.length()) throw new IllegalArgumentException("unexpected end");
            return s.charAt(i);
        }

        private void expect(char c) {
            if (i >= s.length() || s.charAt(i) != c) throw new IllegalArgumentException("expected '" + c + "' at " + i);
            i++;
        }
    }
}
