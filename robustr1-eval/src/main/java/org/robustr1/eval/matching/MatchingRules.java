package org.robustr1.eval.matching;

import java.util.Locale;

/**
 * The versions of VLMEvalKit's {@code vlmeval/utils/matching_util.py}.
 *
 * <ul>
 *   <li>{@link #LEGACY}: 2024-02-04 .. 2025-08-04 (R-Bench-Dis/Ref and MMMB were added under it).
 *   <li>{@link #V2025}: 2025-08-04 ({@code c3371551}) .. 2026-06-17: a choice letter must first
 *       occur among the last 4 tokens; the text stage gives up on answers longer than twice the
 *       total option length.
 *   <li>{@link #CURRENT}: from 2026-06-17 ({@code a67ace50}): adds the {@code "answer is X"}
 *       regex.
 * </ul>
 */
public enum MatchingRules {
  LEGACY,
  V2025,
  CURRENT;

  /** Parses {@code legacy}, {@code v2025} or {@code current} (case-insensitive). */
  public static MatchingRules parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown matching rules '" + s + "'; expected legacy, v2025 or current", e);
    }
  }

  boolean positionCheck() {
    return this != LEGACY;
  }

  boolean lengthCheck() {
    return this != LEGACY;
  }

  boolean answerIsRegex() {
    return this == CURRENT;
  }
}
