package org.fatecg.fl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fatecg.data.Aami;

/**
 * Who attacks a federation and how: the malicious clients (by id), the first round they attack in
 * (before it they behave honestly), and the attack's parameters. Built by {@link MaliciousClient};
 * the numbers are in {@link Poisoning}.
 *
 * @param kind     the attack
 * @param clients  the malicious clients' ids
 * @param from     the first round in which they attack (1 = from the start)
 * @param flip     label flipping: flip[c] is the label class c becomes (c itself: unchanged)
 * @param trigger  the backdoor trigger (backdoor and model replacement)
 * @param fraction the share of a backdoor client's beats that carry the trigger
 * @param target   the backdoor's target class
 * @param strength model replacement: the boost gamma; sign flip: the scale s; Gaussian: sigma;
 *                 constant: the value c of every coordinate of the update
 * @param epochs   the attackers' local epochs when they train (0: as instructed); Bagdasaryan et al.
 *                 train the backdoored model longer than honest clients
 * @param seed     the run's seed: which beats are poisoned comes from Seeds.stream(seed, THREAT, client)
 */
public record Threat(
        Kind kind,
        int[] clients,
        int from,
        int[] flip,
        Trigger trigger,
        double fraction,
        int target,
        double strength,
        int epochs,
        long seed) {
    public enum Kind {
        NONE("none"),
        LABEL_FLIP("label-flip"),
        BACKDOOR("backdoor"),
        MODEL_REPLACEMENT("model-replacement"),
        SIGN_FLIP("sign-flip"),
        GAUSSIAN("gaussian"),
        CONSTANT("constant"),
        FREE_RIDER("free-rider");

        public final String key;

        Kind(String key) {
            this.key = key;
        }

        /** Whether the attackers' data carry the backdoor trigger. */
        public boolean backdoor() {
            return this == BACKDOOR || this == MODEL_REPLACEMENT;
        }

        public static Kind parse(String s) {
            for (Kind k : values()) if (k.key.equals(s.trim().toLowerCase(Locale.ROOT))) return k;
            List<String> keys = new ArrayList<>();
            for (Kind k : values()) keys.add(k.key);
            throw new IllegalArgumentException(
                    "unknown attack '" + s + "': expected one of " + String.join(", ", keys));
        }
    }

    /**
     * A pacing-like spike: amplitude added to samples [offset, offset + width) of a window, the sum
     * clipped to the window's range [0, 1].
     */
    public record Trigger(int offset, int width, float amplitude) {
        public Trigger {
            if (offset < 0 || width < 1)
                throw new IllegalArgumentException(
                        "trigger needs offset >= 0 and width >= 1, got " + offset + ", " + width);
            if (!(Math.abs(amplitude) <= 1) || amplitude == 0)
                throw new IllegalArgumentException(
                        "trigger amplitude must be in [-1, 1] and non-zero, got " + amplitude);
        }
    }

    public Threat {
        clients = clients.clone();
        flip = flip.clone();
        if (flip.length != Aami.COUNT)
            throw new IllegalArgumentException("label map needs " + Aami.COUNT + " entries, got " + flip.length);
        if (from < 1) throw new IllegalArgumentException("attacks start in round 1 or later, got " + from);
        if (!(fraction > 0 && fraction <= 1))
            throw new IllegalArgumentException("poisoned fraction must be in (0, 1], got " + fraction);
        if (target < 0 || target >= Aami.COUNT)
            throw new IllegalArgumentException("target class must be 0.." + (Aami.COUNT - 1) + ", got " + target);
        if (epochs < 0)
            throw new IllegalArgumentException("attacker epochs must be >= 0 (0: as instructed), got " + epochs);
        if (!Double.isFinite(strength))
            throw new IllegalArgumentException("attack strength must be finite, got " + strength);
        for (int c : clients)
            if (c < 0) throw new IllegalArgumentException("malicious client ids must be >= 0, got " + c);
    }

    /** No attack. */
    public static Threat none() {
        return new Threat(Kind.NONE, new int[0], 1, parseFlip("none"), new Trigger(20, 4, 0.5f), 1, 0, 0, 0, 0);
    }

    public boolean malicious(int client) {
        if (kind == Kind.NONE) return false;
        for (int c : clients) if (c == client) return true;
        return false;
    }

    @Override
    public int[] clients() {
        return clients.clone();
    }

    @Override
    public int[] flip() {
        return flip.clone();
    }

    /**
     * A label map from "V:N,S:N" (each listed class becomes the other; the rest stay), "all" (every
     * class c becomes c + 1 mod 5: N->S->V->F->Q->N, so every label is wrong) or "none".
     */
    public static int[] parseFlip(String spec) {
        int[] map = new int[Aami.COUNT];
        for (int c = 0; c < map.length; c++) map[c] = c;
        String s = spec.trim();
        if (s.equalsIgnoreCase("none") || s.isEmpty()) return map;
        if (s.equalsIgnoreCase("all")) {
            for (int c = 0; c < map.length; c++) map[c] = (c + 1) % Aami.COUNT;
            return map;
        }
        for (String pair : s.split(",")) {
            String[] ab = pair.trim().split(":");
            if (ab.length != 2)
                throw new IllegalArgumentException("label flip '" + pair + "': expected FROM:TO such as V:N, or all");
            map[classIndex(ab[0], pair)] = classIndex(ab[1], pair);
        }
        return map;
    }

    /** A class by its AAMI name (N S V F Q). */
    public static int classIndex(String name, String context) {
        for (Aami a : Aami.values()) if (a.name().equalsIgnoreCase(name.trim())) return a.ordinal();
        throw new IllegalArgumentException(
                "'" + context + "': unknown class '" + name + "', expected one of N, S, V, F, Q");
    }

    /** "V:N" style text of a label map (only the changed classes). */
    public static String flipText(int[] map) {
        List<String> out = new ArrayList<>();
        for (int c = 0; c < map.length; c++)
            if (map[c] != c) out.add(Aami.of(c).name() + ":" + Aami.of(map[c]).name());
        return out.isEmpty() ? "none" : String.join(",", out);
    }

    /** Everything that defines the attack, for run.json. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attack", kind.key);
        m.put("clients", Arrays.stream(clients).boxed().toList());
        m.put("from_round", from);
        if (kind == Kind.LABEL_FLIP) m.put("flip", flipText(flip));
        if (kind.backdoor()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("offset", trigger.offset());
            t.put("width", trigger.width());
            t.put("amplitude", (double) trigger.amplitude());
            m.put("trigger", t);
            m.put("poisoned_fraction", fraction);
            m.put("target", Aami.of(target).name());
        }
        if (kind == Kind.MODEL_REPLACEMENT || kind == Kind.SIGN_FLIP || kind == Kind.GAUSSIAN || kind == Kind.CONSTANT)
            m.put("strength", strength);
        if (kind != Kind.GAUSSIAN && kind != Kind.CONSTANT && kind != Kind.FREE_RIDER)
            m.put("epochs", epochs == 0 ? "as instructed" : epochs);
        m.put("seed", seed);
        return m;
    }
}
