package org.fatecg.flower;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.fatecg.io.AtomicFiles;

/** NumPy's .npz (numpy.savez): a zip holding NAME.npy per array; how weights go to and come from the Flower app. */
public final class Npz {
    private Npz() {}

    /** Writes the arrays atomically (through {@link AtomicFiles}: a failed write names the file). */
    public static void write(Path file, Map<String, Npy.Array> arrays) throws IOException {
        AtomicFiles.write(file, ch -> {
            ZipOutputStream zip = new ZipOutputStream(Channels.newOutputStream(ch));
            for (Map.Entry<String, Npy.Array> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(Npy.write(e.getValue()));
                zip.closeEntry();
            }
            zip.finish();
            zip.flush();
        });
    }

    /** @throws IOException naming the file and the entry that is not a valid NPY array */
    public static Map<String, Npy.Array> read(Path file, long maxBytes) throws IOException {
        Map<String, Npy.Array> out = new LinkedHashMap<>();
        long total = 0;
        try (InputStream is = Files.newInputStream(file);
                ZipInputStream zip = new ZipInputStream(is)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (!e.getName().endsWith(".npy"))
                    throw new IOException(file + ": entry " + e.getName() + " is not an .npy array");
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                byte[] buf = new byte[1 << 16];
                for (int n; (n = zip.read(buf)) > 0; ) {
                    total += n;
                    if (total > maxBytes) throw new IOException(file + ": more than " + maxBytes + " bytes of arrays");
                    b.write(buf, 0, n);
                }
                try {
                    out.put(e.getName().substring(0, e.getName().length() - 4), Npy.read(b.toByteArray(), null, null));
                } catch (IllegalArgumentException bad) {
                    throw new IOException(file + ": " + e.getName() + ": " + bad.getMessage(), bad);
                }
            }
        } catch (java.util.zip.ZipException z) {
            throw new IOException(file + ": not an .npz (zip) file: " + z.getMessage(), z);
        }
        return out;
    }
}
