package org.fatecg.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Reading WFDB files as hostile input: a file named inside a header stays inside the record's folder,
 * and no file is read whole beyond a size cap (refused with its size before any byte is read, so a
 * multi-gigabyte file is a sentence, not an OutOfMemoryError).
 */
final class WfdbFiles {
    /** MIT-BIH headers are under 1 kB. */
    static final long MAX_HEADER_BYTES = 1L << 20;
    /** MIT-BIH signal files are 1.95 MB (30 min, 2 signals, 360 Hz); this allows records of days. */
    static final long MAX_SIGNAL_BYTES = 256L << 20;
    /** MIT-BIH annotation files are under 30 kB. */
    static final long MAX_ANNOTATION_BYTES = 64L << 20;

    private WfdbFiles() {}

    /**
     * The file a header's field names, inside {@code dir}: a plain name, or a relative path without
     * '..' components. Absolute paths, '..', '~' and characters no path can hold are refused.
     */
    static Path inside(Path dir, Path header, String where, String name) throws WfdbFormatException {
        String expected = "a file name inside the record's folder (no absolute path, no '..')";
        Path p;
        try {
            p = Path.of(name);
        } catch (InvalidPathException e) {
            throw new WfdbFormatException(header, where, expected, "'" + printable(name) + "' (not a valid path)");
        }
        if (p.isAbsolute() || name.startsWith("~") || name.contains("\\"))
            throw new WfdbFormatException(header, where, expected, "'" + name + "'");
        for (Path part : p)
            if (part.toString().equals("..") || part.toString().equals("."))
                throw new WfdbFormatException(header, where, expected, "'" + name + "'");
        return dir.resolve(p);
    }

    /** All bytes of {@code file}, or a {@link WfdbFormatException} when it is larger than {@code max}. */
    static byte[] readCapped(Path file, long max, String what) throws IOException {
        long size = Files.size(file);
        if (size > max)
            throw new WfdbFormatException(
                    file, "size", "at most " + max + " bytes for " + what, size + " bytes; not read");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes((int) max + 1); // a file still growing is caught here too
            if (b.length > max)
                throw new WfdbFormatException(
                        file, "size", "at most " + max + " bytes for " + what, "more (the file grew while read)");
            return b;
        }
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray())
            b.append(c < 0x20 || c == 0x7F ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        return b.toString();
    }
}
