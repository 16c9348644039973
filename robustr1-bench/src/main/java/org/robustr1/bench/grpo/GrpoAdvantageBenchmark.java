package org.robustr1.bench.grpo;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.robustr1.bench.chain.ChainFixtures;
import org.robustr1.core.reward.CompositeReward;
import org.robustr1.core.reward.RewardContext;
import org.robustr1.core.reward.TokenCounter;
import org.robustr1.train.grpo.GrpoMath;
import org.robustr1.train.grpo.ScaleRewards;

/**
 * GRPO's group-relative advantages over a batch of 128 completions, in groups of 8 (the official
 * Robust-R1 setting) or 16, with the train module's {@link GrpoMath} — and the whole CPU-side
 * scoring of such a batch: four official rewards for every ~512-token completion, then advantages.
 *
 * <p>Why it matters: the advantage (reward minus group mean, over the group's standard deviation
 * plus 1e-4) is the only signal GRPO's policy gradient sees; it is computed once per batch, so its
 * cost should be a rounding error. {@link #scoreBatch} is the CPU time the trainer adds to every
 * GRPO step on top of generation and the forward/backward passes; with longer chains (dynamic
 * depth) it grows linearly, see {@code ChainBenchmark}.
 *
 * <p>Units: microseconds per batch of 128 completions.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GrpoAdvantageBenchmark {

  /** Completions per batch. */
  public static final int BATCH = 128;

  /** Completion length for {@link #scoreBatch}, in approximate Qwen tokens. */
  public static final int TOKENS = 512;

  /** Completions per prompt (G). */
  @Param({"8", "16"})
  public int groupSize;

  private double[] rewards;
  private String[] completions;
  private RewardContext[] contexts;
  private CompositeReward reward;

  /**
   * Rewards drawn like the official composite's (a few discrete accuracy/format levels plus
   * continuous r_deg and r_len), and 128 different completions with one context per group.
   */
  @Setup
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(7);
    rewards = new double[BATCH];
    for (int i = 0; i < BATCH; i++) {
      rewards[i] = rnd.nextInt(2) + rnd.nextInt(2) + (rnd.nextDouble() * 3 - 2) + rnd.nextDouble();
    }
    List<String> texts = ChainFixtures.completions(BATCH, TOKENS);
    completions = texts.toArray(new String[0]);
    int groups = BATCH / groupSize;
    RewardContext[] perGroup = new RewardContext[groups];
    for (int g = 0; g < groups; g++) {
      perGroup[g] = ChainFixtures.reference(TOKENS, g);
    }
    contexts = new RewardContext[BATCH];
    for (int i = 0; i < BATCH; i++) {
      contexts[i] = perGroup[i / groupSize];
    }
    reward = CompositeReward.official(TokenCounter.approximate());
  }

  /** Advantages scaled by each group's standard deviation (the official {@code scale_rewards}). */
  @Benchmark
  public double[] advantagesGroupStd() {
    return GrpoMath.advantages(rewards, groupSize, ScaleRewards.GROUP);
  }

  /** Advantages scaled by the whole batch's standard deviation. */
  @Benchmark
  public double[] advantagesBatchStd() {
    return GrpoMath.advantages(rewards, groupSize, ScaleRewards.BATCH);
  }

  /**
   * The CPU side of one GRPO step: the four official rewards for all 128 ~512-token completions
   * against their group's ground truth, then group-scaled advantages.
   */
  @Benchmark
  public double[] scoreBatch() {
    double[] r = new double[BATCH];
    for (int i = 0; i < BATCH; i++) {
      r[i] = reward.reward(completions[i], contexts[i]);
    }
    return GrpoMath.advantages(r, groupSize, ScaleRewards.GROUP);
  }
}
