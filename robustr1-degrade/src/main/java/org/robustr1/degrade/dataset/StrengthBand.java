package org.robustr1.degrade.dataset;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Coarse strength bands for wording: {@code [0, 0.35)} slight, {@code [0.35, 0.65)} moderate,
 * {@code [0.65, 1]} severe, applied to the strength as the TYPE section writes it.
 */
public enum StrengthBand {
  /** Strength below 0.35. */
  SLIGHT("slight"),
  /** Strength from 0.35 to below 0.65. */
  MODERATE("moderate"),
  /** Strength 0.65 and above. */
  SEVERE("severe");

  private final String word;

  StrengthBand(String word) {
    this.word = word;
  }

  /** The lower-case adjective, e.g. {@code moderate}. */
  public String word() {
    return word;
  }

  /** The band of a strength in [0, 1]. */
  public static StrengthBand of(double strength) {
    checkArgument(strength >= 0 && strength <= 1, "strength must be within [0, 1], got %s", strength);
    if (strength < 0.35) {
      return SLIGHT;
    }
    return strength < 0.65 ? MODERATE : SEVERE;
  }
}
