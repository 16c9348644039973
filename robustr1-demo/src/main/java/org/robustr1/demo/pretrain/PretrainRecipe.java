package org.robustr1.demo.pretrain;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.robustr1.model.embedded.EmbeddedModel;

/**
 * How {@code robustr1-tiny} is pretrained: the architecture, the data seed and the optimisation
 * budget. {@link #DEFAULT} is the recipe of the shipped weights; everything is deterministic from
 * it.
 *
 * @param size the architecture (tokenizer and image geometry are the embedded model's)
 * @param seed seed of the initial weights and of the data stream
 * @param steps optimizer steps
 * @param batch samples per step
 * @param learningRate peak learning rate (linear warm-up, cosine decay to 10 %)
 * @param warmupRatio fraction of the steps spent warming up
 * @param saveSteps checkpoint interval (a run resumes from the newest checkpoint)
 * @param fullSequenceLoss whether the loss covers the user text too (everything after the image,
 *     as in language-model pretraining), not only the assistant's answer
 * @param visionSteps steps of stage A, the vision tower alone on per-token object labels and pixel statistics ({@link
 *     VisionPretraining}); the tower is frozen in the language stage that follows (0: no stage A,
 *     the tower trained along the language model)
 * @param visionBatch images per stage-A step
 * @param visionLearningRate stage-A learning rate (constant after a 5 % warm-up)
 * @param visionStatisticsWeight weight of stage A's per-token {@link PixelStatistics} regression (0:
 *     object labels only)
 * @param visionAugmentation probability that a stage-A image is augmented ({@link
 *     PhotometricAugmentation}; used only with statistics)
 * @param taskMix stage B's {@link PretrainingTasks} and their weights
 * @param questions stage C, scene questions fine-tuned from stage B's weights ({@link
 *     QuestionStage#NONE}: none); its data are drawn with seed {@code seed + 2} ({@code seed + 1}
 *     draws the held-out samples)
 */
public record PretrainRecipe(
    EmbeddedModel.Size size,
    long seed,
    int steps,
    int batch,
    double learningRate,
    double warmupRatio,
    int saveSteps,
    boolean fullSequenceLoss,
    int visionSteps,
    int visionBatch,
    double visionLearningRate,
    double visionStatisticsWeight,
    double visionAugmentation,
    Map<PretrainingTasks.Task, Double> taskMix,
    QuestionStage questions) {

  /**
   * The architecture of {@code robustr1-tiny}: four decoder layers of width 128 (4 heads of 32, 2
   * key/value heads, M-RoPE sections 4/6/6 as in the 3B model scaled down), a four-block vision
   * tower of width 128 with full attention in blocks 1 and 3 (Qwen2.5-VL's window/full pattern),
   * RoPE base 1,000,000 as in Qwen2.5-VL.
   */
  public static final EmbeddedModel.Size TINY =
      new EmbeddedModel.Size(128, 384, 4, 4, 2, List.of(4, 6, 6), 4, 128, 4, 256, List.of(1, 3), 1_000_000.0);

  /**
   * The recipe of the weights shipped before stage C (stage A on per-token object labels only, stage
   * B on {@link PretrainingTasks#DEFAULT_MIX}): {@link #DEFAULT} without its {@link QuestionStage}.
   */
  public static final PretrainRecipe STAGES_A_AND_B =
      new PretrainRecipe(TINY, 20261206L, 10000, 8, 2e-3, 0.03, 250, true, 2000, 16, 1e-3, 0.0, 0.0,
          PretrainingTasks.DEFAULT_MIX);

  /** The recipe of the shipped weights: {@link #STAGES_A_AND_B}, then {@link QuestionStage#DEFAULT}. */
  public static final PretrainRecipe DEFAULT = STAGES_A_AND_B.withQuestions(QuestionStage.DEFAULT);

  /**
   * {@link #DEFAULT} with a stage A that also regresses per-token {@link PixelStatistics} of
   * photometrically augmented scenes (weight 1, 80 % of the images augmented): a tower that keeps
   * more of what degradations change (docs/demo.md has the probes and the demo runs). Not shipped.
   */
  public static final PretrainRecipe WITH_PIXEL_STATISTICS =
      new PretrainRecipe(TINY, 20261206L, 10000, 8, 2e-3, 0.03, 250, true, 2000, 16, 1e-3, 1.0, 0.8,
          PretrainingTasks.DEFAULT_MIX, QuestionStage.DEFAULT);

  /**
   * {@link #DEFAULT} with {@link PretrainingTasks#EXPLAINED_CHOICES_MIX} in stage B: explanations
   * also asked with the four choices in view (docs/demo.md has the demo runs).
   */
  public static final PretrainRecipe WITH_EXPLAINED_CHOICES = DEFAULT.withTaskMix(PretrainingTasks.EXPLAINED_CHOICES_MIX);

  /** A recipe of stages A and B only (no {@link QuestionStage}). */
  public PretrainRecipe(EmbeddedModel.Size size, long seed, int steps, int batch, double learningRate, double warmupRatio,
      int saveSteps, boolean fullSequenceLoss, int visionSteps, int visionBatch, double visionLearningRate,
      double visionStatisticsWeight, double visionAugmentation, Map<PretrainingTasks.Task, Double> taskMix) {
    this(size, seed, steps, batch, learningRate, warmupRatio, saveSteps, fullSequenceLoss, visionSteps, visionBatch,
        visionLearningRate, visionStatisticsWeight, visionAugmentation, taskMix, QuestionStage.NONE);
  }

  /** Validates the values. */
  public PretrainRecipe {
    requireNonNull(size, "size");
    requireNonNull(questions, "questions");
    taskMix = Collections.unmodifiableMap(new EnumMap<>(requireNonNull(taskMix, "taskMix")));
    checkArgument(steps >= 1 && batch >= 1 && saveSteps >= 1, "steps, batch and saveSteps must be >= 1");
    checkArgument(learningRate > 0, "learningRate must be > 0, got %s", learningRate);
    checkArgument(warmupRatio >= 0 && warmupRatio < 1, "warmupRatio must be in [0, 1), got %s", warmupRatio);
    checkArgument(visionSteps >= 0 && visionBatch >= 1 && visionLearningRate > 0, "bad stage-A budget");
    checkArgument(visionStatisticsWeight >= 0, "visionStatisticsWeight must be >= 0, got %s", visionStatisticsWeight);
    checkArgument(visionAugmentation >= 0 && visionAugmentation <= 1, "visionAugmentation must be in [0, 1], got %s",
        visionAugmentation);
  }

  /** A copy with another number of steps. */
  public PretrainRecipe withSteps(int n) {
    return new PretrainRecipe(size, seed, n, batch, learningRate, warmupRatio, saveSteps, fullSequenceLoss, visionSteps, visionBatch, visionLearningRate,
        visionStatisticsWeight, visionAugmentation, taskMix, questions);
  }

  /** A copy with another number of stage-A steps. */
  public PretrainRecipe withVisionSteps(int n) {
    return new PretrainRecipe(size, seed, steps, batch, learningRate, warmupRatio, saveSteps, fullSequenceLoss, n, visionBatch,
        visionLearningRate, visionStatisticsWeight, visionAugmentation, taskMix, questions);
  }

  /** A copy with another seed. */
  public PretrainRecipe withSeed(long s) {
    return new PretrainRecipe(size, s, steps, batch, learningRate, warmupRatio, saveSteps, fullSequenceLoss, visionSteps, visionBatch, visionLearningRate,
        visionStatisticsWeight, visionAugmentation, taskMix, questions);
  }

  /** A copy with another checkpoint interval. */
  public PretrainRecipe withSaveSteps(int n) {
    return new PretrainRecipe(size, seed, steps, batch, learningRate, warmupRatio, n, fullSequenceLoss, visionSteps, visionBatch, visionLearningRate,
        visionStatisticsWeight, visionAugmentation, taskMix, questions);
  }

  /** A copy with another stage-B task mix. */
  public PretrainRecipe withTaskMix(Map<PretrainingTasks.Task, Double> mix) {
    return new PretrainRecipe(size, seed, steps, batch, learningRate, warmupRatio, saveSteps, fullSequenceLoss, visionSteps, visionBatch,
        visionLearningRate, visionStatisticsWeight, visionAugmentation, mix, questions);
  }

  /** A copy with another stage C ({@link QuestionStage#NONE}: none). */
  public PretrainRecipe withQuestions(QuestionStage q) {
    return new PretrainRecipe(size, seed, steps, batch, learningRate, warmupRatio, saveSteps, fullSequenceLoss, visionSteps, visionBatch,
        visionLearningRate, visionStatisticsWeight, visionAugmentation, taskMix, q);
  }

  /** This recipe without stage C: what its stage-B weights were trained with. */
  public PretrainRecipe stagesAAndB() {
    return withQuestions(QuestionStage.NONE);
  }

  /** Seed of stage C's data (the held-out samples use {@code seed + 1}). */
  public long questionSeed() {
    return seed + 2;
  }

  /**
   * The recipe as JSON-ready values, for provenance and for refusing to resume a changed run. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("size", Map.ofEntries(
        Map.entry("hidden_size", size.hiddenSize()),
        Map.entry("intermediate_size", size.intermediateSize()),
        Map.entry("layers", size.layers()),
        Map.entry("heads", size.heads()),
        Map.entry("kv_heads", size.kvHeads()),
        Map.entry("mrope_section", size.mropeSection()),
        Map.entry("vision_depth", size.visionDepth()),
        Map.entry("vision_hidden_size", size.visionHiddenSize()),
        Map.entry("vision_heads", size.visionHeads()),
        Map.entry("vision_intermediate_size", size.visionIntermediateSize()),
        Map.entry("full_attention_blocks", size.fullAttentionBlocks()),
        Map.entry("rope_theta", size.ropeTheta())));
    m.put("seed", seed);
    m.put("steps", steps);
    m.put("batch", batch);
    m.put("learning_rate", learningRate);
    m.put("warmup_ratio", warmupRatio);
    m.put("full_sequence_loss", fullSequenceLoss);
    m.put("vision_steps", visionSteps);
    m.put("vision_batch", visionBatch);
    m.put("vision_learning_rate", visionLearningRate);
    if (visionStatisticsWeight > 0) {
      m.put("vision_statistics_weight", visionStatisticsWeight);
      m.put("vision_augmentation", visionAugmentation);
    }
    m.put("task_mix", new LinkedHashMap<>(new TreeMap<>(taskMix)));
    if (questions.enabled()) {
      m.put("stage_c", questions.describe());
    }
    return m;
  }
}
