package org.fatecg.flower;

import java.util.Map;

/** Typed reads of a received ConfigRecord, with defaults; a value of the wrong type is a {@link MessageHandler.Refusal} naming key and value. */
final class ConfigValues {
    private final Map<String, Object> values;

    ConfigValues(Records.ConfigRecord rec) {
        this.values = rec == null ? Map.of() : rec.values();
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    int integer(String key, int dflt) throws MessageHandler.Refusal {
        Object v = values.get(key);
        if (v == null) return dflt;
        if (v instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) return (int) (long) l;
        throw new MessageHandler.Refusal("config '" + key + "' must be an int, got " + describe(v));
    }

    double real(String key, double dflt) throws MessageHandler.Refusal {
        Object v = values.get(key);
        if (v == null) return dflt;
        if (v instanceof Double d && Double.isFinite(d)) return d;
        if (v instanceof Long l) return l;
        throw new MessageHandler.Refusal("config '" + key + "' must be a finite number, got " + describe(v));
    }

    boolean bool(String key, boolean dflt) throws MessageHandler.Refusal {
        Object v = values.get(key);
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        throw new MessageHandler.Refusal("config '" + key + "' must be a bool, got " + describe(v));
    }

    String string(String key, String dflt) throws MessageHandler.Refusal {
        Object v = values.get(key);
        if (v == null) return dflt;
        if (v instanceof String s) return s;
        throw new MessageHandler.Refusal("config '" + key + "' must be a string, got " + describe(v));
    }

    private static String describe(Object v) {
        return v instanceof String s ? "'" + s + "'" : v.getClass().getSimpleName() + " " + v;
    }
}
