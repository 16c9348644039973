package org.robustr1.core.reward;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;

/**
 * A reward value with its named components (for a single reward, one component; for a {@link
 * CompositeReward}, each function's unweighted value, in order, as the reference logs them under
 * {@code rewards/<name>}).
 *
 * @param value the (weighted) total
 * @param components the unweighted value of each component by name
 */
public record RewardResult(double value, ImmutableMap<String, Double> components) {

  /** Copies. */
  public RewardResult {
    components = ImmutableMap.copyOf(requireNonNull(components, "components"));
  }

  /** A single-component result. */
  public static RewardResult of(String name, double value) {
    return new RewardResult(value, ImmutableMap.of(name, value));
  }

  /**
   * One component's value.
   *
   * @throws IllegalArgumentException naming the component when there is none of that name
   */
  public double component(String name) {
    Double v = components.get(name);
    if (v == null) {
      throw new IllegalArgumentException(
          "no reward component '" + name + "'; have " + components.keySet());
    }
    return v;
  }
}
