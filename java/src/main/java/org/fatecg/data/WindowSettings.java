package org.fatecg.data;

/**
 * How beats become windows: the lead, the window around the R peak, and the normalisation.
 * A window holds samples r - before .. r + after inclusive (length before + after + 1); the paper's is
 * r-90 .. r+89, 180 samples with the R peak at offset 90.
 *
 * @param lead   which signal (see {@link Lead})
 * @param before samples before the R peak
 * @param after  samples after the R peak
 * @param norm   per-window normalisation
 */
public record WindowSettings(Lead lead, int before, int after, Normalisation norm) {

    /** Per-window scaling of the physical (mV) values. */
    public enum Normalisation {
        /** x' = clip((x - min) / (max - min + 1e-6), 0, 1) in float32, as Çelik and Güllü (2025). */
        MINMAX,
        /** The physical values in mV, rounded to float32, unscaled. */
        NONE
    }

    /** Çelik and Güllü (2025): signal index 1, r-90..r+89, min-max. */
    public static final WindowSettings PAPER = new WindowSettings(Lead.PAPER, 90, 89, Normalisation.MINMAX);

    public WindowSettings {
        if (lead == null || norm == null) throw new IllegalArgumentException("lead and normalisation are required");
        if (before < 0 || after < 0)
            throw new IllegalArgumentException(
                    "window bounds must be non-negative, got before=" + before + " after=" + after);
    }

    /** The same settings with another lead. */
    public WindowSettings withLead(Lead l) {
        return new WindowSettings(l, before, after, norm);
    }

    public int length() {
        return before + after + 1;
    }

    /** Everything that changes the windows, as a string (part of the cache key). */
    public String key() {
        return "lead=" + lead.spec() + ";before=" + before + ";after=" + after + ";norm=" + norm;
    }
}
