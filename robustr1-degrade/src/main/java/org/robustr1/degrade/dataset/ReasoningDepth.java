package org.robustr1.degrade.dataset;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How many rationale sentences the REASONING of a chain keeps for an image: the dynamic reasoning
 * depth of Robust-R1, whose chains were compressed according to the summed intensity (light
 * degradation, brief reasoning; heavy degradation, longer reasoning).
 */
@FunctionalInterface
public interface ReasoningDepth {

  /**
   * The number of sentences to keep, in [1, {@code available}] (or 0 when none is available).
   *
   * @param totalIntensity the sum of the applied intensities (0 for a clean image)
   * @param available the rationale sentences of the question
   */
  int sentences(double totalIntensity, int available);

  /** Every rationale, whatever the intensity (the builder's default). */
  static ReasoningDepth all() {
    return (total, available) -> available;
  }

  /**
   * One sentence, plus one for each threshold the total intensity reaches: {@code steps(0.3, 0.7)}
   * keeps 1 sentence below 0.3, 2 below 0.7 and 3 from 0.7 on (never more than are available).
   */
  static ReasoningDepth steps(double... thresholds) {
    double[] t = thresholds.clone();
    for (int i = 0; i < t.length; i++) {
      checkArgument(t[i] > 0 && (i == 0 || t[i] > t[i - 1]), "thresholds must be positive and increasing");
    }
    return (total, available) -> {
      int n = 1;
      for (double x : t) {
        if (total >= x) {
          n++;
        }
      }
      return Math.min(n, available);
    };
  }
}
