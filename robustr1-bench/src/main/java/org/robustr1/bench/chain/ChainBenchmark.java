package org.robustr1.bench.chain;

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
import org.openjdk.jmh.infra.Blackhole;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.chain.ParsedChain;
import org.robustr1.core.chain.ReasoningChain;
import org.robustr1.core.reward.AccuracyReward;
import org.robustr1.core.reward.CompositeReward;
import org.robustr1.core.reward.DegradationReward;
import org.robustr1.core.reward.FormatReward;
import org.robustr1.core.reward.LengthReward;
import org.robustr1.core.reward.RewardContext;
import org.robustr1.core.reward.TokenCounter;

/**
 * The CPU cost of one completion as a function of its length, from 64 to 4096 tokens: render,
 * parse, count tokens, each of the four official rewards alone, their sum, and the lenient parse
 * plus the four rewards together (what a GRPO step does for every sampled completion).
 *
 * <p>Why it matters: Robust-R1's dynamic reasoning depth makes chains longer on more degraded
 * images. Every operation here is linear in the text, so the score should double with {@code
 * tokens}; a super-linear step would mean a quadratic scan (a regex backtracking, a repeated
 * {@code substring}) that long chains would expose in training. The model spends roughly a second
 * per decoded token for the 3B shapes on two cores, so even 4096-token chains must cost
 * microseconds, not milliseconds, here.
 *
 * <p>Units: microseconds per completion (average time).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChainBenchmark {

  /** Chain length in approximate Qwen tokens (rendered chain, tags included). */
  @Param({"64", "128", "256", "512", "1024", "2048", "4096"})
  public int tokens;

  private ReasoningChain chain;
  private String completion;
  private RewardContext context;
  private final TokenCounter counter = TokenCounter.approximate();
  private final AccuracyReward accuracy = AccuracyReward.official();
  private final FormatReward format = FormatReward.official();
  private final DegradationReward degradation = DegradationReward.official();
  private final LengthReward length = LengthReward.official(TokenCounter.approximate());
  private final CompositeReward official = CompositeReward.official(TokenCounter.approximate());

  /** Builds the chain, its text and a ground truth of the same length. */
  @Setup
  public void setUp() {
    chain = ChainFixtures.chain(tokens, 0);
    completion = ChainFixtures.render(chain);
    context = ChainFixtures.reference(tokens);
    ParsedChain parsed = ChainFormat.DEFAULT.parse(completion);
    if (!parsed.isClean()) {
      throw new IllegalStateException("fixture chain does not parse cleanly: " + parsed.problems());
    }
  }

  /**
   * Rendering a typed chain to text ({@code <TYPE>…<ANSWER_END>}): the dataset builder's cost per
   * SFT row.
   */
  @Benchmark
  public String render() {
    return ChainFormat.DEFAULT.render(chain);
  }

  /**
   * The lenient structural parse (sections, offsets, typed TYPE entries, problems): what evaluation
   * and the dataset checks run on every model output.
   */
  @Benchmark
  public ParsedChain parse() {
    return ChainFormat.DEFAULT.parse(completion);
  }

  /**
   * Counting tokens with the approximate Qwen pre-tokenizer counter: the inner loop of r_len, and
   * the part of it that grows with the chain.
   */
  @Benchmark
  public int countTokens() {
    return counter.count(completion);
  }

  /** The accuracy reward alone: extract ANSWER, compare with the reference answer. */
  @Benchmark
  public double accuracyReward() {
    return accuracy.reward(completion, context);
  }

  /** The format reward alone: the official whole-chain regular expression. */
  @Benchmark
  public double formatReward() {
    return format.reward(completion, context);
  }

  /** The degradation reward r_deg alone: read the TYPE entries, match names and strengths. */
  @Benchmark
  public double degradationReward() {
    return degradation.reward(completion, context);
  }

  /** The length reward r_len alone: count tokens, compare with the reference length. */
  @Benchmark
  public double lengthReward() {
    return length.reward(completion, context);
  }

  /** The official composite (accuracy + format + r_deg + r_len), summed. */
  @Benchmark
  public double officialRewards() {
    return official.reward(completion, context);
  }

  /**
   * Lenient parse plus the four official rewards with named components: the per-completion CPU
   * cost of a GRPO step (target at 512 tokens: at most 20 µs).
   */
  @Benchmark
  public void parseAndScore(Blackhole bh) {
    bh.consume(ChainFormat.DEFAULT.parse(completion));
    bh.consume(official.score(completion, context));
  }
}
