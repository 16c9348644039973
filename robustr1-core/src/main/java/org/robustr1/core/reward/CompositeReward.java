package org.robustr1.core.reward;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A weighted sum of rewards. {@link #official()} is the reference trainer's total: accuracy +
 * format + type + length, each with weight 1 (the reference ignores {@code reward_weights}).
 *
 * <p>The reference sums in a float32 tensor; this class sums in double, in component order.
 */
public final class CompositeReward implements RewardFunction {
  private final ImmutableList<RewardFunction> functions;
  private final double[] weights;
  private final String name;

  private CompositeReward(List<RewardFunction> functions, double[] weights, String name) {
    this.functions = ImmutableList.copyOf(functions);
    this.weights = weights.clone();
    this.name = name;
  }

  /** The four official rewards with the {@link TokenCounter#approximate() default} counter. */
  public static CompositeReward official() {
    return official(TokenCounter.approximate());
  }

  /** The four official rewards, counting tokens with {@code counter}. */
  public static CompositeReward official(TokenCounter counter) {
    return builder()
        .add(AccuracyReward.official())
        .add(FormatReward.official())
        .add(DegradationReward.official())
        .add(LengthReward.official(counter))
        .build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  /** The component functions, in order. */
  public ImmutableList<RewardFunction> functions() {
    return functions;
  }

  /** The weight of component {@code i}. */
  public double weight(int i) {
    return weights[i];
  }

  @Override
  public double reward(String completion, RewardContext context) {
    double total = 0;
    for (int i = 0; i < weights.length; i++) {
      total += weights[i] * functions.get(i).reward(completion, context);
    }
    return total;
  }

  @Override
  public RewardResult score(String completion, RewardContext context) {
    ImmutableMap.Builder<String, Double> parts = ImmutableMap.builderWithExpectedSize(weights.length);
    double total = 0;
    for (int i = 0; i < weights.length; i++) {
      double v = functions.get(i).reward(completion, context);
      parts.put(functions.get(i).name(), v);
      total += weights[i] * v;
    }
    return new RewardResult(total, parts.build());
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name).append('[');
    for (int i = 0; i < weights.length; i++) {
      sb.append(i == 0 ? "" : " + ").append(weights[i]).append('·').append(functions.get(i));
    }
    return sb.append(']').toString();
  }

  /** Builder for {@link CompositeReward}. */
  public static final class Builder {
    private final List<RewardFunction> functions = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private String name = "reward";

    private Builder() {}

    /** Adds a component with weight 1. */
    public Builder add(RewardFunction f) {
      return add(f, 1.0);
    }

    /**
     * Adds a component.
     *
     * @throws IllegalArgumentException for a non-finite weight or a repeated component name
     */
    public Builder add(RewardFunction f, double weight) {
      requireNonNull(f, "reward function");
      checkArgument(Double.isFinite(weight), "weight of %s must be finite, got %s", f.name(), weight);
      checkArgument(names.add(f.name()), "reward component '%s' added twice", f.name());
      functions.add(f);
      weights.add(weight);
      return this;
    }

    /** The name of the total (default {@code reward}). */
    public Builder optName(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /** Builds; at least one component is required. */
    public CompositeReward build() {
      checkArgument(!functions.isEmpty(), "a composite reward needs at least one component");
      double[] w = new double[weights.size()];
      for (int i = 0; i < w.length; i++) {
        w[i] = weights.get(i);
      }
      return new CompositeReward(functions, w, name);
    }
  }
}
