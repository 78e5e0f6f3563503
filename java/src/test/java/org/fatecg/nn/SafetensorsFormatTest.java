package org.fatecg.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safetensors header on Jackson against the files the hand-written header writer made before
 * (old-writer*.safetensors: same tensors, same metadata), and hostile headers against clear errors.
 */
class SafetensorsFormatTest {
    @TempDir
    Path tmp;

    private static Map<String, Safetensors.Entry> tensors() {
        Map<String, Safetensors.Entry> t = new LinkedHashMap<>();
        t.put(
                "conv1.weight",
                Safetensors.Entry.f32(new int[] {2, 1, 3}, new float[] {0.1f, -0.2f, 0.3f, 1e-8f, -0f, 3.4028235e38f}));
        t.put("fc.bias", Safetensors.Entry.f32(new int[] {2}, new float[] {1f, -1f}));
        t.put("bn.num_batches_tracked", Safetensors.Entry.i64(new int[] {}, new long[] {7}));
        return t;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SafetensorsFormatTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void writesTheOldWritersBytes() throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("federation", "Non-FAT");
        meta.put("round", "3");
        meta.put("source", "/runs/quick \"x\" \\ \u00e9");
        Path with = tmp.resolve("with.safetensors"), without = tmp.resolve("without.safetensors");
        Safetensors.write(with, tensors(), meta);
        Safetensors.write(without, tensors(), null);
        assertArrayEquals(resource("old-writer.safetensors"), Files.readAllBytes(with));
        assertArrayEquals(resource("old-writer-nometa.safetensors"), Files.readAllBytes(without));

        Safetensors.Contents back = Safetensors.read(with);
        assertEquals(meta, back.metadata);
        assertArrayEquals(tensors().get("conv1.weight").floats, back.floats("conv1.weight"));
        assertArrayEquals(new long[] {7}, back.longs("bn.num_batches_tracked"));
        assertArrayEquals(new int[0], back.tensors.get("bn.num_batches_tracked").shape);
    }

    /** A file with this header (padded to 8 bytes) and n zero data bytes. */
    private Path withHeader(String header, int n) throws IOException {
        return withHeader(tmp.resolve("hostile.safetensors"), header, n);
    }

    /** Writes {@code f}: this header (padded to 8 bytes) and n zero data bytes; shared with SafetensorsOffsetsTest. */
    static Path withHeader(Path f, String header, int n) throws IOException {
        StringBuilder h = new StringBuilder(header);
        while (h.length() % 8 != 0) h.append(' ');
        byte[] json = h.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + n).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);
        Files.write(f, b.array());
        return f;
    }

    private String error(String header, int n) throws IOException {
        Path f = withHeader(header, n);
        IOException e = assertThrows(IOException.class, () -> Safetensors.read(f), header);
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void hostileHeadersAreClearErrors() throws IOException {
        assertTrue(error("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]", 4)
                .contains("line 1, column "));
        assertTrue(error("{\"w\":{\"dtype\":\"F32\",\"shape\":\"1\",\"data_offsets\":[0,4]}}", 4)
                .contains("tensor 'w'.shape: expected a JSON array"));
        assertTrue(error("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4)
                .contains("tensor 'w'.shape[0] is -1"));
        assertTrue(error("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 4)
                .contains("data_offsets has 1 values, expected 2"));
        assertTrue(error("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4)
                .contains("tensor 'w'.data_offsets [0, 8] is not a range within the 4-byte data region"));
        assertTrue(error("{\"w\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,4]}}", 4)
                .contains("do not match shape"));
        assertTrue(error("{\"w\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}", 2)
                .contains("dtype F16"));
        assertTrue(error("{\"w\":[]}", 0).contains("tensor 'w': expected a JSON object"));
        assertTrue(error("{\"__metadata__\":{\"k\":1}}", 0).contains("__metadata__.k: expected a string"));
        assertTrue(error("{\"w\":1,\"w\":2}", 0).contains("Duplicate field 'w'"));
        Path f = tmp.resolve("long.safetensors");
        Files.write(
                f,
                ByteBuffer.allocate(16)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(Long.MAX_VALUE)
                        .array());
        IOException e = assertThrows(IOException.class, () -> Safetensors.read(f));
        assertTrue(e.getMessage().contains("header length " + Long.MAX_VALUE + " does not fit"), e.getMessage());
    }
}
