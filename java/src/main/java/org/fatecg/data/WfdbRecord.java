package org.fatecg.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The samples of a WFDB record, decoded from format-212 signal files and checked against the header.
 *
 * <p>Format 212 packs two 12-bit two's-complement samples into three bytes b0 b1 b2:
 * <pre>
 *   s0 = b0 | (b1 &amp; 0x0F) &lt;&lt; 8        s1 = b2 | (b1 &amp; 0xF0) &lt;&lt; 4
 * </pre>
 * Samples of the signals that share a file are interleaved frame by frame (s_sig0(t), s_sig1(t),
 * s_sig0(t+1), ...), and the packing runs over that flat stream, so a pair may straddle two frames.
 *
 * <p>Checks done on every read, each failing with a {@link WfdbFormatException} that names the file:
 * the format is 212 with one sample per frame and no skew; the file length equals what the header's
 * sample count implies (shorter = truncated, longer = the header disagrees); the first sample of each
 * signal equals the header's initial value; the header checksum equals the sum of all samples of the
 * signal taken modulo 2^16 as a signed 16-bit number (WFDB's definition).
 *
 * <p>Not supported: other formats, multi-frequency records, skew, multi-segment records.
 */
public final class WfdbRecord {
    private final WfdbHeader header;
    private final short[][] samples; // [signal][t], raw ADC units

    private WfdbRecord(WfdbHeader header, short[][] samples) {
        this.header = header;
        this.samples = samples;
    }

    /** Reads header and signal files of {@code record} from {@code dir}, verifying as described above. */
    public static WfdbRecord read(Path dir, String record) throws IOException {
        WfdbHeader h = WfdbHeader.read(dir, record);
        Path hea = dir.resolve(record + ".hea");
        List<SignalSpec> sigs = h.signals();
        short[][] out = new short[sigs.size()][];
        long nsamp = h.numSamples();
        // Signals sharing a file are consecutive lines; decode one file at a time.
        int first = 0;
        while (first < sigs.size()) {
            String fileName = sigs.get(first).fileName();
            int end = first;
            while (end < sigs.size() && sigs.get(end).fileName().equals(fileName)) end++;
            for (int s = first; s < end; s++) checkSupported(hea, s, sigs.get(s), sigs.get(first));
            Path dat = WfdbFiles.inside(dir, hea, "signal " + first + ", field 'file'", fileName);
            short[][] decoded = decode212(
                    dat,
                    Files.isRegularFile(dat)
                            ? WfdbFiles.readCapped(dat, WfdbFiles.MAX_SIGNAL_BYTES, "a signal file")
                            : null,
                    sigs.get(first).byteOffset(),
                    end - first,
                    nsamp);
            for (int s = first; s < end; s++) out[s] = decoded[s - first];
            if (nsamp == 0) nsamp = decoded[0].length;
            first = end;
        }
        for (int s = 0; s < sigs.size(); s++) {
            if (out[s].length != nsamp)
                throw new WfdbFormatException(
                        dir.resolve(sigs.get(s).fileName()),
                        "length",
                        nsamp + " samples per signal (as in the other signal files)",
                        out[s].length + " samples");
            verify(hea, s, sigs.get(s), out[s]);
        }
        return new WfdbRecord(h, out);
    }

    private static void checkSupported(Path hea, int s, SignalSpec spec, SignalSpec firstOfFile)
            throws WfdbFormatException {
        String at = "signal " + s + " ('" + spec.description() + "'), field 'format'";
        if (spec.format() != 212)
            throw new WfdbFormatException(
                    hea, at, "format 212 (the only format fatecg decodes)", "format " + spec.format());
        if (spec.samplesPerFrame() != 1)
            throw new WfdbFormatException(
                    hea,
                    at,
                    "1 sample per frame",
                    spec.samplesPerFrame() + " (multi-frequency records are not supported)");
        if (spec.skew() != 0) throw new WfdbFormatException(hea, at, "skew 0", "skew " + spec.skew());
        if (spec.byteOffset() != firstOfFile.byteOffset())
            throw new WfdbFormatException(
                    hea,
                    at,
                    "the byte offset of the file's first signal (" + firstOfFile.byteOffset() + ")",
                    String.valueOf(spec.byteOffset()));
    }

    /**
     * Decodes a format-212 file holding {@code nsig} interleaved signals. With {@code nsamp} > 0 the file
     * must hold exactly that many frames; with 0 the count comes from the file length.
     */
    static short[][] decode212(Path dat, byte[] bytes, long offset, int nsig, long nsamp) throws WfdbFormatException {
        if (bytes == null) throw new WfdbFormatException(dat, "file", "a format-212 signal file", "no such file");
        long payload = bytes.length - offset;
        if (payload < 0)
            throw new WfdbFormatException(
                    dat,
                    "byte " + bytes.length,
                    "at least " + offset + " bytes before the samples (format byte offset)",
                    "end of file");
        if (nsamp == 0) {
            long total = payload * 2 / 3;
            if (total % nsig != 0 || (total * 3 + 1) / 2 != payload)
                throw new WfdbFormatException(
                        dat,
                        "length",
                        "a whole number of " + nsig + "-signal frames in format 212",
                        payload + " bytes");
            nsamp = total / nsig;
        }
        long total = nsamp * nsig;
        long need = (total * 3 + 1) / 2; // 3 bytes per pair; a final odd sample takes 2 bytes
        if (total > Integer.MAX_VALUE)
            throw new WfdbFormatException(dat, "length", "fewer than 2^31 samples", total + " samples");
        if (payload < need)
            throw new WfdbFormatException(
                    dat,
                    "byte " + bytes.length,
                    need + offset + " bytes (" + nsamp + " samples x " + nsig
                            + " signals in format 212, truncated file)",
                    "end of file");
        if (payload > need)
            throw new WfdbFormatException(
                    dat,
                    "length",
                    need + offset + " bytes, as the header's sample count " + nsamp + " implies for " + nsig
                            + " signals (the header disagrees with the file)",
                    bytes.length + " bytes");
        int n = (int) nsamp;
        short[][] out = new short[nsig][n];
        int p = (int) offset;
        for (int k = 0; k < total; k += 2) {
            int b0 = bytes[p] & 0xFF, b1 = bytes[p + 1] & 0xFF;
            int s0 = b0 | (b1 & 0x0F) << 8;
            out[k % nsig][k / nsig] = (short) ((s0 << 20) >> 20); // sign-extend 12 bits
            if (k + 1 < total) {
                int s1 = (bytes[p + 2] & 0xFF) | (b1 & 0xF0) << 4;
                out[(k + 1) % nsig][(k + 1) / nsig] = (short) ((s1 << 20) >> 20);
            }
            p += 3;
        }
        return out;
    }

    private static void verify(Path hea, int s, SignalSpec spec, short[] x) throws WfdbFormatException {
        String sig = "signal " + s + " ('" + spec.description() + "')";
        finitePhysical(hea, sig, spec, x);
        if (x.length > 0 && x[0] != spec.initialValue())
            throw new WfdbFormatException(
                    hea,
                    sig + ", field 'initial value'",
                    spec.initialValue() + " (header)",
                    x[0] + " (first sample of " + spec.fileName() + ")");
        if (spec.checksum() != null) {
            int sum = 0;
            for (short v : x) sum += v;
            short check = (short) sum; // the sum modulo 2^16, as a signed 16-bit number
            if (check != spec.checksum())
                throw new WfdbFormatException(
                        hea,
                        sig + ", field 'checksum'",
                        spec.checksum() + " (header)",
                        check + " (16-bit sum of the " + x.length + " samples in " + spec.fileName() + ")");
        }
    }

    /**
     * Every physical value (adc - baseline) / gain must be a finite float32: a tiny gain such as 1e-320
     * would otherwise turn every window into Inf and NaN. The extreme samples decide it.
     */
    static void finitePhysical(Path hea, String sig, SignalSpec spec, short[] x) throws WfdbFormatException {
        int lo = Short.MAX_VALUE, hi = Short.MIN_VALUE;
        for (short v : x) {
            if (v < lo) lo = v;
            if (v > hi) hi = v;
        }
        for (int v : x.length == 0 ? new int[0] : new int[] {lo, hi}) {
            float phys = (float) spec.toPhysical(v);
            if (!Float.isFinite(phys))
                throw new WfdbFormatException(
                        hea,
                        sig + ", field 'gain'",
                        "a gain that keeps (adc - baseline) / gain a finite float32",
                        "gain " + spec.gain() + ": sample " + v + " (baseline " + spec.baseline() + ") gives " + phys);
        }
    }

    public WfdbHeader header() {
        return header;
    }

    public int numSignals() {
        return samples.length;
    }

    public int numSamples() {
        return samples.length == 0 ? 0 : samples[0].length;
    }

    /** Raw ADC value of {@code signal} at sample {@code t}. */
    public int adc(int signal, int t) {
        return samples[signal][t];
    }

    /** A copy of one signal's raw ADC values. */
    public short[] adc(int signal) {
        return samples[signal].clone();
    }

    /** The stored array itself, for extraction loops in this package; never modified. */
    short[] adcView(int signal) {
        return samples[signal];
    }

    /** The lead names of the signals, in index order. */
    public List<String> leads() {
        List<String> l = new ArrayList<>();
        for (SignalSpec s : header.signals()) l.add(s.description());
        return l;
    }
}
