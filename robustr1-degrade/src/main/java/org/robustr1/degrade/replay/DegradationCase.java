package org.robustr1.degrade.replay;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.robustr1.core.degradation.AppliedDegradation;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.degrade.ops.OpParams;

/**
 * One recorded application of an official op, in the golden fixture schema ({@code
 * shared/golden/degrade-robust-r1/README.md} §2): what was applied to which file, and where the
 * result went. Extra fields of the fixtures ({@code draws}, hashes, ...) are ignored on reading.
 *
 * @param op the reference function name, e.g. {@code motion_blur}
 * @param intensity the intensity in [0, 1]
 * @param inputFile input path, relative to a root folder
 * @param outputFile output path, relative to an output folder
 * @param params the op parameters (schema field names); for {@code gaussian_noise} either {@code
 *     noiseSeed} or {@code noiseFile} (a {@code .npy} path relative to the root)
 * @param seed the seed the case was sampled from, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"op", "intensity", "inputFile", "outputFile", "seed", "params"})
public record DegradationCase(
    String op,
    double intensity,
    String inputFile,
    String outputFile,
    Map<String, Object> params,
    Long seed) {

  /** Validates and copies. */
  public DegradationCase {
    requireNonNull(op, "op");
    checkArgument(
        intensity >= 0 && intensity <= 1, "case %s: intensity must be within [0, 1], got %s", outputFile, intensity);
    requireNonNull(params, "params");
    params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /** A case for an applied op with typed parameters. */
  public static DegradationCase of(
      DegradationType type, double intensity, String inputFile, String outputFile, OpParams params, Long seed) {
    return new DegradationCase(type.opName(), intensity, inputFile, outputFile, params.toMap(), seed);
  }

  /** The degradation type of {@link #op()}. */
  public DegradationType type() {
    return DegradationType.fromName(op);
  }

  /** The case as a core {@link AppliedDegradation}. */
  public AppliedDegradation toApplied() {
    return AppliedDegradation.of(type(), intensity, ImmutableMap.copyOf(params));
  }
}
