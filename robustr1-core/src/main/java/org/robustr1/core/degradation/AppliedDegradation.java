package org.robustr1.core.degradation;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import java.util.Map;

/**
 * One degradation as it was applied: its type, intensity and the op parameters actually drawn
 * (angles, positions, seeds, ...), so that replaying the parameters reproduces the image exactly.
 *
 * <p>{@code params} uses the field names of the golden fixture schema; values are JSON-compatible
 * (numbers, strings, booleans, lists and maps of those).
 *
 * @param type the degradation
 * @param intensity its intensity
 * @param params the recorded op parameters (may be empty)
 */
public record AppliedDegradation(
    DegradationType type, Intensity intensity, ImmutableMap<String, Object> params) {

  /** Validates and copies. */
  public AppliedDegradation {
    requireNonNull(type, "type");
    requireNonNull(intensity, "intensity");
    params = params == null ? ImmutableMap.of() : ImmutableMap.copyOf(params);
  }

  /** An applied degradation with the given parameters. */
  public static AppliedDegradation of(
      DegradationType type, double intensity, Map<String, ?> params) {
    return new AppliedDegradation(
        type, Intensity.of(intensity), params == null ? null : ImmutableMap.copyOf(params));
  }

  /** An applied degradation without recorded parameters. */
  public static AppliedDegradation of(DegradationType type, double intensity) {
    return new AppliedDegradation(type, Intensity.of(intensity), ImmutableMap.of());
  }
}
