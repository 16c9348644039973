package org.robustr1.train.checkpoint;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Map;

/**
 * Typed reads of a settings map read back from JSON ({@link RunConfig}), with messages naming the
 * field.
 */
public final class Settings {

  private Settings() {}

  private static Object get(Map<String, ?> m, String name) {
    Object v = m.get(name);
    checkArgument(v != null, "setting %s is missing", name);
    return v;
  }

  private static Number number(Map<String, ?> m, String name) {
    Object v = get(m, name);
    if (v instanceof Number n) {
      return n;
    }
    try {
      return Double.valueOf(v.toString());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("setting " + name + " must be a number, got " + v, e);
    }
  }

  /** An int setting. */
  public static int integer(Map<String, ?> m, String name) {
    return number(m, name).intValue();
  }

  /** A long setting. */
  public static long longValue(Map<String, ?> m, String name) {
    Object v = get(m, name);
    return v instanceof Number n ? n.longValue() : Long.parseLong(v.toString());
  }

  /** A double setting. */
  public static double doubleValue(Map<String, ?> m, String name) {
    return number(m, name).doubleValue();
  }

  /** A string setting. */
  public static String string(Map<String, ?> m, String name) {
    return get(m, name).toString();
  }

  /** The entries whose names start with {@code prefix}, the prefix removed. */
  public static Map<String, Object> under(Map<String, ?> m, String prefix) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    m.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }

  /** A boolean setting. */
  public static boolean bool(Map<String, ?> m, String name) {
    Object v = get(m, name);
    return v instanceof Boolean b ? b : Boolean.parseBoolean(v.toString());
  }
}
