package org.fatecg.nn;

import static org.fatecg.io.JsonValues.asLong;
import static org.fatecg.io.JsonValues.list;
import static org.fatecg.io.JsonValues.obj;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.io.AtomicFiles;
import org.fatecg.io.Json;

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
        if (headerLen < 2 || headerLen > all.length - 8)
            throw new IOException(file + ": header length " + headerLen + " does not fit a file of " + all.length + " bytes");
        String json = new String(all, 8, (int) headerLen, StandardCharsets.UTF_8);
        int dataStart = 8 + (int) headerLen;
        Map<String, Entry> tensors = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        try {
            Map<String, Object> header = obj(Json.parse(json), "header");
            for (Map.Entry<String, Object> e : header.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    for (Map.Entry<String, Object> me : obj(e.getValue(), "__metadata__").entrySet())
                        meta.put(me.getKey(), string(me.getValue(), "__metadata__." + me.getKey()));
                    continue;
                }
                String where = "tensor '" + e.getKey() + "'";
                Map<String, Object> info = obj(e.getValue(), where);
                String dtype = string(info.get("dtype"), where + ".dtype");
                int[] shape = ints(info.get("shape"), where + ".shape", -1);
                int[] offs = ints(info.get("data_offsets"), where + ".data_offsets", 2);
                long count = 1;
                for (int d : shape) count = Math.min(count * d, Integer.MAX_VALUE + 1L);
                int width = dtype.equals("F32") ? 4 : dtype.equals("I64") ? 8 : -1;
                if (width < 0) throw new IllegalArgumentException(where + " has dtype " + dtype + "; fatecg reads F32 and I64");
                if (count > Integer.MAX_VALUE || offs[1] - (long) offs[0] != count * width || dataStart + (long) offs[1] > all.length)
                    throw new IllegalArgumentException(where + " data_offsets " + Arrays.toString(offs)
                            + " do not match shape " + Arrays.toString(shape) + " x " + width + " bytes within the file");
                ByteBuffer data = ByteBuffer.wrap(all, dataStart + offs[0], offs[1] - offs[0]).slice().order(ByteOrder.LITTLE_ENDIAN);
                if (width == 4) {
                    float[] f = new float[(int) count];
                    data.asFloatBuffer().get(f);
                    tensors.put(e.getKey(), Entry.f32(shape, f));
                } else {
                    long[] l = new long[(int) count];
                    data.asLongBuffer().get(l);
                    tensors.put(e.getKey(), Entry.i64(shape, l));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": bad header: " + e.getMessage(), e);
        }
        return new Contents(tensors, meta);
    }

    /** Writes atomically: a temporary file in the same folder, then a rename. */
    public static void write(Path file, Map<String, Entry> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) json.put("__metadata__", metadata);
        long offset = 0;
        for (Map.Entry<String, Entry> e : tensors.entrySet()) {
            Entry t = e.getValue();
            long bytes = (t.floats != null ? 4L * t.floats.length : 8L * t.longs.length);
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", t.dtype);
            info.put("shape", t.shape);
            info.put("data_offsets", new long[] {offset, offset + bytes});
            json.put(e.getKey(), info);
            offset += bytes;
        }
        StringBuilder h = new StringBuilder(Json.compact(json));
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

    /** A JSON array of non-negative ints, of the given length (or any length for -1). */
    private static int[] ints(Object o, String where, int length) {
        List<Object> l = list(o, where);
        if (length >= 0 && l.size() != length) throw new IllegalArgumentException(where + " has " + l.size() + " values, expected " + length);
        int[] r = new int[l.size()];
        for (int i = 0; i < r.length; i++) {
            long v = asLong(l.get(i), where + "[" + i + "]");
            if (v < 0 || v > Integer.MAX_VALUE) throw new IllegalArgumentException(where + "[" + i + "] is " + v + ", outside 0 .. " + Integer.MAX_VALUE);
            r[i] = (int) v;
        }
        return r;
    }

    private static String string(Object o, String where) {
        if (!(o instanceof String str)) throw new IllegalArgumentException(where + ": expected a string, found " + (o == null ? "nothing" : o));
        return str;
    }
}
