package org.fatecg.io;

import java.util.List;
import java.util.Map;

/**
 * Typed access to a parsed JSON value ({@link Json#parse}) with errors that name the field: each
 * accessor takes {@code where}, the path of the value in the document ("state.federations[0].round"),
 * and says what it expected and what it found.
 */
public final class JsonValues {
    private JsonValues() {}

    @SuppressWarnings("unchecked")
    public static Map<String, Object> obj(Object o, String where) {
        if (!(o instanceof Map))
            throw new IllegalArgumentException(where + ": expected a JSON object, found " + describe(o));
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object o, String where) {
        if (!(o instanceof List))
            throw new IllegalArgumentException(where + ": expected a JSON array, found " + describe(o));
        return (List<Object>) o;
    }

    public static long integer(Map<String, Object> m, String key, String where) {
        return asLong(m.get(key), where + "." + key);
    }

    public static double real(Map<String, Object> m, String key, String where) {
        return asDouble(m.get(key), where + "." + key);
    }

    public static String string(Map<String, Object> m, String key, String where) {
        Object o = m.get(key);
        if (!(o instanceof String))
            throw new IllegalArgumentException(where + "." + key + ": expected a string, found " + describe(o));
        return (String) o;
    }

    public static long asLong(Object o, String where) {
        if (!(o instanceof Long))
            throw new IllegalArgumentException(where + ": expected an integer, found " + describe(o));
        return (Long) o;
    }

    /** A double; null reads as NaN (the JSON writer writes NaN as null, e.g. round 0's loss). */
    public static double asDouble(Object o, String where) {
        if (o == null) return Double.NaN;
        if (!(o instanceof Number))
            throw new IllegalArgumentException(where + ": expected a number, found " + describe(o));
        return ((Number) o).doubleValue();
    }

    private static String describe(Object o) {
        return o == null
                ? "nothing (missing or null)"
                : o instanceof String
                        ? "the string \"" + o + "\""
                        : o.getClass().getSimpleName().toLowerCase() + " " + o;
    }
}
