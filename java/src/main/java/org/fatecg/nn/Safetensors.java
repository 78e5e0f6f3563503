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
            if (e == null)
                throw new IllegalArgumentException("no tensor '" + name + "' in file (have " + tensors.keySet() + ")");
            if (e.floats == null)
                throw new IllegalArgumentException("tensor '" + name + "' is " + e.dtype + ", not F32");
            return e.floats;
        }

        public long[] longs(String name) {
            Entry e = tensors.get(name);
            if (e == null || e.longs == null)
                throw new IllegalArgumentException("no I64 tensor '" + name + "' in file");
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

    /**
     * The largest file read: 1 GiB, some 650 times the paper CNN's 1.6 MB. A bigger file is refused with
     * its size before a byte is read (a whole-file read of more than 2 GiB cannot even be held in one array).
     */
    public static final long MAX_FILE_BYTES = 1L << 30;

    public static Contents read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES)
            throw new IOException(file + ": " + size + " bytes, over the " + MAX_FILE_BYTES
                    + "-byte limit of a safetensors file fatecg reads");
        byte[] all = Files.readAllBytes(file);
        if (all.length < 8) throw new IOException(file + ": shorter than the 8-byte header length");
        ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = bb.getLong(0);
        if (headerLen < 2 || headerLen > all.length - 8)
            throw new IOException(
                    file + ": header length " + headerLen + " does not fit a file of " + all.length + " bytes");
        String json = new String(all, 8, (int) headerLen, StandardCharsets.UTF_8);
        int dataStart = 8 + (int) headerLen;
        long dataLength = all.length - (long) dataStart;
        Map<String, Entry> tensors = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        Map<String, long[]> spans = new LinkedHashMap<>();
        try {
            Map<String, Object> header = obj(Json.parse(json), "header");
            for (Map.Entry<String, Object> e : header.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    for (Map.Entry<String, Object> me :
                            obj(e.getValue(), "__metadata__").entrySet())
                        meta.put(me.getKey(), string(me.getValue(), "__metadata__." + me.getKey()));
                    continue;
                }
                String where = "tensor '" + e.getKey() + "'";
                Map<String, Object> info = obj(e.getValue(), where);
                String dtype = string(info.get("dtype"), where + ".dtype");
                int[] shape = ints(info.get("shape"), where + ".shape", -1);
                long[] offs = offsets(info.get("data_offsets"), where + ".data_offsets", dataLength);
                long count = 1;
                for (int d : shape) count = Math.min(count * d, Integer.MAX_VALUE + 1L);
                int width = dtype.equals("F32") ? 4 : dtype.equals("I64") ? 8 : -1;
                if (width < 0)
                    throw new IllegalArgumentException(where + " has dtype " + dtype + "; fatecg reads F32 and I64");
                if (count > Integer.MAX_VALUE || offs[1] - offs[0] != count * width)
                    throw new IllegalArgumentException(where + " data_offsets " + Arrays.toString(offs)
                            + " do not match shape " + Arrays.toString(shape) + " x " + width + " bytes");
                spans.put(e.getKey(), offs);
                ByteBuffer data = ByteBuffer.wrap(all, dataStart + (int) offs[0], (int) (offs[1] - offs[0]))
                        .slice()
                        .order(ByteOrder.LITTLE_ENDIAN);
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
            checkTiling(spans, dataLength);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": bad header: " + e.getMessage(), e);
        }
        return new Contents(tensors, meta);
    }

    /** [begin, end] as 64-bit values with 0 <= begin <= end <= the data region's length. */
    private static long[] offsets(Object o, String where, long dataLength) {
        List<Object> l = list(o, where);
        if (l.size() != 2) throw new IllegalArgumentException(where + " has " + l.size() + " values, expected 2");
        long begin = asLong(l.get(0), where + "[0]"), end = asLong(l.get(1), where + "[1]");
        if (begin < 0 || end < begin || end > dataLength)
            throw new IllegalArgumentException(where + " [" + begin + ", " + end + "] is not a range within the "
                    + dataLength + "-byte data region");
        return new long[] {begin, end};
    }

    /**
     * The tensors must tile the data region exactly, as the format requires: sorted by start, each begins
     * where the one before ends, the first at 0 and the last at the region's end; no overlap (two names
     * reading the same bytes), no gap and no trailing bytes that no tensor owns.
     */
    private static void checkTiling(Map<String, long[]> spans, long dataLength) {
        List<Map.Entry<String, long[]>> sorted = new ArrayList<>(spans.entrySet());
        sorted.sort((a, b) -> a.getValue()[0] != b.getValue()[0]
                ? Long.compare(a.getValue()[0], b.getValue()[0])
                : Long.compare(a.getValue()[1], b.getValue()[1]));
        long at = 0;
        String previous = "the data region begins";
        for (Map.Entry<String, long[]> e : sorted) {
            long begin = e.getValue()[0];
            if (begin != at)
                throw new IllegalArgumentException(
                        "tensor '" + e.getKey() + "' starts at byte " + begin + ", not at byte " + at + " where "
                                + previous + (begin < at ? " (overlapping data)" : " (a gap)")
                                + "; the tensors must tile the data region exactly");
            at = e.getValue()[1];
            previous = "tensor '" + e.getKey() + "' ends";
        }
        if (at != dataLength)
            throw new IllegalArgumentException("the tensors end at byte " + at + " of the " + dataLength
                    + "-byte data region; the tensors must tile it exactly");
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
        if (length >= 0 && l.size() != length)
            throw new IllegalArgumentException(where + " has " + l.size() + " values, expected " + length);
        int[] r = new int[l.size()];
        for (int i = 0; i < r.length; i++) {
            long v = asLong(l.get(i), where + "[" + i + "]");
            if (v < 0 || v > Integer.MAX_VALUE)
                throw new IllegalArgumentException(
                        where + "[" + i + "] is " + v + ", outside 0 .. " + Integer.MAX_VALUE);
            r[i] = (int) v;
        }
        return r;
    }

    private static String string(Object o, String where) {
        if (!(o instanceof String str))
            throw new IllegalArgumentException(where + ": expected a string, found " + (o == null ? "nothing" : o));
        return str;
    }
}
