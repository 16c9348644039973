package org.robustr1.core.length;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import org.robustr1.core.degradation.DegradationRecord;

/**
 * The ordinary least-squares line L* = intercept + slope · I through a dataset's (total intensity
 * I, chain length L) pairs, clamped to the range of observed lengths (and to at least 1).
 *
 * <p>With fewer than two distinct intensities the slope is 0 and the target is the mean length.
 * Build one with {@link #fit(double[], double[])} or stream pairs into an {@link #accumulator()}.
 *
 * @param intercept the fitted length at intensity 0
 * @param slope the fitted length change per unit of total intensity
 * @param minLength lower clamp (smallest observed length, at least 1)
 * @param maxLength upper clamp (largest observed length)
 * @param count number of pairs fitted
 * @param rSquared coefficient of determination of the fit (1 when the lengths have no variance)
 */
public record FittedLengthPolicy(
    double intercept, double slope, double minLength, double maxLength, long count, double rSquared)
    implements LengthPolicy {

  /** Validates. */
  public FittedLengthPolicy {
    checkArgument(Double.isFinite(intercept) && Double.isFinite(slope),
        "intercept and slope must be finite, got %s and %s", intercept, slope);
    checkArgument(minLength >= 1 && maxLength >= minLength,
        "need 1 <= minLength <= maxLength, got %s and %s", minLength, maxLength);
    checkArgument(count > 0, "count must be positive, got %s", count);
  }

  @Override
  public double targetLength(DegradationRecord record) {
    return targetLength(record.totalIntensity());
  }

  /** The clamped fitted length at a total intensity. */
  public double targetLength(double totalIntensity) {
    checkArgument(!Double.isNaN(totalIntensity), "total intensity is NaN");
    double v = intercept + slope * totalIntensity;
    return Math.max(minLength, Math.min(maxLength, v));
  }

  /**
   * Fits pairs given as parallel arrays.
   *
   * @throws IllegalArgumentException if the arrays differ in length, are empty, or hold a
   *     non-finite or negative intensity or a non-finite or non-positive length (naming the index)
   */
  public static FittedLengthPolicy fit(double[] intensities, double[] lengths) {
    checkArgument(intensities.length == lengths.length,
        "%s intensities but %s lengths", intensities.length, lengths.length);
    Accumulator a = accumulator();
    for (int i = 0; i < intensities.length; i++) {
      a.add(intensities[i], lengths[i], i);
    }
    return a.fit();
  }

  /** An empty accumulator. */
  public static Accumulator accumulator() {
    return new Accumulator();
  }

  /** Streams (intensity, length) pairs (Welford updates, numerically stable). Not thread-safe. */
  public static final class Accumulator {
    private long n;
    private double meanX;
    private double meanY;
    private double sxx;
    private double syy;
    private double sxy;
    private double minY = Double.POSITIVE_INFINITY;
    private double maxY = Double.NEGATIVE_INFINITY;

    private Accumulator() {}

    /** Adds the pair of one sample. */
    public Accumulator add(DegradationRecord record, double length) {
      return add(record.totalIntensity(), length, n);
    }

    /** Adds one pair. */
    public Accumulator add(double intensity, double length) {
      return add(intensity, length, n);
    }

    private Accumulator add(double x, double y, long index) {
      checkArgument(Double.isFinite(x) && x >= 0,
          "pair %s: intensity must be finite and >= 0, got %s", (Object) index, (Object) x);
      checkArgument(Double.isFinite(y) && y > 0,
          "pair %s: length must be finite and > 0, got %s", (Object) index, (Object) y);
      n++;
      double dx = x - meanX;
      double dy = y - meanY;
      meanX += dx / n;
      meanY += dy / n;
      sxx += dx * (x - meanX);
      syy += dy * (y - meanY);
      sxy += dx * (y - meanY);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
      return this;
    }

    /** Number of pairs added. */
    public long count() {
      return n;
    }

    /**
     * The least-squares policy.
     *
     * @throws IllegalStateException when no pair was added
     */
    public FittedLengthPolicy fit() {
      checkState(n > 0, "no (intensity, length) pairs to fit");
      double slope = sxx > 1e-12 * Math.max(1, meanX * meanX) * n ? sxy / sxx : 0;
      double intercept = meanY - slope * meanX;
      double r2 = syy > 0 ? (slope * sxy) / syy : 1;
      return new FittedLengthPolicy(
          intercept, slope, Math.max(1, minY), Math.max(Math.max(1, minY), maxY), n, r2);
    }
  }
}
