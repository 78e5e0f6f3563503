/*
 * Json: a small pretty-printing JSON writer (RFC 8259) for reports: metrics per round, run metadata.
 * It writes maps, lists, arrays, records, numbers, booleans, strings and null; NaN and infinities,
 * which JSON cannot express, become null. It is not a parser and not an object mapper: anything it
 * does not know is an error rather than a silent toString().
 */
package org.fatecg.io;

import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes Java values as pretty JSON with two-space indentation.
 *
 * <ul>
 *   <li>{@code Map}: an object, keys by {@code String.valueOf}, in the map's iteration order (use a
 *       LinkedHashMap for a stable file).
 *   <li>{@code Iterable}, Java arrays (primitive or not): an array. An array of scalars only stays on
 *       one line ({@code [0.5, 0.75, 1.0]}), so a metric over eleven rounds reads as one row.
 *   <li>records: an object of their components, in declaration order.
 *   <li>{@code Double}/{@code Float}: shortest round-trip decimal ({@code Double.toString}, whose
 *       {@code 1.0E-5} form is valid JSON); NaN and +-Infinity: {@code null}.
 *   <li>other {@code Number}s, {@code Boolean}: as themselves; {@code CharSequence}, {@code Character},
 *       enums, {@code Path}: strings, escaped per RFC 8259 section 7.
 * </ul>
 */
public final class Json {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Json() {}

  /** The pretty JSON text of value, without a trailing newline. */
  public static String write(Object value) {
    StringBuilder sb = new StringBuilder(256);
    value(sb, value, 0);
    return sb.toString();
  }

  /** Writes value as pretty JSON plus a newline to file, atomically (see {@link AtomicFiles}). */
  public static void write(Path file, Object value) throws IOException {
    AtomicFiles.write(file, (write(value) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** A JSON string literal for s, quotes included. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    string(sb, s);
    return sb.toString();
  }

  private static void value(StringBuilder sb, Object v, int depth) {
    if (depth > 64) {
      throw new IllegalArgumentException("nesting deeper than 64: a cycle?");
    }
    if (v == null) {
      sb.append("null");
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (!Double.isFinite(d)) {
        sb.append("null");
      } else {
        sb.append(v instanceof Float ? Float.toString((Float) v) : Double.toString(d));
      }
    } else if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long
        || v instanceof BigInteger || v instanceof BigDecimal) {
      sb.append(v);
    } else if (v instanceof Boolean) {
      sb.append(v);
    } else if (v instanceof CharSequence || v instanceof Character || v instanceof Enum<?>
        || v instanceof Path) {
      string(sb, v.toString());
    } else if (v instanceof Map<?, ?> map) {
      object(sb, map, depth);
    } else if (v instanceof Iterable<?> it) {
      array(sb, it.iterator(), depth);
    } else if (v.getClass().isArray()) {
      array(sb, new ArrayIterator(v), depth);
    } else if (v.getClass().isRecord()) {
      object(sb, recordToMap(v), depth);
    } else {
      throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
    }
  }

  private static void object(StringBuilder sb, Map<?, ?> map, int depth) {
    if (map.isEmpty()) {
      sb.append("{}");
      return;
    }
    sb.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      sb.append(first ? "\n" : ",\n");
      first = false;
      indent(sb, depth + 1);
      string(sb, String.valueOf(e.getKey()));
      sb.append(": ");
      value(sb, e.getValue(), depth + 1);
    }
    sb.append('\n');
    indent(sb, depth);
    sb.append('}');
  }

  private static void array(StringBuilder sb, Iterator<?> it, int depth) {
    // Buffer the elements once to decide between the one-line and the one-per-line layout.
    java.util.List<Object> items = new java.util.ArrayList<>();
    boolean scalars = true;
    while (it.hasNext()) {
      Object o = it.next();
      items.add(o);
      scalars &= isScalar(o);
    }
    if (items.isEmpty()) {
      sb.append("[]");
      return;
    }
    sb.append('[');
    for (int i = 0; i < items.size(); i++) {
      if (scalars) {
        sb.append(i == 0 ? "" : ", ");
      } else {
        sb.append(i == 0 ? "\n" : ",\n");
        indent(sb, depth + 1);
      }
      value(sb, items.get(i), depth + 1);
    }
    if (!scalars) {
      sb.append('\n');
      indent(sb, depth);
    }
    sb.append(']');
  }

  private static boolean isScalar(Object o) {
    return o == null || o instanceof Number || o instanceof Boolean || o instanceof CharSequence
        || o instanceof Character || o instanceof Enum<?> || o instanceof Path;
  }

  private static void indent(StringBuilder sb, int depth) {
    for (int i = 0; i < depth; i++) {
      sb.append("  ");
    }
  }

  /**
   * RFC 8259 section 7: quote and backslash are escaped, control characters below U+0020 use the
   * short forms where they exist and backslash-u otherwise. U+2028 and U+2029 are escaped as well,
   * since they end lines in JavaScript source. Everything else, non-ASCII included, is written as is.
   */
  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            sb.append("\\u");
            for (int shift = 12; shift >= 0; shift -= 4) {
              sb.append(HEX[c >> shift & 0xf]);
            }
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static Map<String, Object> recordToMap(Object rec) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (RecordComponent rc : rec.getClass().getRecordComponents()) {
      try {
        rc.getAccessor().setAccessible(true);
        m.put(rc.getName(), rc.getAccessor().invoke(rec));
      } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
        throw new IllegalArgumentException("cannot read record component " + rc.getName(), e);
      }
    }
    return m;
  }

  /** Iterates any Java array, boxing primitives (reports are small; this is not a hot path). */
  private static final class ArrayIterator implements Iterator<Object> {
    private final Object array;
    private final int n;
    private int i;

    ArrayIterator(Object array) {
      this.array = array;
      this.n = Array.getLength(array);
    }

    @Override
    public boolean hasNext() {
      return i < n;
    }

    @Override
    public Object next() {
      return Array.get(array, i++);
    }
  }
}
