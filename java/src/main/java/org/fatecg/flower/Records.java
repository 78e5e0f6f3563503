package org.fatecg.flower;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Flower message's content (Flower's RecordDict): named records, in order, each an ArrayRecord (named
 * NumPy arrays), a ConfigRecord or a MetricRecord (named scalars or lists). Config and metric values are
 * Double, Long, Boolean, String, byte[], or double[] / long[] / boolean[] / String[] lists; metric records
 * allow only the numeric ones.
 */
public final class Records {
    /** One record of a RecordDict. */
    public sealed interface Record permits ArrayRecord, ConfigRecord, MetricRecord {}

    public record ArrayRecord(Map<String, Npy.Array> arrays) implements Record {
        public ArrayRecord {
            arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
        }
    }

    public record ConfigRecord(Map<String, Object> values) implements Record {
        public ConfigRecord {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    public record MetricRecord(Map<String, Object> values) implements Record {
        public MetricRecord {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
            for (Map.Entry<String, Object> e : values.entrySet()) {
                Object v = e.getValue();
                if (!(v instanceof Double || v instanceof Long || v instanceof double[] || v instanceof long[]))
                    throw new IllegalArgumentException(
                            "metric '" + e.getKey() + "' must be a float, an int or a list of them, got " + v);
            }
        }
    }

    private final Map<String, Record> items;

    public Records(Map<String, Record> items) {
        this.items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
    }

    public Map<String, Record> items() {
        return items;
    }

    /** The one record of a kind named {@code name}, or null. */
    public <T extends Record> T get(String name, Class<T> kind) {
        Record r = items.get(name);
        return kind.isInstance(r) ? kind.cast(r) : null;
    }
}
