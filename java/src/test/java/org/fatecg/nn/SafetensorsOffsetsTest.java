package org.fatecg.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * data_offsets as the format defines them: 64-bit, non-negative, inside the data region, and tiling it
 * exactly (no overlap, gap or unowned tail); files over the size cap refused before reading.
 */
class SafetensorsOffsetsTest {
    @TempDir
    Path tmp;

    private Path file(String header, int n) throws IOException {
        return SafetensorsFormatTest.withHeader(tmp.resolve("offsets.safetensors"), header, n);
    }

    private String error(String header, int n) throws IOException {
        Path f = file(header, n);
        return assertThrows(IOException.class, () -> Safetensors.read(f), header)
                .getMessage()
                .substring((f + ": bad header: ").length());
    }

    private static String f32(String name, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"F32\",\"shape\":[" + (end - begin) / 4 + "],\"data_offsets\":[" + begin
                + "," + end + "]}";
    }

    @Test
    void negativeOffsetsWouldReadTheHeaderAndAreRefused() throws IOException {
        assertEquals(
                "tensor 'w'.data_offsets [-192, 0] is not a range within the 4-byte data region",
                error("{\"w\":{\"dtype\":\"F32\",\"shape\":[48],\"data_offsets\":[-192,0]}}", 4));
    }

    @Test
    void offsetsPast2To32AreKeptAs64BitAndRefusedOutOfRange() throws IOException {
        // 2^32 + 0 truncated to int would be 0, a valid offset: the 64-bit value must be what is checked
        assertEquals(
                "tensor 'w'.data_offsets [4294967296, 4294967300] is not a range within the 4-byte data region",
                error("{" + f32("w", 4294967296L, 4294967300L) + "}", 4));
    }

    @Test
    void endBeforeBeginIsRefused() throws IOException {
        assertEquals(
                "tensor 'w'.data_offsets [4, 0] is not a range within the 8-byte data region",
                error("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", 8));
    }

    @Test
    void overlappingTensorsAreRefused() throws IOException {
        assertEquals(
                "tensor 'b' starts at byte 0, not at byte 4 where tensor 'a' ends (overlapping data); the tensors must tile the data region exactly",
                error("{" + f32("a", 0, 4) + "," + f32("b", 0, 4) + "}", 4));
    }

    @Test
    void gapsAndUnownedBytesAreRefused() throws IOException {
        assertEquals(
                "tensor 'a' starts at byte 4, not at byte 0 where the data region begins (a gap); the tensors must tile the data region exactly",
                error("{" + f32("a", 4, 8) + "}", 8));
        assertEquals(
                "tensor 'b' starts at byte 8, not at byte 4 where tensor 'a' ends (a gap); the tensors must tile the data region exactly",
                error("{" + f32("b", 8, 12) + "," + f32("a", 0, 4) + "}", 12));
        assertEquals(
                "the tensors end at byte 4 of the 8-byte data region; the tensors must tile it exactly",
                error("{" + f32("a", 0, 4) + "}", 8));
    }

    @Test
    void tilingInAnyHeaderOrderIsRead() throws IOException {
        Path f = file("{" + f32("b", 4, 12) + "," + f32("a", 0, 4) + "}", 12);
        Safetensors.Contents c = Safetensors.read(f);
        assertEquals(1, c.floats("a").length);
        assertEquals(2, c.floats("b").length);
    }

    @Test
    void aFileOverTheCapIsRefusedWithItsSizeBeforeReading() throws IOException {
        Path f = tmp.resolve("huge.safetensors");
        long size = Safetensors.MAX_FILE_BYTES + 1; // sparse: no disk space, and never read
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(size);
        }
        IOException e = assertThrows(IOException.class, () -> Safetensors.read(f));
        assertEquals(
                f + ": 1073741825 bytes, over the 1073741824-byte limit of a safetensors file fatecg reads",
                e.getMessage());
    }
}
