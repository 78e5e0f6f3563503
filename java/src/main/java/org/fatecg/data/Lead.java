package org.fatecg.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which signal of a record becomes the beat windows: a list of alternatives tried in order, each either a
 * signal index ("1") or a lead name matched against the header's signal description ("MLII", "V1").
 *
 * <p>The paper read signal index 1 (V1 in most MIT-BIH records, MLII in 114 whose leads are swapped);
 * the clinical standard is MLII by name, which 102 and 104 lack (their leads are V5 and V2). A spec with
 * a fallback, "MLII,V5,V2" or "MLII,0", takes the first alternative the record has; a record that has
 * none is skipped by the loader with a notice.
 */
public final class Lead {
    /** The paper's choice: signal index 1. */
    public static final Lead PAPER = parse("1");
    /** The clinical standard lead, no fallback (102 and 104 are skipped). */
    public static final Lead MLII = parse("MLII");

    private final List<String> alternatives;

    private Lead(List<String> alternatives) {
        this.alternatives = List.copyOf(alternatives);
    }

    /**
     * Parses "1", "MLII" or a comma-separated preference list "MLII,V5,0". Indices are all-digit tokens.
     *
     * @throws IllegalArgumentException for an empty spec or an empty alternative
     */
    public static Lead parse(String spec) {
        List<String> alts = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            String p = part.strip();
            if (p.isEmpty())
                throw new IllegalArgumentException("lead spec '" + spec + "': expected a lead name or signal index "
                        + "(e.g. MLII, V1, 1, or MLII,0 for a fallback), found an empty alternative");
            alts.add(p);
        }
        return new Lead(alts);
    }

    /** The signal index in this record, or -1 when the record has none of the alternatives. */
    public int resolve(WfdbHeader header) {
        for (String alt : alternatives) {
            if (isIndex(alt)) {
                int i = Integer.parseInt(alt);
                if (i < header.signals().size()) return i;
            } else {
                int i = header.signalIndex(alt);
                if (i >= 0) return i;
            }
        }
        return -1;
    }

    private static boolean isIndex(String s) {
        if (s.length() > 6) return false;
        for (int i = 0; i < s.length(); i++) if (!Character.isDigit(s.charAt(i))) return false;
        return true;
    }

    /** The canonical spec ("MLII,0"); names upper-cased, so "mlii" and "MLII" make one cache key. */
    public String spec() {
        List<String> norm = new ArrayList<>();
        for (String a : alternatives)
            norm.add(isIndex(a) ? String.valueOf(Integer.parseInt(a)) : a.toUpperCase(Locale.ROOT));
        return String.join(",", norm);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Lead l && l.spec().equals(spec());
    }

    @Override
    public int hashCode() {
        return spec().hashCode();
    }

    @Override
    public String toString() {
        return spec();
    }
}
