package org.fatecg.io;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Map.of for files: the keys in the order given. java.util.Map.of iterates in an order that changes from
 * one JVM to the next, so a JSON object or a safetensors header built from it would differ between two
 * runs that computed the same numbers; every map that ends up in a file is built here instead.
 */
public final class OrderedMap {
    private OrderedMap() {}

    /** of("a", 1, "b", 2) -> {a=1, b=2}, insertion-ordered; keys must be strings. */
    @SuppressWarnings("unchecked")
    public static <V> Map<String, V> of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0)
            throw new IllegalArgumentException(
                    "keys and values must come in pairs, got " + keysAndValues.length + " items");
        Map<String, V> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (!(keysAndValues[i] instanceof String k))
                throw new IllegalArgumentException("key " + i / 2 + " is not a string: " + keysAndValues[i]);
            if (m.put(k, (V) keysAndValues[i + 1]) != null) throw new IllegalArgumentException("duplicate key " + k);
        }
        return m;
    }
}
