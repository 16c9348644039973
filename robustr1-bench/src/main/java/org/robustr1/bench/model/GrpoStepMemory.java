package org.robustr1.bench.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.robustr1.model.config.GenerationConfig;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.train.RunOptions;
import org.robustr1.train.TrainResult;
import org.robustr1.train.data.PromptStyle;
import org.robustr1.train.data.RowPrompts;
import org.robustr1.train.data.TrainDataset;
import org.robustr1.train.grpo.GrpoConfig;
import org.robustr1.train.grpo.GrpoRewards;
import org.robustr1.train.grpo.GrpoTrainer;
import org.robustr1.train.memory.MemoryEstimate;
import org.robustr1.train.metrics.PeakMemory;
import org.robustr1.train.policy.QwenPolicy;

/**
 * One GRPO step of a random-weight Qwen2.5-VL of a given shape ({@code 3b}, {@code 3b-lN},
 * {@code tiny}) on one 448×448 image, with the official settings except G, the new tokens and one
 * accumulation step; prints the measured peak resident memory (VmHWM) beside {@link
 * MemoryEstimate#grpo}'s figure for the same run and their ratio.
 *
 * <pre>
 * OMP_WAIT_POLICY=PASSIVE java -Xmx3g -cp robustr1-bench/target/benchmarks.jar \
 *   org.robustr1.bench.model.GrpoStepMemory 3b-l4 2 256 ../shared/golden/qwen25vl-tiny-a /tmp/grpo-3b-l4
 * </pre>
 *
 * <p>Arguments: shape, G, new tokens, a folder with the Qwen tokenizer and preprocessor files (the
 * tiny golden checkpoint's are the real ones), an output folder (the run's checkpoint goes there).
 * A random policy never stops early: its stop id is set to one random weights do not pick, so
 * every completion has all the new tokens.
 */
public final class GrpoStepMemory {

  private GrpoStepMemory() {}

  /** Runs the step and prints the comparison. */
  public static void main(String[] args) throws IOException {
    String shape = args.length > 0 ? args[0] : "3b-l4";
    int g = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int tokens = args.length > 2 ? Integer.parseInt(args[2]) : 256;
    Path processorDir = Path.of(args.length > 3 ? args[3] : "../shared/golden/qwen25vl-tiny-a");
    Path out = Path.of(args.length > 4 ? args[4] : "grpo-step-memory");
    Qwen25VlConfig cfg = QwenBenchFixture.config(shape);
    GenerationConfig gen = QwenBenchFixture.neverStopping(cfg);

    TrainDataset ds =
        BenchRuns.imageRows(out.resolve("data"), "Which degradation?\n0. blur\n1. noise\n",
            "<TYPE>motion blur(0.9)<TYPE_END><ANSWER>0<ANSWER_END>", 1);

    GrpoConfig grpo =
        GrpoConfig.builder()
            .optNumGenerations(g)
            .optBatchSize(g)
            .optGradientAccumulationSteps(1)
            .optMaxCompletionLength(tokens)
            .optMaxSteps(1)
            .optSaveSteps(0)
            .optSeed(7)
            .build();
    long t0 = System.nanoTime();
    try (QwenPolicy policy = BenchRuns.randomPolicy(cfg, gen, processorDir, null);
        QwenPolicy reference = BenchRuns.randomPolicy(cfg, gen, processorDir, null)) {
      RowPrompts prompts = new RowPrompts(PromptStyle.ROBUST_TEMPLATE);
      int promptTokens;
      try (var p = policy.prepare(prompts.prompt(ds.get(0)))) {
        promptTokens = p.promptIds().length;
      }
      MemoryEstimate estimate = MemoryEstimate.grpo(cfg, grpo, promptTokens, MemoryEstimate.Precision.FP32);
      System.out.print(estimate.table());
      TrainResult res =
          new GrpoTrainer(grpo, policy, reference, GrpoRewards.official(policy.tokenCounter(), Map.of()), prompts)
              .train(ds, RunOptions.of(out.resolve("run")).withResume("off"));
      long peak = PeakMemory.peakRssMb();
      double est = estimate.peakBytes() / (double) (1L << 20);
      System.out.printf(
          Locale.ROOT,
          "%s, G %d, %d new tokens, prompt %d tokens: measured peak RSS %d MiB, estimate %.0f MiB, measured/estimate %.3f"
              + " (completion length %s, step %.1f s, whole run %.1f s)%n",
          shape, g, tokens, promptTokens, peak, est, peak / est, res.metrics().get(0).get("completions/mean_length"),
          ((Number) res.metrics().get(0).get("step_time")).doubleValue(), (System.nanoTime() - t0) / 1e9);
    }
  }
}
