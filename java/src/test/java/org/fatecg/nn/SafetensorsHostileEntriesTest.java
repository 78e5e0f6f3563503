package org.fatecg.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed safetensors entries, each a sentence naming the file, the tensor, the field and the value
 * (before, some surfaced as ClassCastException or NullPointerException texts, a negative shape as
 * "fatecg: null", a deep header as StackOverflowError). Checked word for word.
 */
class SafetensorsHostileEntriesTest {
    @TempDir
    Path tmp;

    private String error(String header, int n) throws IOException {
        Path f = SafetensorsFormatTest.withHeader(tmp.resolve("m.safetensors"), header, n);
        String msg = assertThrows(IOException.class, () -> Safetensors.read(f), header)
                .getMessage();
        String prefix = f + ": bad header: ";
        assertEquals(prefix, msg.substring(0, Math.min(msg.length(), prefix.length())), msg);
        return msg.substring(prefix.length());
    }

    @Test
    void missingAndNullFieldsAreNamed() throws IOException {
        assertEquals(
                "tensor 'w'.dtype: expected a string, found nothing",
                error("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4));
        assertEquals(
                "tensor 'w'.dtype: expected a string, found nothing",
                error("{\"w\":{\"dtype\":null,\"shape\":[1],\"data_offsets\":[0,4]}}", 4));
        assertEquals(
                "tensor 'w'.shape: expected a JSON array, found nothing (missing or null)",
                error("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4));
        assertEquals(
                "tensor 'w'.data_offsets[0]: expected an integer, found nothing (missing or null)",
                error("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[null,4]}}", 4));
        assertEquals("tensor 'w': expected a JSON object, found nothing (missing or null)", error("{\"w\":null}", 0));
    }

    @Test
    void wrongTypesAreNamedWithTheValue() throws IOException {
        assertEquals(
                "tensor 'w'.shape[0]: expected an integer, found double 1.5",
                error("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4));
        assertEquals(
                "tensor 'w'.shape[0]: expected an integer, found the string \"1\"",
                error("{\"w\":{\"dtype\":\"F32\",\"shape\":[\"1\"],\"data_offsets\":[0,4]}}", 4));
        assertEquals(
                "tensor 'w'.dtype: expected a string, found 32",
                error("{\"w\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}", 4));
    }

    @Test
    void negativeAndHugeShapesAreNamed() throws IOException {
        assertEquals(
                "tensor 'w'.shape[1] is -3, outside 0 .. 2147483647",
                error("{\"w\":{\"dtype\":\"F32\",\"shape\":[1,-3],\"data_offsets\":[0,4]}}", 4));
        assertEquals(
                "tensor 'w'.shape[0] is 4294967296, outside 0 .. 2147483647",
                error("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296],\"data_offsets\":[0,4]}}", 4));
    }

    @Test
    void aDeeplyNestedHeaderIsALimitNotAStackOverflow() throws IOException {
        int depth = 200_000;
        String deep = "{\"w\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
        assertEquals(
                "line 1, column 70: Document nesting depth (65) exceeds the maximum allowed (64, from"
                        + " `StreamReadConstraints.getMaxNestingDepth()`)",
                error(deep, 0));
    }

    @Test
    void aFileOver2GiBIsRefusedWithItsSizeNotAnOutOfMemoryError() throws IOException {
        Path f = tmp.resolve("huge.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(5L << 30); // sparse: no byte is written
        }
        assertEquals(
                f + ": 5368709120 bytes, over the 1073741824-byte limit of a safetensors file fatecg reads",
                assertThrows(IOException.class, () -> Safetensors.read(f)).getMessage());
    }
}
