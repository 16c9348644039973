package org.robustr1.bench.reward;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.chain.ParsedChain;
import org.robustr1.core.reward.CompositeReward;
import org.robustr1.core.reward.RewardContext;
import org.robustr1.core.reward.RewardResult;
import org.robustr1.core.reward.TokenCounter;

/**
 * Parsing a ~512-token completion and scoring it with the four official rewards (target: parse +
 * all four rewards well under 20 µs).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RewardBenchmark {

  private String completion;
  private RewardContext context;
  private CompositeReward reward;

  /** A ~512-token chain and its reference. */
  @Setup
  public void setUp() {
    completion = sampleCompletion();
    context =
        RewardContext.ofAssistantTurn(
            completion.replace("motion blur(0.40)", "motion blur(0.45)").replace(">2<", ">3<"));
    reward = CompositeReward.official(TokenCounter.approximate());
    if (TokenCounter.approximate().count(completion) < 450) {
      throw new IllegalStateException("sample completion too short");
    }
  }

  /** A chain of about 512 Qwen tokens. */
  public static String sampleCompletion() {
    String sentence =
        "The left side of the image shows a street with several vehicles, and the people in the"
            + " foreground appear to be riding in open wagons pulled by horses, while the background"
            + " is blurred. ";
    return "<TYPE>motion blur(0.40), jpeg compression(0.23)<TYPE_END>\n"
        + "<INFLUENCE>The motion blur smears edges along one direction and the compression adds"
        + " blocking artefacts, so fine details such as wheels are harder to see.<INFLUENCE_END>\n"
        + "<REASONING>" + sentence.repeat(12) + "<REASONING_END>\n"
        + "<CONCLUSION>The vehicles are wagons, so the answer is option 1.<CONCLUSION_END>\n"
        + "<ANSWER>2<ANSWER_END>";
  }

  /** Lenient parse of the whole chain. */
  @Benchmark
  public ParsedChain parse() {
    return ChainFormat.DEFAULT.parse(completion);
  }

  /** The four official rewards, summed. */
  @Benchmark
  public double officialRewards() {
    return reward.reward(completion, context);
  }

  /** Lenient parse plus the four official rewards with named components. */
  @Benchmark
  public RewardResult parseAndScore() {
    ChainFormat.DEFAULT.parse(completion);
    return reward.score(completion, context);
  }
}
