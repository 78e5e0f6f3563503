package org.fatecg.flower;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's NPY format, the bytes of a Flower {@code Array} ({@code numpy.save(allow_pickle=False)}):
 * the magic {@code \x93NUMPY}, a version (1.0 written; 2.0 and 3.0 read), the header length (uint16 LE
 * in 1.0, uint32 LE in 2.0/3.0), then a Python dict literal
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }} padded with spaces and ended by
 * {@code \n} so that the data starts at a multiple of 64, then the values in C order.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy's dtype names beside their NPY descr and item size. */
    private static final Map<String, String> DESCR = Map.of(
            "float32", "<f4", "float64", "<f8", "int64", "<i8", "int32", "<i4", "uint8", "|u1", "bool", "|b1",
            "float16", "<f2");

    private static final Map<String, Integer> ITEM =
            Map.of("float32", 4, "float64", 8, "int64", 8, "int32", 4, "uint8", 1, "bool", 1, "float16", 2);
    private static final Pattern DESCR_KEY = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN_KEY = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE_KEY = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** A decoded array: NumPy dtype name, shape, and the values' raw little-endian bytes in C order. */
    public record Array(String dtype, int[] shape, byte[] data) {
        public long elements() {
            long n = 1;
            for (int d : shape) n *= d;
            return n;
        }

        /** The values of a float32 array. */
        public float[] floats() {
            if (!dtype.equals("float32")) throw new IllegalStateException("not float32: " + dtype);
            float[] out = new float[data.length / 4];
            ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            return out;
        }

        public static Array ofFloats(int[] shape, float[] values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(values);
            return new Array("float32", shape.clone(), b.array());
        }
    }

    /** The NPY 1.0 bytes of an array. */
    public static byte[] write(Array a) {
        String descr = DESCR.get(a.dtype());
        if (descr == null) throw new IllegalArgumentException("no NPY descr for dtype " + a.dtype());
        StringBuilder shape = new StringBuilder("(");
        for (int i = 0; i < a.shape().length; i++)
            shape.append(i == 0 ? "" : ", ").append(a.shape()[i]);
        if (a.shape().length == 1) shape.append(',');
        shape.append(')');
        StringBuilder h =
                new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }");
        int total = 10 + h.length() + 1;
        int pad = (64 - total % 64) % 64;
        h.append(" ".repeat(pad)).append('\n');
        byte[] header = h.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out =
                ByteBuffer.allocate(10 + header.length + a.data().length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC)
                .put((byte) 1)
                .put((byte) 0)
                .putShort((short) header.length)
                .put(header)
                .put(a.data());
        return out.array();
    }

    /**
     * Parses NPY bytes, checking the header against {@code dtype} and {@code shape} when they are given
     * (the Array object's JSON names them too) and the data length against the header.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Array read(byte[] npy, String dtype, int[] shape) {
        if (npy.length < 10 || !Arrays.equals(Arrays.copyOf(npy, 6), MAGIC))
            throw new IllegalArgumentException("not NPY data (no \\x93NUMPY magic)");
        int major = npy[6] & 0xff;
        ByteBuffer b = ByteBuffer.wrap(npy).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int start;
        if (major == 1) {
            headerLen = b.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (npy.length < 12) throw new IllegalArgumentException("NPY " + major + ".0 header cut short");
            headerLen = b.getInt(8) & 0xffffffffL;
            start = 12;
        } else {
            throw new IllegalArgumentException("NPY version " + major + " is not one of 1, 2, 3");
        }
        if (start + headerLen > npy.length)
            throw new IllegalArgumentException(
                    "NPY header of " + headerLen + " bytes runs past the data's " + npy.length);
        String header = new String(
                npy, start, (int) headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = group(DESCR_KEY, header, "descr");
        String fortran = group(FORTRAN_KEY, header, "fortran_order");
        int[] hShape = parseShape(group(SHAPE_KEY, header, "shape"));
        if (fortran.equals("True"))
            throw new IllegalArgumentException("NPY array in Fortran order; only C order is accepted");
        String name = null;
        for (Map.Entry<String, String> e : DESCR.entrySet())
            if (e.getValue().equals(descr) || e.getValue().equals(descr.replace('=', '<'))) name = e.getKey();
        if (name == null)
            throw new IllegalArgumentException("NPY descr '" + descr + "' is not a supported dtype " + DESCR.values());
        if (dtype != null && !dtype.equals(name))
            throw new IllegalArgumentException("NPY header says " + name + " (" + descr + "), the Array says " + dtype);
        if (shape != null && !Arrays.equals(shape, hShape))
            throw new IllegalArgumentException("NPY header shape " + Arrays.toString(hShape)
                    + " differs from the Array's " + Arrays.toString(shape));
        long n = 1;
        for (int d : hShape) {
            n *= d;
            if (n > Integer.MAX_VALUE)
                throw new IllegalArgumentException("NPY shape " + Arrays.toString(hShape) + " is too large");
        }
        long bytes = n * ITEM.get(name), dataStart = start + headerLen;
        if (npy.length - dataStart != bytes)
            throw new IllegalArgumentException("NPY data holds " + (npy.length - dataStart) + " bytes, shape "
                    + Arrays.toString(hShape) + " of " + name + " needs " + bytes);
        return new Array(name, hShape, Arrays.copyOfRange(npy, (int) dataStart, npy.length));
    }

    private static String group(Pattern p, String header, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) throw new IllegalArgumentException("NPY header has no '" + key + "': " + header.trim());
        return m.group(1);
    }

    private static int[] parseShape(String s) {
        List<Integer> dims = new ArrayList<>();
        for (String part : s.split(",")) {
            if (part.isBlank()) continue;
            try {
                int d = Integer.parseInt(part.trim());
                if (d < 0) throw new NumberFormatException();
                dims.add(d);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "NPY shape (" + s + ") has a dimension that is not a non-negative int: '" + part.trim() + "'");
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }
}
