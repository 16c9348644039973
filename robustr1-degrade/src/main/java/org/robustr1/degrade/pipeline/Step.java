package org.robustr1.degrade.pipeline;

import static java.util.Objects.requireNonNull;

import org.robustr1.core.degradation.AppliedDegradation;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.degradation.Intensity;
import org.robustr1.degrade.ops.OpParams;

/**
 * One planned (or applied) op: its type, intensity and explicit parameters.
 *
 * @param type the official op
 * @param intensity its intensity
 * @param params the sampled parameters
 */
public record Step(DegradationType type, Intensity intensity, OpParams params) {
  /** Validates. */
  public Step {
    requireNonNull(type, "type");
    requireNonNull(intensity, "intensity");
    requireNonNull(params, "params");
  }

  /** The step as a core {@link AppliedDegradation} (parameters as a schema map). */
  public AppliedDegradation toApplied() {
    return new AppliedDegradation(type, intensity, params.toMap());
  }
}
