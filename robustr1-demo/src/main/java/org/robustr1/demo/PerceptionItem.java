package org.robustr1.demo;

import java.util.List;
import java.util.Map;
import org.robustr1.core.chain.TypedStrength;
import org.robustr1.core.degradation.DegradationType;

/**
 * One chain written for a held-out image degraded like the training set (several stages, random
 * intensities): what was applied and what the chain's TYPE section named.
 *
 * @param index question id
 * @param applied applied degradation to intensity (empty when clean)
 * @param predicted the TYPE entries of the chain, in order (empty when it names none or is malformed)
 * @param wellFormed whether the chain parsed in the Robust-R1 format
 * @param tokens tokens of the whole output
 */
public record PerceptionItem(
    String index, Map<DegradationType, Double> applied, List<TypedStrength> predicted, boolean wellFormed, int tokens) {

  /** Copies the collections. */
  public PerceptionItem {
    applied = Map.copyOf(applied);
    predicted = List.copyOf(predicted);
  }

  /** Sum of applied intensities (0 when clean). */
  public double totalIntensity() {
    return applied.values().stream().mapToDouble(Double::doubleValue).sum();
  }
}
