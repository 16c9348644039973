package org.robustr1.train.qwen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.core.reward.CompositeReward;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.processor.Qwen25VlProcessor;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.testing.SharedData;
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
import org.robustr1.train.optim.OptimizerConfig;
import org.robustr1.train.optim.ScheduleType;
import org.robustr1.train.policy.QwenPolicy;
import org.robustr1.train.sft.SftConfig;
import org.robustr1.train.sft.SftTrainer;

/**
 * SFT then GRPO on the tiny Qwen2.5-VL (random init, real tokenizer) with synthetic degraded data:
 * a blurred image labelled {@code motion blur(0.45)} and a noisy one labelled {@code gaussian
 * noise(0.9)}.
 */
class QwenTrainingTest {

  @TempDir Path dir;

  private static final String BLUR =
      "<TYPE>motion blur(0.45)<TYPE_END><INFLUENCE>soft<INFLUENCE_END><REASONING>red<REASONING_END>"
          + "<CONCLUSION>red<CONCLUSION_END><ANSWER>0<ANSWER_END>";
  private static final String NOISE =
      "<TYPE>gaussian noise(0.9)<TYPE_END><INFLUENCE>grainy<INFLUENCE_END><REASONING>blue<REASONING_END>"
          + "<CONCLUSION>blue<CONCLUSION_END><ANSWER>1<ANSWER_END>";

  private TrainDataset data(String name, int rows, long seed) throws IOException {
    return data(name, rows, seed, false);
  }

  /** With {@code variedQuestions} every third row asks a longer question (prompts of different lengths). */
  private TrainDataset data(String name, int rows, long seed, boolean variedQuestions) throws IOException {
    Path root = Files.createDirectories(dir.resolve(name));
    Random r = new Random(seed);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      boolean blur = i % 2 == 0;
      BufferedImage img = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 56; y++) {
        for (int x = 0; x < 56; x++) {
          int v;
          if (blur) {
            v = 150 + (x * 2) % 40;
            img.setRGB(x, y, (v << 16) | (40 << 8) | 40);
          } else {
            v = r.nextInt(256);
            img.setRGB(x, y, (40 << 16) | (v / 2 << 8) | Math.max(120, v));
          }
        }
      }
      ImageIO.write(img, "png", root.resolve("img" + i + ".png").toFile());
      String gt = blur ? BLUR : NOISE;
      String question = variedQuestions && i % 3 == 1 ? "Which colour does the picture show most of all?" : "Which colour?";
      lines.add(
          "{\"image\": \"img" + i + ".png\", \"conversations\": [{\"from\": \"human\", \"value\": \"<image>" + question + "\\n0. red\\n1. blue\\n\"},"
              + " {\"from\": \"gpt\", \"value\": \"" + gt.replace("\n", "\\n") + "\"}]}");
    }
    Files.write(root.resolve("train.jsonl"), lines);
    return TrainDataReader.read(root.resolve("train.jsonl"), new ImageRoot(root), OnBadRow.FAIL, true);
  }

  @Test
  void sftLowersHeldOutLossThenGrpoRaisesRewardAndTowerStaysFrozen() throws IOException {
    assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    Path modelDir = SharedData.resolve("golden/qwen25vl-tiny-a").orElseThrow();
    TrainDataset train = data("train", 8, 1);
    TrainDataset held = data("held", 4, 2);
    try (QwenPolicy policy = tinyPolicy(modelDir)) {
      Map<String, float[]> frozen = new HashMap<>();
      policy.frozenParameters().forEach((k, v) -> frozen.put(k, v.toFloatArray()));

      SftConfig sftCfg =
          SftConfig.defaults()
              .withBatch(2, 1)
              .withSteps(1, Integer.getInteger("qwenTest.sftSteps", 30))
              .withOptimizer(OptimizerConfig.sftDefaults().withLearningRate(2e-2))
              .withPromptStyle(PromptStyle.RAW)
              .withSeedAndSaving(5, 0);
      SftTrainer sft = new SftTrainer(sftCfg, policy);
      double before = sft.evaluate(held.rows());
      sft.train(train, RunOptions.of(dir.resolve("sft")));
      double after = sft.evaluate(held.rows());
      System.out.printf("tiny Qwen SFT held-out loss %.4f -> %.4f%n", before, after);
      assertThat(after).isLessThan(before * 0.7);
      policy.frozenParameters().forEach((k, v) -> assertThat(v.toFloatArray()).as(k).containsExactly(frozen.get(k)));

      // reference = the SFT weights, as in the official pipeline
      policy.save(dir.resolve("sft-model"));
      try (QwenPolicy reference = QwenPolicy.load(dir.resolve("sft-model"))) {
        assertThat(reference.trainableParameters().get("model.norm.weight").toFloatArray())
            .containsExactly(policy.trainableParameters().get("model.norm.weight").toFloatArray());
        CompositeReward reward = GrpoRewards.official(policy.tokenCounter(), Map.of());
        GrpoConfig cfg =
            GrpoConfig.builder()
                .optNumGenerations(4)
                .optBatchSize(8)
                .optGradientAccumulationSteps(1)
                .optMaxCompletionLength(32)
                .optOptimizer(OptimizerConfig.grpoDefaults().withLearningRate(1e-3).withSchedule(ScheduleType.CONSTANT, 0, 0))
                .optMaxSteps(Integer.getInteger("qwenTest.grpoSteps", 4))
                .optSaveSteps(0)
                .optLogCompletions(2, 2)
                .optSeed(3)
                .build();
        GrpoTrainer grpo = new GrpoTrainer(cfg, policy, reference, reward, new RowPrompts(PromptStyle.RAW));
        TrainResult r = grpo.train(train, RunOptions.of(dir.resolve("grpo")));
        List<Map<String, Object>> m = r.metrics();
        int q = m.size() / 3;
        double r0 = mean(m.subList(0, q), "reward");
        double r1 = mean(m.subList(m.size() - q, m.size()), "reward");
        double d0 = mean(m.subList(0, q), "rewards/type_reward/mean");
        double d1 = mean(m.subList(m.size() - q, m.size()), "rewards/type_reward/mean");
        System.out.printf("tiny Qwen GRPO reward %.3f -> %.3f, r_deg %.3f -> %.3f%n", r0, r1, d0, d1);
        for (Map<String, Object> rec : m) {
          System.out.printf("step %s reward %.3f r_deg %.3f fmt %.3f acc %.3f len %.3f kl %.4f%n", rec.get("step"), rec.get("reward"),
              rec.get("rewards/type_reward/mean"), rec.get("rewards/format_reward_robust/mean"), rec.get("rewards/accuracy_reward/mean"),
              rec.get("rewards/length_reward/mean"), rec.get("kl"));
        }
        // after 30 SFT steps the 2-layer model cannot yet emit parsable TYPE entries, so here the
        // run must move the policy away from the reference with finite statistics, leaving the
        // tower untouched; the rise of the reward and r_deg on this model is TinyQwenGrpoLearningTest
        assertThat(m).hasSize(cfg.maxSteps());
        assertThat(mean(m.subList(1, m.size()), "kl")).isGreaterThan(0.0);
        for (Map<String, Object> rec : m) {
          assertThat(((Number) rec.get("loss")).doubleValue()).isFinite();
          assertThat(((Number) rec.get("grad_norm")).doubleValue()).isFinite().isPositive();
        }
        policy.frozenParameters().forEach((k, v) -> assertThat(v.toFloatArray()).as(k).containsExactly(frozen.get(k)));
      }
    }
  }

  @Test
  void sftResumeOnTheRealModelIsBitIdentical() throws IOException {
    assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    Path modelDir = SharedData.resolve("golden/qwen25vl-tiny-a").orElseThrow();
    TrainDataset train = data("train", 4, 1);
    SftConfig cfg =
        SftConfig.defaults()
            .withBatch(1, 1)
            .withSteps(1, 5)
            .withOptimizer(OptimizerConfig.sftDefaults().withLearningRate(1e-2))
            .withPromptStyle(PromptStyle.RAW)
            .withSeedAndSaving(9, 2);
    Map<String, float[]> straight = runSft(modelDir, train, cfg, "a", -1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> runSft(modelDir, train, cfg, "b", 3)).hasMessageContaining("killed");
    Map<String, float[]> resumed = runSft(modelDir, train, cfg, "b", -1);
    assertThat(resumed.keySet()).isEqualTo(straight.keySet());
    for (String k : straight.keySet()) {
      float[] x = straight.get(k);
      float[] y = resumed.get(k);
      int diff = 0;
      double max = 0;
      for (int i = 0; i < x.length; i++) {
        if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
          diff++;
          max = Math.max(max, Math.abs(x[i] - y[i]));
        }
      }
      assertThat(diff).as("%s: %s of %s values differ, max |diff| %s", k, diff, x.length, max).isZero();
    }
    assertThat(org.robustr1.train.testing.ToyData.metricsWithoutTime(dir.resolve("b")))
        .isEqualTo(org.robustr1.train.testing.ToyData.metricsWithoutTime(dir.resolve("a")));
  }

  /**
   * Scoring each micro-batch of three samples (prompts of two lengths, targets of two lengths) in
   * one left-padded pass follows the per-sample run: the same step losses to float rounding, and
   * weights that stay within a small fraction of how far training moved them.
   */
  @Test
  void batchedScoringFollowsThePerSampleRun() throws IOException {
    assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    Path modelDir = SharedData.resolve("golden/qwen25vl-tiny-a").orElseThrow();
    TrainDataset train = data("varied", 12, 2, true);
    SftConfig cfg =
        SftConfig.defaults()
            .withBatch(3, 1)
            .withSteps(1, 4)
            .withOptimizer(OptimizerConfig.sftDefaults().withLearningRate(1e-3))
            .withPromptStyle(PromptStyle.RAW)
            .withSeedAndSaving(9, 0);
    Map<String, float[]> initial;
    try (QwenPolicy policy = tinyPolicy(modelDir)) {
      initial = new HashMap<>();
      policy.trainableParameters().forEach((k, v) -> initial.put(k, v.toFloatArray()));
    }
    Map<String, float[]> each = runSft(modelDir, train, cfg, "each", -1);
    Map<String, float[]> together = runSft(modelDir, train, cfg.withBatchedScoring(true), "together", -1);
    List<Double> lossEach = losses(dir.resolve("each"));
    List<Double> lossTogether = losses(dir.resolve("together"));
    assertThat(lossTogether).hasSize(4);
    for (int i = 0; i < 4; i++) {
      assertThat(lossTogether.get(i)).as("step %s loss", i + 1).isCloseTo(lossEach.get(i), within(1e-5 * lossEach.get(i)));
    }
    double moved = 0;
    double apart = 0;
    for (String k : each.keySet()) {
      float[] a = each.get(k);
      float[] b = together.get(k);
      float[] w0 = initial.get(k);
      for (int i = 0; i < a.length; i++) {
        moved = Math.max(moved, Math.abs(a[i] - w0[i]));
        apart = Math.max(apart, Math.abs(a[i] - b[i]));
      }
    }
    System.out.printf("batched scoring: weights moved up to %.3g, the two runs differ by up to %.3g%n", moved, apart);
    assertThat(moved).isGreaterThan(1e-4);
    assertThat(apart).isLessThanOrEqualTo(0.01 * moved);
  }

  private static List<Double> losses(Path run) throws IOException {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<Double> out = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      out.add(json.readTree(line).get("loss").asDouble());
    }
    return out;
  }

  private Map<String, float[]> runSft(Path modelDir, TrainDataset train, SftConfig cfg, String out, int killAt) throws IOException {
    try (QwenPolicy policy = tinyPolicy(modelDir)) {
      new SftTrainer(cfg, policy)
          .train(
              train,
              RunOptions.of(dir.resolve(out)).withListener((step, m) -> {
                if (step == killAt) {
                  throw new IllegalStateException("killed at " + step);
                }
              }));
      Map<String, float[]> params = new HashMap<>();
      policy.trainableParameters().forEach((k, v) -> params.put(k, v.toFloatArray()));
      return params;
    }
  }

  /**
   * The tiny config with random weights (seed 11) and the real Qwen2.5-VL processor (tokenizer,
   * chat template, image processor) of the golden tiny model folder.
   */
  static QwenPolicy tinyPolicy(Path modelDir) throws IOException {
    Qwen25VlModel model = Qwen25VlModel.randomInit(Qwen25VlConfig.tiny(), 11);
    try {
      model.setProcessor(Qwen25VlProcessor.load(modelDir));
      return new QwenPolicy(model);
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  private static double mean(List<Map<String, Object>> recs, String key) {
    return recs.stream().mapToDouble(x -> ((Number) x.get(key)).doubleValue()).average().orElseThrow();
  }
}
