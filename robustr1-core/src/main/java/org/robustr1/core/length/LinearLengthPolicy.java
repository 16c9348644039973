package org.robustr1.core.length;

import static com.google.common.base.Preconditions.checkArgument;

import org.robustr1.core.degradation.DegradationRecord;

/**
 * L* = minLength + (maxLength − minLength) · clamp((I − minIntensity) / (maxIntensity −
 * minIntensity), 0, 1), where I is the record's total intensity.
 *
 * @param minLength target length of a clean (or weakest) image, at least 1
 * @param maxLength target length at and above {@code maxIntensity}, at least {@code minLength}
 * @param minIntensity total intensity mapped to {@code minLength}
 * @param maxIntensity total intensity mapped to {@code maxLength}, above {@code minIntensity}
 */
public record LinearLengthPolicy(
    double minLength, double maxLength, double minIntensity, double maxIntensity)
    implements LengthPolicy {

  /** Default target for a clean image, in tokens. */
  public static final double DEFAULT_MIN_LENGTH = 128;

  /** Default target at total intensity 1, in tokens. */
  public static final double DEFAULT_MAX_LENGTH = 512;

  /** 128 tokens at intensity 0 to 512 tokens at intensity 1. */
  public static final LinearLengthPolicy DEFAULT =
      new LinearLengthPolicy(DEFAULT_MIN_LENGTH, DEFAULT_MAX_LENGTH, 0, 1);

  /** Validates. */
  public LinearLengthPolicy {
    checkArgument(Double.isFinite(minLength) && minLength >= 1,
        "minLength must be finite and >= 1, got %s", minLength);
    checkArgument(Double.isFinite(maxLength) && maxLength >= minLength,
        "maxLength must be finite and >= minLength (%s), got %s", minLength, maxLength);
    checkArgument(Double.isFinite(minIntensity) && minIntensity >= 0,
        "minIntensity must be finite and >= 0, got %s", minIntensity);
    checkArgument(Double.isFinite(maxIntensity) && maxIntensity > minIntensity,
        "maxIntensity must be finite and > minIntensity (%s), got %s", minIntensity, maxIntensity);
  }

  @Override
  public double targetLength(DegradationRecord record) {
    return targetLength(record.totalIntensity());
  }

  /** The target for a total intensity. */
  public double targetLength(double totalIntensity) {
    checkArgument(!Double.isNaN(totalIntensity), "total intensity is NaN");
    double u = (totalIntensity - minIntensity) / (maxIntensity - minIntensity);
    u = Math.max(0, Math.min(1, u));
    return minLength + (maxLength - minLength) * u;
  }

  /** A builder starting from {@link #DEFAULT}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link LinearLengthPolicy}. */
  public static final class Builder {
    private double minLength = DEFAULT_MIN_LENGTH;
    private double maxLength = DEFAULT_MAX_LENGTH;
    private double minIntensity = 0;
    private double maxIntensity = 1;

    private Builder() {}

    /** Target length at {@code minIntensity} (default 128). */
    public Builder optMinLength(double v) {
      minLength = v;
      return this;
    }

    /** Target length at {@code maxIntensity} (default 512). */
    public Builder optMaxLength(double v) {
      maxLength = v;
      return this;
    }

    /** Total intensity of the shortest target (default 0). */
    public Builder optMinIntensity(double v) {
      minIntensity = v;
      return this;
    }

    /** Total intensity of the longest target (default 1; the composite pipeline can reach 4). */
    public Builder optMaxIntensity(double v) {
      maxIntensity = v;
      return this;
    }

    /** Builds and validates. */
    public LinearLengthPolicy build() {
      return new LinearLengthPolicy(minLength, maxLength, minIntensity, maxIntensity);
    }
  }
}
