package org.robustr1.train.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.model.nn.GradMode;
import org.robustr1.model.qwen.OwnedArrays;
import org.robustr1.train.RunOptions;
import org.robustr1.train.TrainResult;
import org.robustr1.train.checkpoint.Checkpointer;
import org.robustr1.train.checkpoint.RunConfig;
import org.robustr1.train.data.BadRowException;
import org.robustr1.train.data.ImageRoot;
import org.robustr1.train.data.OnBadRow;
import org.robustr1.train.data.PromptStyle;
import org.robustr1.train.data.RowPrompts;
import org.robustr1.train.data.TrainDataReader;
import org.robustr1.train.data.TrainDataset;
import org.robustr1.train.grpo.GrpoConfig;
import org.robustr1.train.grpo.GrpoTrainer;
import org.robustr1.train.optim.OptimizerConfig;
import org.robustr1.train.optim.ScheduleType;
import org.robustr1.train.policy.ToyPolicy;
import org.robustr1.train.sft.SftConfig;
import org.robustr1.train.sft.SftTrainer;
import org.robustr1.train.testing.ToyData;
import org.robustr1.train.checkpoint.Resume;

/**
 * The shared loop through the trainers on the toy policy: a resume with other settings is refused
 * naming the field (and forced when asked), the run configuration reads back, bad rows at training
 * time are skipped or fail naming the line and never crash a resume, a run without any update
 * fails, the metrics are exported, and a custom per-batch loss trains a chosen parameter set at a
 * custom schedule.
 */
class TrainingLoopTest {

  @TempDir Path dir;

  private static SftConfig sft(double lr) {
    return SftConfig.defaults()
        .withBatch(2, 1)
        .withSteps(1, 6)
        .withOptimizer(OptimizerConfig.sftDefaults().withLearningRate(lr))
        .withPromptStyle(PromptStyle.RAW)
        .withSeedAndSaving(3, 2);
  }

  private static TrainResult runSft(SftConfig cfg, TrainDataset data, RunOptions run) {
    try (ToyPolicy p = new ToyPolicy(5)) {
      return new SftTrainer(cfg, p).train(data, run);
    }
  }

  private static RunOptions stopAt(Path out, int step) {
    return RunOptions.of(out).withListener((s, m) -> {
      if (s == step) {
        throw new IllegalStateException("killed at step " + s);
      }
    });
  }

  @Test
  void resumeWithAnotherLearningRateOrDataIsRefusedNamingTheField() throws IOException {
    TrainDataset data = ToyData.write(dir.resolve("data"), 8);
    Path out = dir.resolve("run");
    assertThatThrownBy(() -> runSft(sft(0.1), data, stopAt(out, 3))).hasMessageContaining("killed");
    assertThat(out.resolve("checkpoint-2")).exists();

    assertThatThrownBy(() -> runSft(sft(0.2), data, RunOptions.of(out)))
        .isInstanceOf(ResumeRefusedException.class)
        .hasMessageContaining("checkpoint-2")
        .hasMessageContaining("sft.optimizer.learningRate: 0.1 → 0.2")
        .hasMessageContaining("--resume-force");

    TrainDataset other = ToyData.write(dir.resolve("other"), 8);
    Files.writeString(other.file(), Files.readString(other.file()).replace("#3", "#33"));
    TrainDataset changed = TrainDataReader.read(other.file(), new ImageRoot(dir.resolve("other/images")), OnBadRow.FAIL, true);
    assertThatThrownBy(() -> runSft(sft(0.1), changed, RunOptions.of(out)))
        .isInstanceOf(ResumeRefusedException.class)
        .hasMessageContaining("data.sha256: ");

    // forced: resumes, and the same settings resume as before
    TrainResult forced = runSft(sft(0.2), data, RunOptions.of(dir.resolve("run")).withResume(Resume.auto().forced()));
    assertThat(forced.resumedFrom()).isEqualTo(out.resolve("checkpoint-2"));
    assertThat(forced.steps()).isEqualTo(6);

    // the stored configuration reads back into the same settings
    RunConfig stored = RunConfig.read(out.resolve("checkpoint-6")).orElseThrow();
    Map<String, Object> fields = new HashMap<>();
    stored.trajectory().forEach((k, v) -> fields.put(k.replaceFirst("^sft\\.", ""), v));
    stored.settings().forEach((k, v) -> fields.put(k.replaceFirst("^sft\\.", ""), v));
    assertThat(SftConfig.fromSettings(fields)).isEqualTo(sft(0.2));
    assertThat(stored.fingerprint()).hasSize(64);
  }

  @Test
  void grpoConfigurationReadsBack() {
    GrpoConfig cfg =
        GrpoConfig.builder().optNumGenerations(4).optBatchSize(8).optEpsilonHigh(0.28).optRewardWeights(Map.of("type", 2.0))
            .optMicroBatchSize(3).optGradientCheckpointing(false).build();
    Map<String, Object> fields = new HashMap<>(cfg.trajectorySettings());
    fields.putAll(cfg.memorySettings());
    GrpoConfig back = GrpoConfig.fromSettings(fields);
    assertThat(back.trajectorySettings()).isEqualTo(cfg.trajectorySettings());
    assertThat(back.memorySettings()).isEqualTo(cfg.memorySettings());
    assertThat(back.toString()).isEqualTo(cfg.toString());
  }

  /** Eight toy rows whose fifth image is not an image (the file exists, so reading the data accepts it). */
  private TrainDataset withBrokenFifthImage(String name) throws IOException {
    TrainDataset good = ToyData.write(dir.resolve(name), 8);
    Path images = dir.resolve(name).resolve("images");
    Files.write(images.resolve("broken.png"), "not a png".getBytes(StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>(Files.readAllLines(good.file()));
    lines.set(4, lines.get(4).replaceFirst("\"(red|blue)\\.png\"", "\"broken.png\""));
    Files.write(good.file(), lines);
    return TrainDataReader.read(good.file(), new ImageRoot(images), OnBadRow.FAIL, true);
  }

  @Test
  void badRowIsSkippedOrFailsNamingItsLineAndResumesDoNotCrash() throws IOException {
    TrainDataset data = withBrokenFifthImage("bad");
    assertThat(data.size()).isEqualTo(8);

    Path failed = dir.resolve("failed");
    assertThatThrownBy(() -> runSft(sft(0.1), data, RunOptions.of(failed)))
        .isInstanceOf(BadRowException.class)
        .hasMessageContaining("train.jsonl line 5")
        .hasMessageContaining("broken.png");
    // the checkpoint written before the failure is intact; resuming with skip finishes
    TrainResult after = runSft(sft(0.1), data, RunOptions.of(failed).withOnBadRow(OnBadRow.SKIP));
    assertThat(after.steps()).isEqualTo(6);
    assertThat(after.skippedRows()).hasSize(1);
    assertThat(after.skippedRows().get(0)).contains("train.jsonl line 5");

    Path skipped = dir.resolve("skipped");
    TrainResult r = runSft(sft(0.1), data, RunOptions.of(skipped).withOnBadRow(OnBadRow.SKIP));
    assertThat(r.steps()).isEqualTo(6);
    assertThat(r.skippedRows()).singleElement().asString().contains("train.jsonl line 5").contains("broken.png");
    assertThat(r.metrics().get(r.metrics().size() - 1).get("bad_rows_skipped")).isEqualTo(1);
    assertThat(Checkpointer.readState(skipped.resolve("checkpoint-6")).badRows()).containsExactly(4);
    // a resume (even under fail) never reads the row it skipped again
    TrainResult again = runSft(sft(0.1), data, RunOptions.of(skipped));
    assertThat(again.resumedFrom()).isEqualTo(skipped.resolve("checkpoint-6"));
    assertThat(again.skippedRows()).singleElement().asString().contains("line 5");

    // GRPO replaces a skipped prompt by the next usable row
    GrpoConfig grpo =
        GrpoConfig.builder().optNumGenerations(4).optBatchSize(8).optGradientAccumulationSteps(1).optMaxCompletionLength(5).optTopK(0)
            .optMaxSteps(4).optSaveSteps(0).optSeed(7).build();
    try (ToyPolicy p = new ToyPolicy(1);
        ToyPolicy ref = new ToyPolicy(1)) {
      TrainResult g =
          new GrpoTrainer(grpo, p, ref, ToyData.reward(), new RowPrompts(PromptStyle.RAW))
              .train(data, RunOptions.of(dir.resolve("grpo")).withOnBadRow(OnBadRow.SKIP));
      assertThat(g.steps()).isEqualTo(4);
      assertThat(g.skippedRows()).singleElement().asString().contains("line 5");
    }
  }

  @Test
  void aRunWithoutAnyUpdateFails() throws IOException {
    TrainDataset data = ToyData.write(dir.resolve("data"), 6);
    try (ToyPolicy p = new ToyPolicy(5)) {
      GradMode.noGrad(() -> p.trainableParameters().get("model.head").muli(Float.NaN));
      Path out = dir.resolve("nan");
      assertThatThrownBy(() -> new SftTrainer(sft(0.1).withSeedAndSaving(3, 0), p).train(data, RunOptions.of(out)))
          .isInstanceOf(NoUpdatesException.class)
          .hasMessageContaining("SFT made no update")
          .hasMessageContaining("all 6 steps");
      assertThat(Files.readAllLines(out.resolve(TrainingLoop.METRICS_FILE))).hasSize(6);
      assertThat(out.resolve("checkpoint-6")).doesNotExist();
    }
  }

  @Test
  void metricsAreExportedAsCsvAndPlot() throws IOException {
    TrainDataset data = ToyData.write(dir.resolve("data"), 6);
    runSft(sft(0.1), data, RunOptions.of(dir.resolve("m")));
    List<String> csv = Files.readAllLines(dir.resolve("m").resolve(TrainingLoop.METRICS_CSV));
    assertThat(csv).hasSize(7);
    assertThat(csv.get(0)).startsWith("step,epoch,loss,tokens,dropped_overlong,lr,grad_norm,skipped_nonfinite,bad_rows_skipped,step_time");
    assertThat(Files.size(dir.resolve("m").resolve(TrainingLoop.METRICS_PNG))).isGreaterThan(1000);
  }

  @Test
  void aCustomBatchLossAndScheduleTrainTheChosenParameters() throws IOException {
    TrainDataset data = ToyData.write(dir.resolve("data"), 6);
    RowPrompts prompts = new RowPrompts(PromptStyle.RAW);
    try (ToyPolicy p = new ToyPolicy(5);
        NDManager m = NDManager.newBaseManager()) {
      float[] emb = p.trainableParameters().get("model.embed").toFloatArray();
      float[] head = p.trainableParameters().get("model.head").toFloatArray();
      record Sample(ToyPolicy.PreparedPrompt prompt, int[] target) implements AutoCloseable {
        @Override
        public void close() {
          prompt.close();
        }
      }
      BatchLoss<Sample> nll =
          batch -> {
            NDArray total = null;
            for (Sample s : batch) {
              NDArray lp = p.completionLogProbs(s.prompt(), List.of(s.target()), m);
              NDArray l = lp.sum().neg().div(OwnedArrays.scalarLike(lp, s.target().length * batch.size()));
              total = total == null ? l : total.add(l);
            }
            return total;
          };
      TrainingLoop loop =
          TrainingLoop.builder("head-only")
              .setParameters(Map.of("model.head", p.trainableParameters().get("model.head")))
              .setOptimizer(OptimizerConfig.sftDefaults().withLearningRate(0.05).withSchedule(ScheduleType.CONSTANT, 0, 0))
              .optLearningRates(s -> 0.01 * (s + 1))
              .setTotalSteps(5)
              .setSeed(1)
              .setRows(TrainingLoop.Rows.of(data))
              .setModel(SftTrainer.modelState(p))
              .setRunConfig(RunConfig.builder("head-only").trajectory("lr", 0.05).build())
              .build();
      TrainResult r =
          loop.run(
              TrainingStep.ofBatchLoss(
                  i -> new Sample(p.prepare(prompts.prompt(data.get(i))), p.assistantTargetIds(data.get(i).answer())), 2, 2, nll),
              RunOptions.of(dir.resolve("custom")));
      assertThat(r.steps()).isEqualTo(5);
      assertThat(r.metrics()).extracting(rec -> ((Number) rec.get("lr")).doubleValue())
          .containsExactly(0.01, 0.02, 0.03, 0.04, 0.05);
      double first = ((Number) r.metrics().get(0).get("loss")).doubleValue();
      double last = ((Number) r.metrics().get(4).get("loss")).doubleValue();
      assertThat(last).isLessThan(first);
      assertThat(p.trainableParameters().get("model.embed").toFloatArray()).containsExactly(emb);
      assertThat(p.trainableParameters().get("model.head").toFloatArray()).isNotEqualTo(head);
    }
  }
}
