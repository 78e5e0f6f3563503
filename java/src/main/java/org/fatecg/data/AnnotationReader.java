package org.fatecg.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader of WFDB annotation files in MIT format (the .atr files of MIT-BIH).
 *
 * <p>The file is a stream of 16-bit little-endian words. Each word holds a 6-bit code A (bits 15..10)
 * and a 10-bit field I (bits 9..0):
 * <ul>
 *   <li>A = 0 and I = 0: end of file (required, and the last word: a file that ends without it is reported as
 *       truncated, one with bytes after it as damaged, since dropping the annotations after an early
 *       end-of-file word would silently lose beats);</li>
 *   <li>A in 1..49 (or 0 with I &gt; 0): an annotation with code A at time t += I;</li>
 *   <li>A = 59, SKIP: the next four bytes are a signed 32-bit interval in PDP-11 order (the high 16-bit
 *       word first, each word little-endian); t += interval. Writers emit it when an interval exceeds
 *       1023 samples; ignoring it misplaces every later beat (records 201 and 232 have such gaps);</li>
 *   <li>A = 60, NUM: I (a 10-bit two's-complement number) becomes the num field of the annotation just
 *       read and of the following ones, until the next NUM;</li>
 *   <li>A = 61, SUB: I is the subtype of the annotation just read;</li>
 *   <li>A = 62, CHN: I becomes the chan field, carried over like NUM;</li>
 *   <li>A = 63, AUX: I bytes of text follow (plus one pad byte when I is odd) for the annotation just
 *       read.</li>
 * </ul>
 * NUM, SUB, CHN and AUX follow the annotation they modify. Codes 50..58 are undefined and, like a modifier
 * with no annotation before it, a truncated SKIP or AUX, a time before 0 or beyond the record, raise a
 * {@link WfdbFormatException} giving the byte offset. Not read: the AHA annotation format.
 */
public final class AnnotationReader {
    static final int SKIP = 59, NUM = 60, SUB = 61, CHN = 62, AUX = 63, ACMAX = 49;

    private AnnotationReader() {}

    /** Reads {@code dir/record.ext}; {@code numSamples} > 0 bounds the annotation times (0: unchecked). */
    public static List<Annotation> read(Path dir, String record, String ext, long numSamples) throws IOException {
        Path file = dir.resolve(record + "." + ext);
        if (!Files.isRegularFile(file))
            throw new WfdbFormatException(file, "file", "an annotation file for record " + record, "no such file");
        return parse(
                file, WfdbFiles.readCapped(file, WfdbFiles.MAX_ANNOTATION_BYTES, "an annotation file"), numSamples);
    }

    /** Decodes an MIT-format annotation stream; {@code file} labels error messages only. */
    public static List<Annotation> parse(Path file, byte[] b, long numSamples) throws WfdbFormatException {
        List<Annotation> out = new ArrayList<>();
        long time = 0;
        int num = 0, chan = 0;
        // The annotation being assembled: its modifiers may still follow.
        long curTime = -1;
        int curCode = -1, curSub = 0;
        String curAux = "";
        int pos = 0;
        while (true) {
            if (pos + 2 > b.length)
                throw new WfdbFormatException(
                        file,
                        "byte " + pos,
                        "a 16-bit word (the stream ends with a 0 word)",
                        pos == b.length ? "end of file (truncated annotation file)" : "a lone trailing byte");
            int word = (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8;
            int a = word >>> 10, data = word & 0x3FF;
            int at = pos;
            pos += 2;
            if (word == 0) {
                // MIT files end right after this word: more bytes mean an end-of-file word too early
                // (a damaged file), and reading on past it would be a guess; dropping the rest is wrong.
                if (pos < b.length)
                    throw new WfdbFormatException(
                            file,
                            "byte " + at,
                            "the end of the file after the end-of-file word (0x0000)",
                            (b.length - pos) + " more bytes (" + (out.size() + (curCode >= 0 ? 1 : 0))
                                    + " annotations read before it)");
                break;
            }
            if (a <= ACMAX) {
                if (curCode >= 0)
                    out.add(new Annotation(curTime, curCode, Annotation.symbolOf(curCode), curSub, chan, num, curAux));
                time += data;
                check(file, at, time, numSamples);
                curTime = time;
                curCode = a;
                curSub = 0;
                curAux = "";
                continue;
            }
            switch (a) {
                case SKIP -> {
                    if (pos + 4 > b.length)
                        throw new WfdbFormatException(
                                file,
                                "byte " + at,
                                "4 bytes of SKIP interval",
                                (b.length - pos) + " bytes before end of file");
                    int hi = (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8;
                    int lo = (b[pos + 2] & 0xFF) | (b[pos + 3] & 0xFF) << 8;
                    time += (hi << 16) | lo; // signed 32-bit
                    check(file, at, time, numSamples);
                    pos += 4;
                }
                case NUM, SUB, CHN, AUX -> {
                    if (curCode < 0)
                        throw new WfdbFormatException(
                                file,
                                "byte " + at,
                                "an annotation word before the first " + nameOf(a) + " modifier",
                                "a " + nameOf(a) + " word (0x" + Integer.toHexString(word) + ")");
                    if (a == NUM) num = (data << 22) >> 22; // sign-extend 10 bits
                    else if (a == SUB) curSub = data;
                    else if (a == CHN) chan = data;
                    else {
                        int padded = data + (data & 1);
                        if (pos + padded > b.length)
                            throw new WfdbFormatException(
                                    file,
                                    "byte " + at,
                                    data + " bytes of AUX text",
                                    (b.length - pos) + " bytes before end of file");
                        int len = data;
                        while (len > 0 && b[pos + len - 1] == 0) len--; // text is NUL-terminated in MIT files
                        curAux = new String(b, pos, len, StandardCharsets.ISO_8859_1);
                        pos += padded;
                    }
                }
                default ->
                    throw new WfdbFormatException(
                            file,
                            "byte " + at,
                            "an annotation code 0..49 or a pseudo-code 59..63",
                            "code " + a + " (word 0x" + Integer.toHexString(word) + ")");
            }
        }
        if (curCode >= 0)
            out.add(new Annotation(curTime, curCode, Annotation.symbolOf(curCode), curSub, chan, num, curAux));
        return out;
    }

    private static void check(Path file, int at, long time, long numSamples) throws WfdbFormatException {
        if (time < 0)
            throw new WfdbFormatException(file, "byte " + at, "a time at or after sample 0", "sample " + time);
        if (numSamples > 0 && time >= numSamples)
            throw new WfdbFormatException(
                    file,
                    "byte " + at,
                    "a time before the record's end (" + numSamples + " samples)",
                    "sample " + time);
    }

    private static String nameOf(int a) {
        return switch (a) {
            case NUM -> "NUM";
            case SUB -> "SUB";
            case CHN -> "CHN";
            default -> "AUX";
        };
    }
}
