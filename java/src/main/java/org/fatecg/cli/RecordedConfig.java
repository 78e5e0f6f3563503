package org.fatecg.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fatecg.fl.Checkpoint;
import org.fatecg.io.Json;
import org.fatecg.io.JsonValues;

/**
 * The run's configuration as it began, kept inside every checkpoint's state.json ("extra.config"), so
 * that --resume can tell whether DIR/config.properties was edited since: a changed value would silently
 * continue a different experiment (other records, more rounds) on top of the first one's rounds.
 */
final class RecordedConfig {
    static final String KEY = "config";

    private RecordedConfig() {}

    /** Every key=value of the config file, sorted by key, for the checkpoint. */
    static Map<String, Object> of(Path configFile) throws IOException {
        Properties p;
        try {
            p = RunDefaults.readProperties(configFile);
        } catch (CharacterCodingException e) {
            throw new IOException(configFile + ": not UTF-8 text (a config file holds key=value lines in UTF-8)", e);
        }
        Map<String, Object> m = new TreeMap<>();
        for (String k : p.stringPropertyNames()) m.put(k, p.getProperty(k));
        return m;
    }

    /**
     * Refuses a resume whose config file differs from the one the checkpoint recorded, naming the first
     * changed key with both values. Without a checkpoint (killed before round 0 ended) there is nothing
     * trained to protect, and the file is taken as it is.
     */
    static void verify(Path configFile, Path checkpointDir) throws IOException {
        if (!Checkpoint.exists(checkpointDir)) return;
        Path state = checkpointDir.resolve(Checkpoint.STATE);
        Map<String, Object> extra;
        try {
            Object e = JsonValues.obj(Json.read(state), "state").get("extra");
            extra = e == null ? Map.of() : JsonValues.obj(e, "state.extra");
        } catch (IllegalArgumentException e) {
            throw new IOException(state + ": " + e.getMessage(), e);
        }
        Object recorded = extra.get(KEY);
        if (recorded == null) return; // a checkpoint of a fatecg that did not record its configuration
        Map<String, Object> then;
        try {
            then = JsonValues.obj(recorded, "state.extra." + KEY);
        } catch (IllegalArgumentException e) {
            throw new IOException(state + ": " + e.getMessage(), e);
        }
        Map<String, Object> now = of(configFile);
        TreeSet<String> keys = new TreeSet<>(then.keySet());
        keys.addAll(now.keySet());
        for (String k : keys) {
            Object a = then.get(k), b = now.get(k);
            if (a == null ? b != null : !a.equals(b))
                throw new IllegalArgumentException(
                        configFile + ": '" + k + "' is " + shown(b) + " but the run began with " + shown(a)
                                + " (recorded in " + state
                                + "); --resume continues a run exactly as it began: restore the value, or start a new run with --config "
                                + configFile + " and another --out");
        }
    }

    private static String shown(Object v) {
        return v == null ? "absent" : "'" + v + "'";
    }
}
