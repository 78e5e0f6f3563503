package org.fatecg.data;

/**
 * How beats become windows: the format, the lead, the extent around the R peak, and the normalisation.
 *
 * <p>{@link BeatFormat#WINDOWS}: a window holds samples r - before .. r + after inclusive (length before +
 * after + 1) at the record's rate; the paper's is r-90 .. r+89, 180 samples with the R peak at offset 90.
 *
 * <p>{@link BeatFormat#KACHUEE}: a beat starts at its R peak (before = 0) and holds after + 1 samples at
 * 125 Hz, 187 in Kachuee et al. (2018); the part after 1.2 median RR intervals is zero.
 *
 * @param lead   which signal (see {@link Lead})
 * @param before samples before the R peak
 * @param after  samples after the R peak
 * @param norm   min-max normalisation, over each window (WINDOWS) or each 10-second stretch (KACHUEE)
 * @param format how the beats are cut
 */
public record WindowSettings(Lead lead, int before, int after, Normalisation norm, BeatFormat format) {

    /** Scaling of the physical (mV) values. */
    public enum Normalisation {
        /**
         * x' = clip((x - min) / (max - min + 1e-6), 0, 1) in float32 over the window (Çelik and Güllü 2025);
         * for Kachuee beats (x - min) / (max - min) over the 10-second stretch.
         */
        MINMAX,
        /** The physical values in mV, rounded to float32, unscaled. */
        NONE
    }

    /** Çelik and Güllü (2025): signal index 1, r-90..r+89, min-max. */
    public static final WindowSettings PAPER =
            new WindowSettings(Lead.PAPER, 90, 89, Normalisation.MINMAX, BeatFormat.WINDOWS);

    /**
     * Kachuee et al. (2018), as in the Kaggle set Ma and Liang (2020) used: each record's first signal (MLII,
     * except V5 in the paced records 102 and 104, which have no MLII; the set's 109,446 beats need those
     * two records, without them there are about 104,700), 187 samples from the R peak, min-max over
     * 10-second stretches.
     */
    public static final WindowSettings KACHUEE =
            new WindowSettings(Lead.parse("0"), 0, 186, Normalisation.MINMAX, BeatFormat.KACHUEE);

    public WindowSettings {
        if (lead == null || norm == null || format == null)
            throw new IllegalArgumentException("lead, normalisation and beat format are required");
        if (before < 0 || after < 0)
            throw new IllegalArgumentException(
                    "window bounds must be non-negative, got before=" + before + " after=" + after);
        if (format == BeatFormat.KACHUEE && before != 0)
            throw new IllegalArgumentException(
                    "a Kachuee beat starts at its R peak: before must be 0, got before=" + before);
    }

    /** The default settings of a format: {@link #PAPER} or {@link #KACHUEE}. */
    public static WindowSettings of(BeatFormat f) {
        return f == BeatFormat.KACHUEE ? KACHUEE : PAPER;
    }

    /** The same settings with another lead. */
    public WindowSettings withLead(Lead l) {
        return new WindowSettings(l, before, after, norm, format);
    }

    public int length() {
        return before + after + 1;
    }

    /** The metadata fields of a model file that name the beats it was trained on. */
    public static final String BEATS_FIELD = "beats", LENGTH_FIELD = "window_length";

    /**
     * What a model file or checkpoint records of its training beats: "beats" = {@link #key()} (format,
     * lead, extent, normalisation) and "window_length", the samples per beat, for readers of the file.
     */
    public java.util.Map<String, String> metadata() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put(BEATS_FIELD, key());
        m.put(LENGTH_FIELD, Integer.toString(length()));
        return m;
    }

    /**
     * The beats a file's {@link #metadata()} names, or null when it has no "beats" field (files written
     * before it was recorded, PyTorch exports, the golden model).
     *
     * @throws IllegalArgumentException naming the field and its value when it is not understood or the
     *     two fields disagree
     */
    public static WindowSettings fromMetadata(java.util.Map<String, String> meta) {
        String key = meta.get(BEATS_FIELD);
        if (key == null) return null;
        WindowSettings ws;
        try {
            ws = parseKey(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "metadata field '" + BEATS_FIELD + "' = '" + key + "' is not understood: " + e.getMessage(), e);
        }
        String len = meta.get(LENGTH_FIELD);
        if (len != null && !len.equals(Integer.toString(ws.length())))
            throw new IllegalArgumentException("metadata field '" + LENGTH_FIELD + "' = '" + len + "' but field '"
                    + BEATS_FIELD + "' = '" + key + "' gives " + ws.length() + "-sample beats");
        return ws;
    }

    /**
     * The settings whose {@link #key()} is {@code key}: how a model file's "beats" metadata (written by
     * robust-train, nsr and run) is read back.
     *
     * @throws IllegalArgumentException naming the part that is missing or not understood
     */
    public static WindowSettings parseKey(String key) {
        java.util.Map<String, String> parts = new java.util.HashMap<>();
        for (String part : key.split(";", -1)) {
            int eq = part.indexOf('=');
            if (eq < 1) throw new IllegalArgumentException("'" + part + "' is not name=value");
            parts.put(part.substring(0, eq), part.substring(eq + 1));
        }
        for (String name : new String[] {"format", "lead", "before", "after", "norm"})
            if (!parts.containsKey(name)) throw new IllegalArgumentException("'" + name + "=' is missing");
        try {
            return new WindowSettings(
                    Lead.parse(parts.get("lead")),
                    Integer.parseInt(parts.get("before")),
                    Integer.parseInt(parts.get("after")),
                    Normalisation.valueOf(parts.get("norm")),
                    BeatFormat.parse(parts.get("format")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("before and after must be integers: " + e.getMessage(), e);
        }
    }

    /** Everything that changes the windows, as a string (part of the cache key). */
    public String key() {
        return "format=" + format.cliName() + ";lead=" + lead.spec() + ";before=" + before + ";after=" + after
                + ";norm=" + norm;
    }
}
