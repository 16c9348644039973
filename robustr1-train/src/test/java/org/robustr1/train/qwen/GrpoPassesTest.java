package org.robustr1.train.qwen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.model.Generation;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.processor.Qwen25VlProcessor;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.testing.SharedData;
import org.robustr1.train.RunOptions;
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
import org.robustr1.train.policy.QwenPolicy;
import org.robustr1.train.policy.TrainablePolicy;
import org.robustr1.train.synthetic.SyntheticDegradationData;

/**
 * One GRPO step of the tiny Qwen2.5-VL (2 prompts × G 4, the same rollouts in every run, a
 * reference with other weights so that the KL term counts) computes
 * the same loss, KL and gradient norm whether the log-probs come from the plain full-vocabulary
 * pass ({@link TrainablePolicy#score}'s default, as before the memory-bounded scoring), from the
 * chunked pass in one forward/backward per batch, or chunked and checkpointed in passes of 3
 * completions (which split a group and cross prompts). Tolerance: relative 1e-4, the float32
 * rounding of sums over the 151,936-token vocabulary in matmuls of different shapes.
 */
class GrpoPassesTest {

  @TempDir Path dir;

  /** The Qwen policy with the default (plain, full-graph) {@link TrainablePolicy#score}. */
  private static final class Plain implements TrainablePolicy {
    private final QwenPolicy p;

    Plain(QwenPolicy p) {
      this.p = p;
    }

    @Override
    public PreparedPrompt prepare(VlmPrompt prompt) {
      return p.prepare(prompt);
    }

    @Override
    public List<Generation> sample(PreparedPrompt prompt, int n, SamplingConfig sampling) {
      return p.sample(prompt, n, sampling);
    }

    @Override
    public NDArray completionLogProbs(PreparedPrompt prompt, List<int[]> completions, NDManager manager) {
      return p.completionLogProbs(prompt, completions, manager);
    }

    @Override
    public int[] assistantTargetIds(String text) {
      return p.assistantTargetIds(text);
    }

    @Override
    public int eosTokenId() {
      return p.eosTokenId();
    }

    @Override
    public String decode(int[] ids) {
      return p.decode(ids);
    }

    @Override
    public Map<String, NDArray> trainableParameters() {
      return p.trainableParameters();
    }

    @Override
    public Map<String, NDArray> frozenParameters() {
      return p.frozenParameters();
    }

    @Override
    public void save(Path d) {
      p.save(d);
    }

    @Override
    public void loadTrainable(Path d) {
      p.loadTrainable(d);
    }

    @Override
    public void close() {
      p.close();
    }
  }

  private Map<String, Object> firstStep(Path modelDir, TrainDataset data, String out, boolean plain, int microBatch, boolean checkpointing)
      throws IOException {
    GrpoConfig cfg =
        GrpoConfig.builder()
            .optNumGenerations(4)
            .optBatchSize(8)
            .optGradientAccumulationSteps(1)
            .optMaxCompletionLength(12)
            .optOptimizer(OptimizerConfig.grpoDefaults().withLearningRate(1e-3))
            .optMaxSteps(1)
            .optSaveSteps(0)
            .optSeed(3)
            .optMicroBatchSize(microBatch)
            .optGradientCheckpointing(checkpointing)
            .build();
    try (QwenPolicy policy = QwenTrainingTest.tinyPolicy(modelDir);
        QwenPolicy reference = otherPolicy(modelDir);
        TrainablePolicy used = plain ? new Plain(policy) : null) {
      TrainablePolicy p = plain ? used : policy;
      GrpoTrainer t =
          new GrpoTrainer(cfg, p, reference, GrpoRewards.official(policy.tokenCounter(), Map.of()), new RowPrompts(PromptStyle.RAW));
      return t.train(data, RunOptions.of(dir.resolve(out))).metrics().get(0);
    }
  }

  /** A reference other than the policy (another seed), so that the KL term has a gradient. */
  private static QwenPolicy otherPolicy(Path modelDir) throws IOException {
    Qwen25VlModel model = Qwen25VlModel.randomInit(Qwen25VlConfig.tiny(), 12);
    try {
      model.setProcessor(Qwen25VlProcessor.load(modelDir));
      return new QwenPolicy(model);
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  @Test
  void passesAndCheckpointingGiveThePlainGradient() throws IOException {
    assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    Path modelDir = SharedData.resolve("golden/qwen25vl-tiny-a").orElseThrow();
    Path jsonl =
        SyntheticDegradationData.writeLabelled(
            dir.resolve("data"), List.of(SyntheticDegradationData.LABELS.get(0), SyntheticDegradationData.LABELS.get(2)), 2, 2);
    TrainDataset data = TrainDataReader.read(jsonl, new ImageRoot(jsonl.getParent()), OnBadRow.FAIL, true);
    Map<String, Object> plain = firstStep(modelDir, data, "plain", true, 8, false);
    Map<String, Object> whole = firstStep(modelDir, data, "whole", false, 8, false);
    Map<String, Object> passes = firstStep(modelDir, data, "passes", false, 3, true);
    for (String k : List.of("reward", "loss", "kl", "grad_norm", "clip_ratio")) {
      double e = ((Number) plain.get(k)).doubleValue();
      System.out.printf("%s: plain %.9g, chunked %.9g, passes of 3 checkpointed %.9g%n", k, e, num(whole, k), num(passes, k));
      assertThat(num(whole, k)).as("%s, chunked", k).isCloseTo(e, org.assertj.core.data.Offset.offset(1e-6 + 1e-4 * Math.abs(e)));
      assertThat(num(passes, k)).as("%s, passes", k).isCloseTo(e, org.assertj.core.data.Offset.offset(1e-6 + 1e-4 * Math.abs(e)));
    }
    assertThat(num(plain, "grad_norm")).isGreaterThan(0);
  }

  private static double num(Map<String, Object> m, String k) {
    return ((Number) m.get(k)).doubleValue();
  }
}
