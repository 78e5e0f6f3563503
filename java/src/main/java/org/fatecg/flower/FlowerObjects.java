package org.fatecg.flower;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Flower's content-addressed objects (since Flower 1.19): a message travels as a tree of objects, each
 * {@code <Type> SP <child ids joined by ","> SP <body length> NUL <body>}, whose id is the lowercase hex
 * SHA-256 of those bytes. Types: Message, RecordDict, ArrayRecord, Array, ArrayChunk, ConfigRecord,
 * MetricRecord.
 */
public final class FlowerObjects {
    public static final Set<String> TYPES =
            Set.of("Message", "RecordDict", "ArrayRecord", "Array", "ArrayChunk", "ConfigRecord", "MetricRecord");

    private FlowerObjects() {}

    /** An object's type, child ids (in head order) and body. */
    public record Parsed(String type, List<String> children, byte[] body) {}

    public static byte[] content(String type, List<String> children, byte[] body) {
        byte[] head = (type + " " + String.join(",", children) + " " + body.length).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + 1 + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length + 1, body.length);
        return out;
    }

    /** Lowercase hex SHA-256. */
    public static String id(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public static boolean isId(String s) {
        return s.length() == 64 && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    /** Splits an object into head fields and body, checking the head and the body length. */
    public static Parsed parse(byte[] content) {
        int nul = -1;
        for (int i = 0; i < content.length && i < 1 << 20; i++)
            if (content[i] == 0) {
                nul = i;
                break;
            }
        if (nul < 0) throw new IllegalArgumentException("object has no NUL after its head");
        String head = new String(content, 0, nul, StandardCharsets.UTF_8);
        String[] f = head.split(" ", -1);
        if (f.length != 3)
            throw new IllegalArgumentException("object head '" + abbreviate(head) + "' does not have three fields");
        if (!TYPES.contains(f[0]))
            throw new IllegalArgumentException("object type '" + abbreviate(f[0]) + "' is not one of " + TYPES);
        List<String> children = new ArrayList<>();
        if (!f[1].isEmpty())
            for (String c : f[1].split(",", -1)) {
                if (!isId(c))
                    throw new IllegalArgumentException(
                            f[0] + " object names a child '" + abbreviate(c) + "' that is not a 64-digit hex id");
                children.add(c);
            }
        long len;
        try {
            len = Long.parseLong(f[2]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(f[0] + " object has body length '" + abbreviate(f[2]) + "'");
        }
        if (len != content.length - nul - 1)
            throw new IllegalArgumentException(
                    f[0] + " object says its body is " + len + " bytes, it is " + (content.length - nul - 1));
        byte[] body = new byte[(int) len];
        System.arraycopy(content, nul + 1, body, 0, body.length);
        return new Parsed(f[0], children, body);
    }

    /**
     * A JSON string as Python's json.dumps writes it by default (non-ASCII as \\uXXXX), so that objects
     * built here have the ids Flower computes for the same content.
     */
    static String pyJsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                case '\b':
                    sb.append("\\b");
                    break;
                case '\f':
                    sb.append("\\f");
                    break;
                default:
                    if (c < 0x20 || c > 0x7e) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
