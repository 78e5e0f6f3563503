package org.fatecg.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.fatecg.nn.Safetensors;

/**
 * The beats an attack or an evaluation runs on: windows x (n * length, row-major, values in [0, 1])
 * and AAMI labels y (0..4 = N S V F Q). Read from a safetensors file holding {@code input.x} (n, 1, L)
 * and {@code input.y} (n) as I64 or F32: the golden file's layout, and what {@code fatecg attack} writes.
 */
record TestBeats(float[] x, int[] y, int length) {
    static final String[] CLASS_NAMES = {"N", "S", "V", "F", "Q"};

    int size() {
        return y.length;
    }

    /** The first limit beats (all when limit <= 0). */
    TestBeats first(int limit) {
        if (limit <= 0 || limit >= y.length) return this;
        return new TestBeats(Arrays.copyOf(x, limit * length), Arrays.copyOf(y, limit), length);
    }

    static TestBeats load(Path file) throws IOException {
        if (Files.isDirectory(file))
            throw new IOException(file + " is a folder: reading MIT-BIH records needs the data pipeline (org.fatecg.data), which this build "
                    + "does not have yet; pass a .safetensors file with input.x and input.y");
        Safetensors.Contents c = Safetensors.read(file);
        Safetensors.Entry ex = c.tensors.get("input.x"), ey = c.tensors.get("input.y");
        if (ex == null || ey == null || ex.floats == null || ex.shape.length != 3 || ey.shape.length != 1 || ey.shape[0] != ex.shape[0])
            throw new IOException(file + ": needs input.x (n, 1, L) F32 and input.y (n)");
        int n = ex.shape[0];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = ey.longs != null ? (int) ey.longs[i] : (int) ey.floats[i];
            if (y[i] < 0 || y[i] >= CLASS_NAMES.length) throw new IOException(file + ": label " + y[i] + " of beat " + i + " is not in 0..4");
        }
        return new TestBeats(ex.floats, y, ex.shape[1] * ex.shape[2]);
    }
}
