package org.robustr1.bench.eval;

import java.util.LinkedHashMap;
import java.util.Map;
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
import org.robustr1.eval.matching.AnswerMatcher;
import org.robustr1.eval.matching.MatchingRules;

/**
 * VLMEvalKit {@code can_infer} throughput on typical predictions: a bare letter, an "answer is"
 * sentence, and a long chain-of-thought that falls through to the text stage.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MatchingBenchmark {

  @Param({"letter", "sentence", "long"})
  public String kind;

  private AnswerMatcher matcher;
  private Map<String, String> choices;
  private String prediction;

  @Setup
  public void setup() {
    matcher = AnswerMatcher.of(MatchingRules.CURRENT);
    choices = new LinkedHashMap<>();
    choices.put("A", "The suitcase is on the book.");
    choices.put("B", "The suitcase is beneath the cat.");
    choices.put("C", "The suitcase is beneath the bed.");
    choices.put("D", "The suitcase is beneath the book.");
    prediction = switch (kind) {
      case "letter" -> "B";
      case "sentence" -> "The correct answer is **C**. The suitcase is under the bed.";
      default -> "Looking at the image, there is a suitcase and several objects around it. ".repeat(12)
          + "It seems the suitcase is beneath the bed.";
    };
  }

  @Benchmark
  public Object canInfer() {
    return matcher.canInfer(prediction, choices);
  }
}
