package org.robustr1.core.degradation;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * The ordered list of degradations applied to one image (one per stage in the composite
 * pipeline, one in total in the official evaluation sampling; empty for a clean image).
 *
 * @param steps the degradations, in the order they were applied
 */
public record DegradationRecord(ImmutableList<AppliedDegradation> steps) {

  /** The record of a clean image. */
  public static final DegradationRecord CLEAN = new DegradationRecord(ImmutableList.of());

  /** Copies the list. */
  public DegradationRecord {
    requireNonNull(steps, "steps");
    steps = ImmutableList.copyOf(steps);
  }

  /** A record of the given steps. */
  public static DegradationRecord of(List<AppliedDegradation> steps) {
    return new DegradationRecord(ImmutableList.copyOf(steps));
  }

  /** A record of the given steps. */
  public static DegradationRecord of(AppliedDegradation... steps) {
    return new DegradationRecord(ImmutableList.copyOf(steps));
  }

  /** The sum of the step intensities: the quantity the length policy maps to a chain length. */
  public double totalIntensity() {
    double s = 0;
    for (AppliedDegradation d : steps) {
      s += d.intensity().value();
    }
    return s;
  }

  /** The largest step intensity (0 for a clean image). */
  public double maxIntensity() {
    double m = 0;
    for (AppliedDegradation d : steps) {
      m = Math.max(m, d.intensity().value());
    }
    return m;
  }

  /** Whether no degradation was applied. */
  public boolean isClean() {
    return steps.isEmpty();
  }
}
