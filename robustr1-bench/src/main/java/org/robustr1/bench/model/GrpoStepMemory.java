package org.robustr1.bench.model;

import com.google.common.collect.ImmutableList;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.robustr1.model.config.GenerationConfig;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.processor.Qwen25VlProcessor;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.train.RunOptions;
import org.robustr1.train.TrainResult;
import org.robustr1.train.data.ImageRoot;
import org.robustr1.train.data.OnBadRow;
import org.robustr1.train.data.PromptStyle;
import org.robustr1.train.data.RowPrompts;
import org.robustr1.train.data.TrainDataReader;
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
    GenerationConfig gen = new GenerationConfig(151643, ImmutableList.of(cfg.text().vocabSize() - 1), 151643, false, 1, 0, 1, 1);

    Path data = Files.createDirectories(out.resolve("data"));
    BufferedImage img = new BufferedImage(448, 448, BufferedImage.TYPE_INT_RGB);
    Random r = new Random(1);
    for (int y = 0; y < 448; y++) {
      for (int x = 0; x < 448; x++) {
        img.setRGB(x, y, r.nextInt(1 << 24));
      }
    }
    ImageIO.write(img, "png", data.resolve("img.png").toFile());
    Files.writeString(
        data.resolve("train.jsonl"),
        "{\"image\": \"img.png\", \"conversations\": [{\"from\": \"human\", \"value\": \"<image>Which degradation?\\n0. blur\\n1. noise\\n\"},"
            + " {\"from\": \"gpt\", \"value\": \"<TYPE>motion blur(0.9)<TYPE_END><ANSWER>0<ANSWER_END>\"}]}\n");
    TrainDataset ds = TrainDataReader.read(data.resolve("train.jsonl"), new ImageRoot(data), OnBadRow.FAIL, true);

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
    try (QwenPolicy policy = policy(cfg, gen, processorDir);
        QwenPolicy reference = policy(cfg, gen, processorDir)) {
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

  private static QwenPolicy policy(Qwen25VlConfig cfg, GenerationConfig gen, Path processorDir) throws IOException {
    Qwen25VlModel m = Qwen25VlModel.randomInit(cfg, 42, gen);
    try {
      m.setProcessor(Qwen25VlProcessor.load(processorDir));
      return new QwenPolicy(m);
    } catch (IOException | RuntimeException e) {
      m.close();
      throw e;
    }
  }
}
