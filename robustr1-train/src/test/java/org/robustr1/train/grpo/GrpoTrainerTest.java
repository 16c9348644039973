package org.robustr1.train.grpo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.train.RunOptions;
import org.robustr1.train.TrainResult;
import org.robustr1.train.checkpoint.Checkpointer;
import org.robustr1.train.data.PromptStyle;
import org.robustr1.train.data.RowPrompts;
import org.robustr1.train.data.TrainDataset;
import org.robustr1.train.optim.OptimizerConfig;
import org.robustr1.train.optim.ScheduleType;
import org.robustr1.train.policy.ToyPolicy;
import org.robustr1.train.testing.ToyData;

/** The GRPO trainer on the toy policy: learning, metrics, exact resume, frozen tower. */
class GrpoTrainerTest {

  @TempDir Path dir;

  private static GrpoConfig.Builder toyConfig() {
    return GrpoConfig.builder()
        .optNumGenerations(4)
        .optBatchSize(8)
        .optGradientAccumulationSteps(2)
        .optMaxCompletionLength(6)
        .optTopK(0)
        .optOptimizer(OptimizerConfig.grpoDefaults().withLearningRate(0.1).withSchedule(ScheduleType.CONSTANT, 0, 0))
        .optLogCompletions(2, 2)
        .optSeed(7);
  }

  private static TrainResult run(GrpoConfig cfg, TrainDataset data, RunOptions opts, Map<String, float[]> frozenOut, Map<String, float[]> trainedOut) {
    try (ToyPolicy policy = new ToyPolicy(1);
        ToyPolicy ref = new ToyPolicy(1)) {
      GrpoTrainer trainer = new GrpoTrainer(cfg, policy, ref, ToyData.reward(), new RowPrompts(PromptStyle.RAW));
      try {
        return trainer.train(data, opts);
      } finally {
        if (frozenOut != null) {
          policy.frozenParameters().forEach((k, v) -> frozenOut.put(k, v.toFloatArray()));
        }
        if (trainedOut != null) {
          policy.trainableParameters().forEach((k, v) -> trainedOut.put(k, v.toFloatArray()));
        }
      }
    }
  }

  @Test
  void rewardRisesAndTowerStaysFrozen() throws IOException {
    TrainDataset data = ToyData.write(dir.resolve("data"), 16);
    GrpoConfig cfg = toyConfig().optMaxSteps(24).optSaveSteps(0).build();
    Map<String, float[]> frozenBefore = new java.util.HashMap<>();
    try (ToyPolicy p = new ToyPolicy(1)) {
      p.frozenParameters().forEach((k, v) -> frozenBefore.put(k, v.toFloatArray()));
    }
    Map<String, float[]> frozenAfter = new java.util.HashMap<>();
    TrainResult r = run(cfg, data, RunOptions.of(dir.resolve("out")), frozenAfter, null);
    assertThat(r.steps()).isEqualTo(24);
    double first = meanOf(r.metrics().subList(0, 4), "reward");
    double last = meanOf(r.metrics().subList(20, 24), "reward");
    double hitFirst = meanOf(r.metrics().subList(0, 4), "rewards/hit/mean");
    double hitLast = meanOf(r.metrics().subList(20, 24), "rewards/hit/mean");
    System.out.printf("toy GRPO: reward %.3f -> %.3f, hit %.3f -> %.3f%n", first, last, hitFirst, hitLast);
    assertThat(last).isGreaterThan(first + 0.2);
    assertThat(hitLast).isGreaterThan(hitFirst);
    for (String k : frozenBefore.keySet()) {
      assertThat(frozenAfter.get(k)).as(k).containsExactly(frozenBefore.get(k));
    }
    Map<String, Object> m = r.metrics().get(0);
    assertThat(m)
        .containsKeys(
            "step", "loss", "reward", "reward_std", "rewards/hit/mean", "rewards/hit/std", "rewards/len/mean",
            "frac_reward_zero_std", "kl", "clip_ratio", "completions/mean_length", "completions/min_length",
            "completions/max_length", "lr", "grad_norm", "step_time");
    assertThat(Files.readAllLines(dir.resolve("out/metrics.jsonl"))).hasSize(24);
    assertThat(Files.readAllLines(dir.resolve("out/completions.jsonl"))).hasSize(24); // 12 logs x 2
    assertThat(r.finalCheckpoint()).isEqualTo(dir.resolve("out/checkpoint-24"));
    assertThat(dir.resolve("out/checkpoint-24/model/model.safetensors")).exists();
    assertThat(dir.resolve("out/checkpoint-24/optimizer.safetensors")).exists();
  }

  @Test
  void resumeAfterKillIsBitIdentical() throws IOException {
    // 12 rows, 4 prompts per step: an epoch is 3 steps, so step 3 and 6 are epoch boundaries
    TrainDataset data = ToyData.write(dir.resolve("data"), 12);
    GrpoConfig cfg = toyConfig().optMaxSteps(8).optSaveSteps(2).build();
    Map<String, float[]> straight = new java.util.HashMap<>();
    run(cfg, data, RunOptions.of(dir.resolve("a")), null, straight);

    // killed after step 5 (last checkpoint: 4), resumed
    Map<String, float[]> resumed = new java.util.HashMap<>();
    assertThatThrownBy(() -> run(cfg, data, RunOptions.of(dir.resolve("b")).withListener(kill(5)), null, null))
        .hasMessageContaining("killed");
    assertThat(dir.resolve("b/checkpoint-4")).exists();
    assertThat(dir.resolve("b/checkpoint-6")).doesNotExist();
    TrainResult r = run(cfg, data, RunOptions.of(dir.resolve("b")), null, resumed);
    assertThat(r.resumedFrom()).isEqualTo(dir.resolve("b/checkpoint-4"));
    assertThat(r.steps()).isEqualTo(8);
    assertSame(straight, resumed);
    assertThat(ToyData.metricsWithoutTime(dir.resolve("b"))).isEqualTo(ToyData.metricsWithoutTime(dir.resolve("a")));
  }

  @Test
  void resumeAtAnEpochBoundaryIsBitIdentical() throws IOException {
    TrainDataset data = ToyData.write(dir.resolve("data"), 12);
    GrpoConfig cfg = toyConfig().optMaxSteps(7).optSaveSteps(3).optNumIterations(1).build();
    Map<String, float[]> straight = new java.util.HashMap<>();
    run(cfg, data, RunOptions.of(dir.resolve("a")), null, straight);
    assertThatThrownBy(() -> run(cfg, data, RunOptions.of(dir.resolve("b")).withListener(kill(4)), null, null))
        .hasMessageContaining("killed");
    // checkpoint-3 sits exactly at the end of epoch 0
    assertThat(Checkpointer.readState(dir.resolve("b/checkpoint-3")).cursor()).isEqualTo(12);
    Map<String, float[]> resumed = new java.util.HashMap<>();
    TrainResult r = run(cfg, data, RunOptions.of(dir.resolve("b")), null, resumed);
    assertThat(r.resumedFrom()).isEqualTo(dir.resolve("b/checkpoint-3"));
    assertSame(straight, resumed);
    assertThat(ToyData.metricsWithoutTime(dir.resolve("b"))).isEqualTo(ToyData.metricsWithoutTime(dir.resolve("a")));
  }

  @Test
  void multipleIterationsKeepOldLogProbsAndResume() throws IOException {
    TrainDataset data = ToyData.write(dir.resolve("data"), 8);
    GrpoConfig cfg = toyConfig().optNumIterations(2).optMaxSteps(6).optSaveSteps(2).build();
    Map<String, float[]> straight = new java.util.HashMap<>();
    TrainResult full = run(cfg, data, RunOptions.of(dir.resolve("a")), null, straight);
    // the second iteration of a round sees ratios != 1: the clip statistics can move away from 0
    assertThat(full.metrics().get(1).get("kl")).isNotEqualTo(0.0);
    assertThatThrownBy(() -> run(cfg, data, RunOptions.of(dir.resolve("b")).withListener(kill(3)), null, null))
        .hasMessageContaining("killed");
    Map<String, float[]> resumed = new java.util.HashMap<>();
    run(cfg, data, RunOptions.of(dir.resolve("b")), null, resumed);
    assertSame(straight, resumed);
    assertThat(ToyData.metricsWithoutTime(dir.resolve("b"))).isEqualTo(ToyData.metricsWithoutTime(dir.resolve("a")));
  }

  @Test
  void refusesTooLittleData() throws IOException {
    TrainDataset data = ToyData.write(dir.resolve("data"), 3);
    assertThatThrownBy(() -> run(toyConfig().build(), data, RunOptions.of(dir.resolve("o")), null, null))
        .hasMessageContaining("3 usable rows, fewer than the 4 prompts per step");
  }

  private static RunOptions.StepListener kill(int atStep) {
    return (step, metrics) -> {
      if (step == atStep) {
        throw new IllegalStateException("killed at step " + step);
      }
    };
  }

  private static void assertSame(Map<String, float[]> a, Map<String, float[]> b) {
    assertThat(b.keySet()).isEqualTo(a.keySet());
    for (String k : a.keySet()) {
      assertThat(b.get(k)).as(k).containsExactly(a.get(k));
    }
  }

  private static double meanOf(List<Map<String, Object>> recs, String key) {
    return recs.stream().mapToDouble(m -> ((Number) m.get(key)).doubleValue()).average().orElseThrow();
  }
}
