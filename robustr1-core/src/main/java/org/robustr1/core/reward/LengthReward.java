package org.robustr1.core.reward;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.OptionalDouble;
import org.robustr1.core.length.LengthPolicy;

/**
 * The length reward r_len (the reference {@code length_reward}): {@code 1 − |L − L*| / L*}, where L
 * is the completion's token count and L* the target length.
 *
 * <p>The target is, in order of precedence: the context's explicit {@link
 * RewardContext#targetLength()}; the token count of the context's solution string (the official
 * target: {@code "<answer> " + GT + " </answer>"}, wrapper included); the {@link LengthPolicy}'s
 * target for the context's degradation record. {@link #official()} is unbounded below (0 at twice
 * the target, −1 at three times); {@link #clipped()} clamps to [0, 1].
 */
public final class LengthReward implements RewardFunction {
  private final TokenCounter counter;
  private final LengthPolicy policy;
  private final double floor;
  private final String name;

  private LengthReward(Builder b) {
    this.counter = b.counter;
    this.policy = b.policy;
    this.floor = b.floor;
    this.name = Double.isInfinite(floor) ? "length_reward" : "length_reward_clipped";
  }

  /** The reference reward with the {@link TokenCounter#approximate() default} token counter. */
  public static LengthReward official() {
    return builder().build();
  }

  /** The reference reward with the given token counter (use the policy model's tokenizer). */
  public static LengthReward official(TokenCounter counter) {
    return builder().optTokenCounter(counter).build();
  }

  /** The variant clipped to [0, 1], default token counter. */
  public static LengthReward clipped() {
    return builder().optFloor(0).build();
  }

  /** The variant clipped to [0, 1] with the given token counter. */
  public static LengthReward clipped(TokenCounter counter) {
    return builder().optTokenCounter(counter).optFloor(0).build();
  }

  /** A builder (defaults: approximate counter, default length policy, unbounded). */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  /** The token counter. */
  public TokenCounter tokenCounter() {
    return counter;
  }

  @Override
  public double reward(String completion, RewardContext context) {
    double target = targetLength(context);
    double len = counter.count(completion);
    double r = 1 - (Math.abs(len - target) / target);
    return Math.max(floor, r);
  }

  /**
   * The target length L* for a context.
   *
   * @throws IllegalStateException when the context has no target, no solution and no record
   */
  public double targetLength(RewardContext context) {
    OptionalDouble explicit = context.targetLength();
    if (explicit.isPresent()) {
      return explicit.getAsDouble();
    }
    if (context.solution().isPresent()) {
      return context.solutionTokens(counter);
    }
    if (context.record().isPresent()) {
      return policy.targetLength(context.record().get());
    }
    throw new IllegalStateException(
        "no length target: the reward context has no target length, no reference solution and no"
            + " degradation record");
  }

  @Override
  public String toString() {
    return name + "[" + counter + "]";
  }

  /** Builder for {@link LengthReward}. */
  public static final class Builder {
    private TokenCounter counter = TokenCounter.approximate();
    private LengthPolicy policy = LengthPolicy.defaultPolicy();
    private double floor = Double.NEGATIVE_INFINITY;

    private Builder() {}

    /** How tokens are counted (default {@link TokenCounter#approximate()}). */
    public Builder optTokenCounter(TokenCounter counter) {
      this.counter = requireNonNull(counter, "counter");
      return this;
    }

    /** The target for contexts without a reference solution (default linear 128..512). */
    public Builder optLengthPolicy(LengthPolicy policy) {
      this.policy = requireNonNull(policy, "policy");
      return this;
    }

    /** Lower clamp of the reward (default none; at most 1). */
    public Builder optFloor(double floor) {
      checkArgument(!Double.isNaN(floor) && floor <= 1, "floor must be <= 1, got %s", floor);
      this.floor = floor;
      return this;
    }

    /** Builds the reward. */
    public LengthReward build() {
      return new LengthReward(this);
    }
  }
}
