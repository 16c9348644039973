package org.robustr1.demo;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import java.util.List;
import org.robustr1.degrade.scenes.QuestionKind;

/**
 * Budgets of a demo run. {@link #full(long)} is sized for at most ten minutes on two cores, {@link
 * #quick(long)} for well under two; every value is deterministic from the seed.
 *
 * @param name {@code full} or {@code quick}
 * @param seed seed of the scenes, degradations, data order, sampling and eval
 * @param trainScenes training questions (one image each)
 * @param evalScenes held-out questions evaluated at every level (clean, 25, 50, 100 %)
 * @param perceptionScenes held-out images degraded like the training set, on which the chain
 *     models' TYPE is scored
 * @param sceneKinds the question kinds of the scenes
 * @param sftSteps optimizer steps of chain SFT
 * @param sftBatch samples per SFT step
 * @param sftLr peak learning rate of chain SFT (cosine, 10 % warm-up)
 * @param baselineLr peak learning rate of the answer-only baseline's SFT (same schedule); {@link
 *     #full} and {@link #quick} use the chain SFT's, as an ablation keeps the method's settings
 * @param grpoSteps optimizer steps of GRPO
 * @param grpoPrompts prompts per GRPO step
 * @param grpoGenerations completions per prompt (G)
 * @param grpoLr GRPO learning rate (constant)
 * @param grpoBeta weight of the KL term to the SFT reference
 * @param grpoMaxTokens most tokens of a GRPO completion
 * @param evalMaxTokens most new tokens of an evaluated chain
 * @param evalBatch prompts decoded together in evaluation
 * @param reasoningThresholds total intensities at which the chains' REASONING gains a sentence
 *     (the dynamic reasoning depth; {@link org.robustr1.degrade.dataset.ReasoningDepth#steps})
 * @param pretrained the checkpoint both arms start from; null for the embedded {@code
 *     robustr1-tiny}
 */
public record DemoConfig(
    String name,
    long seed,
    int trainScenes,
    int evalScenes,
    int perceptionScenes,
    List<QuestionKind> sceneKinds,
    int sftSteps,
    int sftBatch,
    double sftLr,
    double baselineLr,
    int grpoSteps,
    int grpoPrompts,
    int grpoGenerations,
    double grpoLr,
    double grpoBeta,
    int grpoMaxTokens,
    int evalMaxTokens,
    int evalBatch,
    List<Double> reasoningThresholds,
    Path pretrained) {

  /** Validates the values. */
  public DemoConfig {
    checkArgument(trainScenes >= 4, "trainScenes must be >= 4, got %s", trainScenes);
    checkArgument(evalScenes >= 1 && perceptionScenes >= 1, "evalScenes and perceptionScenes must be >= 1");
    checkArgument(sftSteps >= 1 && sftBatch >= 1, "SFT needs at least one step of one sample");
    checkArgument(grpoSteps >= 1 && grpoPrompts >= 1 && grpoGenerations >= 2, "GRPO needs steps, prompts and G >= 2");
    checkArgument(sftLr > 0 && baselineLr > 0 && grpoLr > 0 && grpoBeta >= 0, "learning rates must be > 0 and beta >= 0");
    checkArgument(grpoMaxTokens >= 8 && evalMaxTokens >= 8, "token budgets must be >= 8");
    checkArgument(evalBatch >= 1, "evalBatch must be >= 1, got %s", evalBatch);
    checkArgument(!sceneKinds.isEmpty(), "sceneKinds is empty");
    sceneKinds = List.copyOf(sceneKinds);
    reasoningThresholds = List.copyOf(reasoningThresholds);
  }

  /** The question kinds of the demo's scenes. */
  public static final List<QuestionKind> SCENE_KINDS = List.of(QuestionKind.values());

  /** REASONING gains a sentence at total intensity 0.3 and at 0.7. */
  public static final List<Double> REASONING_THRESHOLDS = List.of(0.3, 0.7);

  /**
   * The SFT learning rate of both arms in the full demo. The verdict at 100 % moves with it (a
   * shared 1e-3 weakens the answer-only arm by about three points and leaves the chains where they
   * are); docs/demo.md, "Learning rates", has the sweep.
   */
  public static final double FULL_LR = 5e-4;

  /**
   * Completions per prompt of the full demo's GRPO: the official {@code num_generations}. With 4
   * the mean reward rose over the run on three of six seeds, with 8 on four, at the same accuracy
   * (docs/demo.md, "GRPO settings tried").
   */
  public static final int FULL_GRPO_GENERATIONS = 8;

  /** The full demo (at most ten minutes on two cores). */
  public static DemoConfig full(long seed) {
    return new DemoConfig("full", seed, 1200, 320, 160, SCENE_KINDS, 500, 4, FULL_LR, FULL_LR, 24, 2,
        FULL_GRPO_GENERATIONS, 5e-5, 0.04,
        160, 160, 64, REASONING_THRESHOLDS, null);
  }

  /** The quick demo (well under two minutes; shows the pipeline runs, not that it learns). */
  public static DemoConfig quick(long seed) {
    return new DemoConfig("quick", seed, 24, 8, 8, SCENE_KINDS, 6, 2, 5e-4, 5e-4, 1, 1, 2, 5e-5, 0.04, 24, 24, 8,
        REASONING_THRESHOLDS, null);
  }

  /** A copy whose chain SFT trains at another peak learning rate (the baseline keeps its own). */
  public DemoConfig withSftLr(double lr) {
    return new DemoConfig(name, seed, trainScenes, evalScenes, perceptionScenes, sceneKinds, sftSteps, sftBatch, lr,
        baselineLr, grpoSteps, grpoPrompts, grpoGenerations, grpoLr, grpoBeta, grpoMaxTokens, evalMaxTokens, evalBatch,
        reasoningThresholds, pretrained);
  }

  /** A copy whose answer-only baseline trains at another peak learning rate. */
  public DemoConfig withBaselineLr(double lr) {
    return new DemoConfig(name, seed, trainScenes, evalScenes, perceptionScenes, sceneKinds, sftSteps, sftBatch, sftLr,
        lr, grpoSteps, grpoPrompts, grpoGenerations, grpoLr, grpoBeta, grpoMaxTokens, evalMaxTokens, evalBatch,
        reasoningThresholds, pretrained);
  }

  /** A copy starting both arms from another checkpoint folder. */
  public DemoConfig withPretrained(Path dir) {
    return new DemoConfig(name, seed, trainScenes, evalScenes, perceptionScenes, sceneKinds, sftSteps, sftBatch, sftLr,
        baselineLr, grpoSteps, grpoPrompts, grpoGenerations, grpoLr, grpoBeta, grpoMaxTokens, evalMaxTokens, evalBatch,
        reasoningThresholds, dir);
  }

  /** SFT samples seen by the chain model (steps × batch). */
  public int sftSamples() {
    return sftSteps * sftBatch;
  }

  /**
   * Optimizer steps of the answer-only baseline: the chain model's SFT plus GRPO steps, at the SFT
   * batch size, so both arms get the same number of updates.
   */
  public int baselineSteps() {
    return sftSteps + grpoSteps;
  }
}
