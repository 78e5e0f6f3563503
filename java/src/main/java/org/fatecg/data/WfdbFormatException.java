package org.fatecg.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A WFDB file (header, signal or annotation) that is malformed or disagrees with itself or with its
 * companions. The message always names the file, the place (a header field or a byte offset), what was
 * expected and what was found, so a user can open the file and see the fault. Thrown instead of ever
 * producing a silently wrong beat window.
 */
public final class WfdbFormatException extends IOException {
    private final Path file;
    private final String where;

    /**
     * @param file     the offending file
     * @param where    a header field ("line 2, field 'format'") or a byte offset ("byte 1949997")
     * @param expected what the reader needed there
     * @param found    what it got
     */
    public WfdbFormatException(Path file, String where, String expected, String found) {
        super(file + ": " + where + ": expected " + expected + ", found " + found);
        this.file = file;
        this.where = where;
    }

    public Path file() {
        return file;
    }

    public String where() {
        return where;
    }
}
