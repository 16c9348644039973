package org.robustr1.train.sft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.train.RunOptions;
import org.robustr1.train.TrainResult;
import org.robustr1.train.data.PromptStyle;
import org.robustr1.train.data.TrainDataset;
import org.robustr1.train.optim.OptimizerConfig;
import org.robustr1.train.policy.ToyPolicy;
import org.robustr1.train.testing.ToyData;

class SftTrainerTest {

  @TempDir Path dir;

  private static SftConfig toy() {
    return SftConfig.defaults()
        .withBatch(2, 2)
        .withSteps(1, 12)
        .withOptimizer(OptimizerConfig.sftDefaults().withLearningRate(0.1))
        .withPromptStyle(PromptStyle.RAW)
        .withSeedAndSaving(3, 4);
  }

  @Test
  void lowersHeldOutLossKeepsTowerFrozenAndResumesExactly() throws IOException {
    TrainDataset data = ToyData.write(dir.resolve("data"), 10);
    TrainDataset heldOut = ToyData.write(dir.resolve("held"), 4);
    Map<String, float[]> straight = new HashMap<>();
    try (ToyPolicy p = new ToyPolicy(5)) {
      Map<String, float[]> frozen = new HashMap<>();
      p.frozenParameters().forEach((k, v) -> frozen.put(k, v.toFloatArray()));
      SftTrainer t = new SftTrainer(toy(), p);
      double before = t.evaluate(heldOut.rows());
      TrainResult r = t.train(data, RunOptions.of(dir.resolve("a")));
      double after = t.evaluate(heldOut.rows());
      System.out.printf("toy SFT held-out loss %.4f -> %.4f%n", before, after);
      assertThat(after).isLessThan(before * 0.5);
      assertThat(r.steps()).isEqualTo(12);
      p.frozenParameters().forEach((k, v) -> assertThat(v.toFloatArray()).as(k).containsExactly(frozen.get(k)));
      p.trainableParameters().forEach((k, v) -> straight.put(k, v.toFloatArray()));
    }
    try (ToyPolicy p = new ToyPolicy(5)) {
      SftTrainer t = new SftTrainer(toy(), p);
      assertThatThrownBy(
              () ->
                  t.train(
                      data,
                      RunOptions.of(dir.resolve("b")).withListener((s, m) -> {
                        if (s == 6) {
                          throw new IllegalStateException("killed");
                        }
                      })))
          .hasMessageContaining("killed");
    }
    try (ToyPolicy p = new ToyPolicy(5)) {
      TrainResult r = new SftTrainer(toy(), p).train(data, RunOptions.of(dir.resolve("b")));
      assertThat(r.resumedFrom()).isEqualTo(dir.resolve("b/checkpoint-4"));
      p.trainableParameters().forEach((k, v) -> assertThat(v.toFloatArray()).as(k).containsExactly(straight.get(k)));
    }
    assertThat(ToyData.metricsWithoutTime(dir.resolve("b")))
        .isEqualTo(ToyData.metricsWithoutTime(dir.resolve("a")));
  }

  /** {@link org.robustr1.train.policy.TrainablePolicy#scoreEach}'s default stacks the per-sample log-probs. */
  @Test
  void batchedScoringThroughTheDefaultScoreEachTrainsAlike() throws IOException {
    TrainDataset data = ToyData.write(dir.resolve("data"), 10);
    Map<String, float[]> each = new HashMap<>();
    try (ToyPolicy p = new ToyPolicy(5)) {
      new SftTrainer(toy(), p).train(data, RunOptions.of(dir.resolve("each")));
      p.trainableParameters().forEach((k, v) -> each.put(k, v.toFloatArray()));
    }
    try (ToyPolicy p = new ToyPolicy(5)) {
      new SftTrainer(toy().withBatchedScoring(true), p).train(data, RunOptions.of(dir.resolve("together")));
      p.trainableParameters().forEach((k, v) -> {
        float[] a = each.get(k);
        float[] b = v.toFloatArray();
        for (int i = 0; i < a.length; i++) {
          assertThat(b[i]).as("%s[%s]", k, i).isCloseTo(a[i], org.assertj.core.api.Assertions.within(1e-5f));
        }
      });
    }
  }

  @Test
  void dropsOverlongSamplesAndCountsThem() throws IOException {
    TrainDataset data = ToyData.write(dir.resolve("data"), 6);
    // prompt 1 token + "aaa" + EOS = 5 tokens: a cutoff of 4 drops everything
    try (ToyPolicy p = new ToyPolicy(5)) {
      assertThatThrownBy(() -> new SftTrainer(toy().withCutoffLen(4), p).train(data, RunOptions.of(dir.resolve("c"))))
          .hasMessageContaining("every row")
          .hasMessageContaining("exceeds cutoffLen 4");
    }
    assertThatThrownBy(() -> toy().withCutoffLen(1)).hasMessageContaining("cutoffLen must be >= 2");
  }
}
