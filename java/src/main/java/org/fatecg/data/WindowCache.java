package org.fatecg.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.fatecg.io.AtomicFiles;

/**
 * A versioned binary cache of prepared windows, so a second load of the 48 records is a memory map
 * and a bulk copy (well under a second) instead of decoding 94 MB of format 212.
 *
 * <p>Layout, little-endian: magic "FATECGW1"; int layout version; int key length; key (UTF-8); int n;
 * int L; int[n] labels; int[n] records; int[n] R samples; float[n*L] windows; long CRC-32C of everything
 * from n to the last window. The key spells out every setting that changes the windows (reader version,
 * lead, window bounds, normalisation, record list, and a fingerprint of the source files' sizes and
 * modification times). A file whose magic, version, key or CRC differs is treated as a miss and is
 * overwritten by the caller; it is never trusted.
 *
 * <p>Not a general serialisation format: only {@link BeatDataset}, only for this JVM's own cache.
 */
final class WindowCache {
    private static final byte[] MAGIC = "FATECGW1".getBytes(StandardCharsets.US_ASCII);
    private static final int LAYOUT = 1;

    private WindowCache() {}

    /** The dataset stored in {@code file} under exactly {@code key}, or null on any miss. */
    static BeatDataset read(Path file, String key) {
        if (!Files.isRegularFile(file)) return null;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) return null;
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            m.order(ByteOrder.LITTLE_ENDIAN);
            if (size < MAGIC.length + 8) return null;
            for (byte c : MAGIC) if (m.get() != c) return null;
            if (m.getInt() != LAYOUT) return null;
            int klen = m.getInt();
            if (klen < 0 || klen > m.remaining()) return null;
            byte[] k = new byte[klen];
            m.get(k);
            if (!new String(k, StandardCharsets.UTF_8).equals(key)) return null;
            if (m.remaining() < 8) return null;
            int payloadStart = m.position();
            int n = m.getInt(), len = m.getInt();
            long payload = 8L + 12L * n + 4L * n * len;
            if (n < 0 || len <= 0 || m.remaining() != (payload - 8) + 8) return null; // rest of payload + CRC
            CRC32C crc = new CRC32C();
            crc.update(m.duplicate().position(payloadStart).limit((int) (payloadStart + payload)));
            long stored = m.getLong((int) (payloadStart + payload));
            if (stored != crc.getValue()) return null;
            int[] y = new int[n], rec = new int[n], r = new int[n];
            float[] x = new float[n * len];
            m.asIntBuffer().get(y);
            m.position(m.position() + 4 * n);
            m.asIntBuffer().get(rec);
            m.position(m.position() + 4 * n);
            m.asIntBuffer().get(r);
            m.position(m.position() + 4 * n);
            m.asFloatBuffer().get(x);
            return new BeatDataset(x, y, rec, r, len, true);
        } catch (IOException | RuntimeException e) {
            return null; // unreadable or inconsistent: rebuild rather than trust it
        }
    }

    /** Writes {@code ds} under {@code key}, atomically (see {@link AtomicFiles}: a failure names the file). */
    static void write(Path file, String key, BeatDataset ds) throws IOException {
        AtomicFiles.write(file, ch -> {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            ByteBuffer head = ByteBuffer.allocate(MAGIC.length + 8 + k.length).order(ByteOrder.LITTLE_ENDIAN);
            head.put(MAGIC).putInt(LAYOUT).putInt(k.length).put(k).flip();
            AtomicFiles.writeFully(ch, head);
            CRC32C crc = new CRC32C();
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            int n = ds.size(), len = ds.windowLength();
            buf.putInt(n).putInt(len);
            for (int[] a : new int[][] {ds.yView(), ds.recordView(), ds.rSampleView()})
                for (int v : a) {
                    if (buf.remaining() < 4) flush(ch, buf, crc);
                    buf.putInt(v);
                }
            for (float v : ds.xView()) {
                if (buf.remaining() < 4) flush(ch, buf, crc);
                buf.putFloat(v);
            }
            flush(ch, buf, crc);
            ByteBuffer tail =
                    ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(crc.getValue());
            AtomicFiles.writeFully(ch, tail.flip());
        });
    }

    private static void flush(WritableByteChannel ch, ByteBuffer buf, CRC32C crc) throws IOException {
        buf.flip();
        crc.update(buf.duplicate());
        AtomicFiles.writeFully(ch, buf);
        buf.clear();
    }
}
