package org.robustr1.eval.data;

import java.util.Locale;

/** What a loader or run does with a bad row or an undecodable image. */
public enum BadInputPolicy {
  /** Log it, record it in the report of skipped items, and go on. */
  SKIP,
  /** Stop with a {@link DataFormatException} naming the file and row. */
  FAIL;

  /** Parses {@code skip} or {@code fail}. */
  public static BadInputPolicy parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown policy '" + s + "'; expected skip or fail", e);
    }
  }
}
