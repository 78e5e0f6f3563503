package org.fatecg.data;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a record's annotated beats become fixed-length model inputs.
 *
 * <p>The two differ in what one L-infinity noise level means. A {@link #WINDOWS} beat is min-max scaled on
 * its own 180 samples at 360 Hz, so every beat spans the whole [0, 1]; a {@link #KACHUEE} beat is scaled with
 * its 10-second stretch (its QRS rarely reaches both ends) and has 2.9 times fewer samples per millisecond.
 * Ma and Liang (2020) trained and attacked on Kachuee beats (the Kaggle set).
 */
public enum BeatFormat {
    /**
     * Fixed windows r - before .. r + after at the record's rate, each scaled on its own (Çelik and Güllü
     * 2025), cut by {@link BeatWindows}.
     */
    WINDOWS,
    /**
     * Kachuee, Fazeli and Sarrafzadeh (2018), "ECG heartbeat classification: a deep transferable
     * representation": resampled to 125 Hz, min-max scaled over 10-second stretches, each beat 1.2 times its
     * stretch's median RR interval from its R peak, zero-padded to 187 samples; cut by {@link KachueeBeats}.
     */
    KACHUEE;

    /** The name on the command line: "windows", "kachuee". */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format of a command-line name, with an error naming the accepted ones. */
    public static BeatFormat parse(String name) {
        for (BeatFormat f : values()) if (f.cliName().equals(name)) return f;
        throw new IllegalArgumentException("--beats: unknown beat format '" + name + "'; expected one of "
                + Arrays.stream(values()).map(BeatFormat::cliName).toList());
    }
}
