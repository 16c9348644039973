package org.robustr1.core.degradation;

/**
 * A degradation intensity {@code i} in [0, 1], the single knob every official op is driven by.
 *
 * <p>The official evaluation sets use {@link #LOW} (0.23, "25 %"), {@link #MID} (0.45, "50 %") and
 * {@link #HIGH} (0.9, "100 %"); note that "100 %" is 0.9, not 1.0.
 *
 * @param value the intensity, finite and within [0, 1]
 */
public record Intensity(double value) implements Comparable<Intensity> {
  /** The "25 %" evaluation level. */
  public static final Intensity LOW = new Intensity(0.23);
  /** The "50 %" evaluation level. */
  public static final Intensity MID = new Intensity(0.45);
  /** The "100 %" evaluation level (0.9 in the official script). */
  public static final Intensity HIGH = new Intensity(0.9);

  /** Validates the value. */
  public Intensity {
    if (Double.isNaN(value) || value < 0.0 || value > 1.0) {
      throw new IllegalArgumentException("intensity must be within [0, 1], got " + value);
    }
  }

  /** Same as the constructor. */
  public static Intensity of(double value) {
    return new Intensity(value);
  }

  /**
   * The official level for a percentage label: 25, 50 or 100.
   *
   * @throws IllegalArgumentException for any other label
   */
  public static Intensity ofPercent(int percent) {
    return switch (percent) {
      case 25 -> LOW;
      case 50 -> MID;
      case 100 -> HIGH;
      default ->
          throw new IllegalArgumentException(
              "official levels are 25, 50 and 100 (%), got " + percent);
    };
  }

  @Override
  public int compareTo(Intensity o) {
    return Double.compare(value, o.value);
  }
}
