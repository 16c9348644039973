package org.robustr1.core.length;

import org.robustr1.core.degradation.DegradationRecord;

/**
 * Maps a degradation record to a target reasoning-chain length L* (in the units of the token
 * counter used with it, normally tokens). Implementations are immutable and thread-safe.
 */
public interface LengthPolicy {

  /**
   * The target length for an image degraded as {@code record}; always finite and at least 1.
   *
   * @param record the applied degradations ({@link DegradationRecord#totalIntensity()} is the
   *     quantity the built-in policies use)
   */
  double targetLength(DegradationRecord record);

  /**
   * The default: linear from {@value LinearLengthPolicy#DEFAULT_MIN_LENGTH} tokens for a clean
   * image to {@value LinearLengthPolicy#DEFAULT_MAX_LENGTH} tokens at total intensity 1 and above.
   * These numbers are not from the reference (which has no explicit formula); fit a policy to the
   * dataset with {@link FittedLengthPolicy} for faithful targets.
   */
  static LengthPolicy defaultPolicy() {
    return LinearLengthPolicy.DEFAULT;
  }

  /** Linear from {@code minLength} at total intensity 0 to {@code maxLength} at 1 (and above). */
  static LengthPolicy linear(double minLength, double maxLength) {
    return LinearLengthPolicy.builder().optMinLength(minLength).optMaxLength(maxLength).build();
  }
}
