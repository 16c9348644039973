package org.robustr1.demo;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import org.robustr1.degrade.scenes.QuestionKind;

/**
 * Budgets of a demo run. {@link #full(long)} is sized for at most ten minutes on two cores (9 min
 * 20 s measured on the shared 2-core machine), {@link #quick(long)} for well under two; every value is
 * deterministic from the seed.
 *
 * @param name {@code full} or {@code quick}
 * @param seed seed of the scenes, degradations, initial weights, data order, sampling and eval
 * @param trainScenes training questions (one image each)
 * @param evalScenes held-out questions evaluated at every level
 * @param sftSteps optimizer steps of chain SFT
 * @param sftBatch samples per SFT step
 * @param sftLr peak SFT learning rate (cosine, 10 % warm-up)
 * @param grpoSteps optimizer steps of GRPO
 * @param grpoPrompts prompts per GRPO step
 * @param grpoGenerations completions per prompt (G)
 * @param grpoLr GRPO learning rate (constant)
 * @param grpoMaxTokens most tokens of a GRPO completion
 * @param evalMaxTokens most new tokens of an evaluated chain
 * @param evalBatch prompts decoded together in evaluation
 * @param warmupSteps optimizer steps of stage 0, the vision-language warm-up that stands in for
 *     pretraining (the language model, and the tower when {@code warmupTrainTower}); both arms
 *     start from its weights
 * @param warmupBatch samples per warm-up step
 * @param warmupLr peak warm-up learning rate (cosine, 10 % warm-up)
 * @param warmupCurriculumSteps first warm-up steps drawn from the whole-image curriculum (one large
 *     shape, "What color is the shape?") before the scene tasks
 * @param warmupTrainTower whether the warm-up also trains the vision tower and merger (else they
 *     keep their initial weights throughout)
 * @param sceneGrid cells per side of the scene layout grid (2: fewer, larger objects)
 * @param sceneObjectScale factor on object radii relative to their cell
 * @param sceneKinds the question kinds of the scenes
 * @param compactInfluence whether the chains' INFLUENCE is the short {@code CompactInfluenceAnnotator}
 *     text instead of the library's default template
 * @param chainAuxFraction fraction of the chain SFT rows that are short image-grounded rows on the
 *     same images ({@code chainAuxKind}), in [0, 1); 0 in both presets (measured not to lift the
 *     chain arm, README "The demo")
 * @param chainAuxKind {@code sentence} (the question alone, target the reasoning's first sentence)
 *     or {@code answer} (the answer-only row)
 * @param warmupChainSentence whether the warm-up adds the chain-sentence task (the reasoning's
 *     first sentence after the question at varying distances, up to the whole chain prompt and the
 *     chain up to {@code <REASONING>}); off in both presets (measured not to help)
 */
public record DemoConfig(
    String name,
    long seed,
    int trainScenes,
    int evalScenes,
    int sftSteps,
    int sftBatch,
    double sftLr,
    int grpoSteps,
    int grpoPrompts,
    int grpoGenerations,
    double grpoLr,
    int grpoMaxTokens,
    int evalMaxTokens,
    int evalBatch,
    int warmupSteps,
    int warmupBatch,
    double warmupLr,
    int warmupCurriculumSteps,
    boolean warmupTrainTower,
    int sceneGrid,
    double sceneObjectScale,
    List<QuestionKind> sceneKinds,
    boolean compactInfluence,
    double chainAuxFraction,
    String chainAuxKind,
    boolean warmupChainSentence) {

  /** Validates the values. */
  public DemoConfig {
    checkArgument(trainScenes >= 4, "trainScenes must be >= 4, got %s", trainScenes);
    checkArgument(evalScenes >= 1, "evalScenes must be >= 1, got %s", evalScenes);
    checkArgument(sftSteps >= 1 && sftBatch >= 1, "SFT needs at least one step of one sample");
    checkArgument(grpoSteps >= 1 && grpoPrompts >= 1 && grpoGenerations >= 2, "GRPO needs steps, prompts and G >= 2");
    checkArgument(sftLr > 0 && grpoLr > 0, "learning rates must be > 0");
    checkArgument(grpoMaxTokens >= 8 && evalMaxTokens >= 8, "token budgets must be >= 8");
    checkArgument(evalBatch >= 1, "evalBatch must be >= 1, got %s", evalBatch);
    checkArgument(warmupSteps >= 1 && warmupBatch >= 1 && warmupLr > 0, "the warm-up needs steps, a batch and a learning rate");
    checkArgument(warmupCurriculumSteps >= 0 && warmupCurriculumSteps < warmupSteps,
        "warmupCurriculumSteps must be in [0, warmupSteps), got %s", warmupCurriculumSteps);
    checkArgument(!sceneKinds.isEmpty(), "sceneKinds is empty");
    sceneKinds = List.copyOf(sceneKinds);
    checkArgument(chainAuxFraction >= 0 && chainAuxFraction < 1, "chainAuxFraction must be in [0, 1), got %s", chainAuxFraction);
    checkArgument(chainAuxKind.equals("sentence") || chainAuxKind.equals("answer"),
        "chainAuxKind must be sentence or answer, got %s", chainAuxKind);
  }

  /**
   * The question kinds of the demo's scenes: those the tiny model learns to read from the image
   * within the budget (measured with {@code SceneLearnabilityProbe}); the other kinds stay at chance.
   */
  public static final List<QuestionKind> SCENE_KINDS = List.of(QuestionKind.COLOR);

  /** The full demo (at most ten minutes on two cores). */
  public static DemoConfig full(long seed) {
    return new DemoConfig("full", seed, 1000, 160, 2000, 4, 2e-3, 24, 2, 4, 1e-4, 256, 256, 40, 1500, 4, 2e-3,
        300, false, 2, 1.5, SCENE_KINDS, true, 0.0, "sentence", false);
  }

  /** The quick demo (well under two minutes; shows the pipeline runs, not that it learns). */
  public static DemoConfig quick(long seed) {
    return new DemoConfig("quick", seed, 24, 8, 6, 2, 1e-3, 1, 1, 2, 1e-4, 24, 24, 8, 6, 2, 1e-3,
        2, false, 2, 1.5, SCENE_KINDS, true, 0.0, "sentence", false);
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
