package org.fatecg.flower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Npz files as the Flower app exchanges them: written atomically, read back exactly, failures named. */
class NpzFileTest {
    @Test
    void writesAndReadsBackTheSameArraysAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Map<String, Npy.Array> arrays = new LinkedHashMap<>();
        arrays.put("a", Npy.Array.ofFloats(new int[] {2, 3}, new float[] {1, -2, 3.5f, 0, 1e-7f, -0f}));
        arrays.put("b", Npy.Array.ofFloats(new int[] {1}, new float[] {42}));
        Path file = dir.resolve("w.npz");
        Npz.write(file, arrays);
        Map<String, Npy.Array> back = Npz.read(file, 1 << 20);
        assertEquals(arrays.keySet(), back.keySet());
        for (String k : arrays.keySet()) {
            assertArrayEquals(arrays.get(k).shape(), back.get(k).shape(), k);
            assertArrayEquals(arrays.get(k).data(), back.get(k).data(), k);
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only w.npz is left in the folder");
        }
    }

    @Test
    void aFileThatCannotBeWrittenIsNamed(@TempDir Path dir) throws Exception {
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
        Path file = notAFolder.resolve("w.npz");
        IOException e = assertThrows(
                IOException.class,
                () -> Npz.write(file, Map.of("a", Npy.Array.ofFloats(new int[] {1}, new float[] {1}))));
        assertTrue(e.getMessage().startsWith(file.toAbsolutePath() + ": cannot write ("), e.getMessage());
    }
}
