package org.robustr1.bench.reward;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.robustr1.bench.chain.ChainFixtures;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.chain.ParsedChain;
import org.robustr1.core.reward.CompositeReward;
import org.robustr1.core.reward.RewardContext;
import org.robustr1.core.reward.RewardResult;
import org.robustr1.core.reward.TokenCounter;

/**
 * The project's reward target: the lenient chain parse plus the four official rewards (accuracy,
 * format, r_deg, r_len) for a ~512-token completion must take at most 20 µs.
 *
 * <p>Why it matters: GRPO scores every sampled completion (the official run: 8 per prompt) with
 * the four rewards before computing advantages. On the JVM that work runs beside the model; at 20
 * µs per completion a whole 128-completion batch costs under 3 ms, invisible next to a single
 * decoded token of the 3B model. The benchmarks below use sixteen different completions and
 * ground truths (different prose, answers, TYPE entries) and cycle through them, so that one
 * input's branch pattern cannot flatter the score.
 *
 * <p>Units: microseconds per completion, except {@link #context} (per prompt).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RewardBenchmark {

  /** Completion length of the target, in approximate Qwen tokens. */
  public static final int TOKENS = 512;

  private static final int VARIANTS = 16;

  private String[] completions;
  private String[] groundTruths;
  private RewardContext[] contexts;
  private CompositeReward reward;

  /** Sixteen ~512-token completions, each with its own ground truth. */
  @Setup
  public void setUp() {
    List<String> texts = ChainFixtures.completions(VARIANTS, TOKENS);
    completions = texts.toArray(new String[0]);
    groundTruths = new String[VARIANTS];
    contexts = new RewardContext[VARIANTS];
    for (int i = 0; i < VARIANTS; i++) {
      // Ground truth i is completion (i + 1) mod 16 with shifted strengths: the answer and types
      // agree for some pairs and not for others, as in a real batch.
      contexts[i] = ChainFixtures.reference(TOKENS, (i + 1) % VARIANTS);
      groundTruths[i] = contexts[i].solution().orElseThrow();
    }
    reward = CompositeReward.official(TokenCounter.approximate());
    int n = TokenCounter.approximate().count(completions[0]);
    if (n < TOKENS || n > TOKENS + 16) {
      throw new IllegalStateException("fixture completion has " + n + " tokens, wanted ~" + TOKENS);
    }
  }

  /** A ~512-token completion, for callers outside JMH. */
  public static String sampleCompletion() {
    return ChainFixtures.completion(TOKENS);
  }

  /** The lenient structural parse alone. */
  @Benchmark
  @OperationsPerInvocation(VARIANTS)
  public void parse(Blackhole bh) {
    for (String c : completions) {
      bh.consume(ChainFormat.DEFAULT.parse(c));
    }
  }

  /** The four official rewards, summed (what the trainer adds up per completion). */
  @Benchmark
  @OperationsPerInvocation(VARIANTS)
  public void officialRewards(Blackhole bh) {
    for (int i = 0; i < VARIANTS; i++) {
      bh.consume(reward.reward(completions[i], contexts[i]));
    }
  }

  /** The target: lenient parse plus the four official rewards with named components. */
  @Benchmark
  @OperationsPerInvocation(VARIANTS)
  public void parseAndScore(Blackhole bh) {
    for (int i = 0; i < VARIANTS; i++) {
      ParsedChain parsed = ChainFormat.DEFAULT.parse(completions[i]);
      RewardResult r = reward.score(completions[i], contexts[i]);
      bh.consume(parsed);
      bh.consume(r);
    }
  }

  /**
   * Building the reward context of one prompt from its ground-truth chain (answer and TYPE
   * extraction): paid once per prompt and shared by the prompt's G completions.
   */
  @Benchmark
  @OperationsPerInvocation(VARIANTS)
  public void context(Blackhole bh) {
    for (String gt : groundTruths) {
      bh.consume(RewardContext.ofSolution(gt));
    }
  }
}
