package org.robustr1.train.sft;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.robustr1.model.qwen.ScoringOptions;
import org.robustr1.train.checkpoint.Settings;
import org.robustr1.train.data.PromptStyle;
import org.robustr1.train.optim.OptimizerConfig;

/**
 * Settings of an SFT run, validated when built. Defaults follow the LLaMA-Factory Qwen2.5-VL full
 * SFT example the Robust-R1 README points to (peers.md §2): 1 sample per micro-batch, 2
 * accumulation steps, lr 1e-5 cosine with warm-up ratio 0.1, 3 epochs, cutoff 2048 tokens, vision
 * tower and projector frozen.
 *
 * @param batchSize samples per micro-batch
 * @param gradientAccumulationSteps micro-batches per optimizer step
 * @param numEpochs passes over the data
 * @param maxSteps stop after this many optimizer steps ({@code <= 0}: all epochs)
 * @param cutoffLen most tokens of prompt (image pads included) plus target; longer samples are
 *     dropped and counted, never cut, so an image span is never truncated
 * @param optimizer AdamW, schedule and clipping
 * @param seed seed of the data order
 * @param saveSteps checkpoint interval ({@code <= 0}: only at the end)
 * @param promptStyle how rows become user text
 * @param scoring how the log-probs bound their memory: positions per log-softmax chunk and
 *     gradient checkpointing per decoder layer (off by default: it recomputes every layer in the
 *     backward pass; LLaMA-Factory turns it on for the large models)
 * @param batchedScoring score a micro-batch's samples in one padded pass through the decoder
 *     instead of one pass per sample (as LLaMA-Factory batches {@code per_device_train_batch_size});
 *     the loss and gradients equal the per-sample ones up to float rounding, at a fraction of the
 *     time on small models; off by default, the demo's recorded runs score per sample
 */
public record SftConfig(
    int batchSize,
    int gradientAccumulationSteps,
    int numEpochs,
    int maxSteps,
    int cutoffLen,
    OptimizerConfig optimizer,
    long seed,
    int saveSteps,
    PromptStyle promptStyle,
    ScoringOptions scoring,
    boolean batchedScoring) {

  /** Validates with messages that say what to change. */
  public SftConfig {
    requireNonNull(optimizer, "optimizer");
    requireNonNull(promptStyle, "promptStyle");
    requireNonNull(scoring, "scoring");
    checkArgument(batchSize >= 1, "batchSize must be >= 1 sample, got %s", batchSize);
    checkArgument(gradientAccumulationSteps >= 1, "gradientAccumulationSteps must be >= 1, got %s", gradientAccumulationSteps);
    checkArgument(numEpochs >= 1, "numEpochs must be >= 1, got %s", numEpochs);
    checkArgument(
        cutoffLen >= 2,
        "cutoffLen must be >= 2 tokens, got %s (LLaMA-Factory default 2048; it must hold the prompt with its image tokens)",
        cutoffLen);
  }

  /** Settings that score each sample of a micro-batch on its own. */
  public SftConfig(
      int batchSize,
      int gradientAccumulationSteps,
      int numEpochs,
      int maxSteps,
      int cutoffLen,
      OptimizerConfig optimizer,
      long seed,
      int saveSteps,
      PromptStyle promptStyle,
      ScoringOptions scoring) {
    this(batchSize, gradientAccumulationSteps, numEpochs, maxSteps, cutoffLen, optimizer, seed, saveSteps, promptStyle, scoring, false);
  }

  /** Settings with the default {@link ScoringOptions} (chunked log-softmax, no checkpointing). */
  public SftConfig(
      int batchSize,
      int gradientAccumulationSteps,
      int numEpochs,
      int maxSteps,
      int cutoffLen,
      OptimizerConfig optimizer,
      long seed,
      int saveSteps,
      PromptStyle promptStyle) {
    this(batchSize, gradientAccumulationSteps, numEpochs, maxSteps, cutoffLen, optimizer, seed, saveSteps, promptStyle, ScoringOptions.defaults());
  }

  /** The official-example defaults. */
  public static SftConfig defaults() {
    return new SftConfig(1, 2, 3, -1, 2048, OptimizerConfig.sftDefaults(), 42, 500, PromptStyle.ROBUST_TEMPLATE);
  }

  /** A copy with other memory options. */
  public SftConfig withScoring(ScoringOptions options) {
    return new SftConfig(batchSize, gradientAccumulationSteps, numEpochs, maxSteps, cutoffLen, optimizer, seed, saveSteps, promptStyle, options, batchedScoring);
  }

  /**
   * The fields that change the trajectory, by name (the run configuration's {@code sft.*}):
   * everything but the checkpoint interval and the memory options, which {@link #memorySettings()}
   * gives.
   */
  public Map<String, Object> trajectorySettings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("batchSize", batchSize);
    m.put("gradientAccumulationSteps", gradientAccumulationSteps);
    m.put("numEpochs", numEpochs);
    m.put("maxSteps", maxSteps);
    m.put("cutoffLen", cutoffLen);
    m.put("seed", seed);
    m.put("promptStyle", promptStyle.name());
    optimizer.settings().forEach((k, v) -> m.put("optimizer." + k, v));
    return m;
  }

  /** The recorded fields that do not change the trajectory. */
  public Map<String, Object> memorySettings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("saveSteps", saveSteps);
    m.put("chunkTokens", scoring.chunkTokens());
    m.put("gradientCheckpointing", scoring.gradientCheckpointing());
    m.put("batchedScoring", batchedScoring);
    return m;
  }

  /**
   * The configuration {@link #trajectorySettings()} and {@link #memorySettings()} describe, e.g.
   * read back from a checkpoint's {@code run_config.json} (names without the {@code sft.} prefix).
   *
   * @throws IllegalArgumentException naming a missing or malformed field
   */
  public static SftConfig fromSettings(Map<String, ?> m) {
    return new SftConfig(
        Settings.integer(m, "batchSize"),
        Settings.integer(m, "gradientAccumulationSteps"),
        Settings.integer(m, "numEpochs"),
        Settings.integer(m, "maxSteps"),
        Settings.integer(m, "cutoffLen"),
        OptimizerConfig.fromSettings(Settings.under(m, "optimizer.")),
        Settings.longValue(m, "seed"),
        Settings.integer(m, "saveSteps"),
        PromptStyle.valueOf(Settings.string(m, "promptStyle")),
        new ScoringOptions(Settings.integer(m, "chunkTokens"), Settings.bool(m, "gradientCheckpointing")),
        // recorded since batched scoring exists; earlier runs scored per sample
        m.containsKey("batchedScoring") && Settings.bool(m, "batchedScoring"));
  }

  /** A copy that scores each micro-batch in one padded pass, or each sample on its own. */
  public SftConfig withBatchedScoring(boolean on) {
    return new SftConfig(batchSize, gradientAccumulationSteps, numEpochs, maxSteps, cutoffLen, optimizer, seed, saveSteps, promptStyle, scoring, on);
  }

  /** A copy with other batch settings. */
  public SftConfig withBatch(int samples, int accumulation) {
    return new SftConfig(samples, accumulation, numEpochs, maxSteps, cutoffLen, optimizer, seed, saveSteps, promptStyle, scoring, batchedScoring);
  }

  /** A copy with another length of run. */
  public SftConfig withSteps(int epochs, int steps) {
    return new SftConfig(batchSize, gradientAccumulationSteps, epochs, steps, cutoffLen, optimizer, seed, saveSteps, promptStyle, scoring, batchedScoring);
  }

  /** A copy with another cutoff length. */
  public SftConfig withCutoffLen(int tokens) {
    return new SftConfig(batchSize, gradientAccumulationSteps, numEpochs, maxSteps, tokens, optimizer, seed, saveSteps, promptStyle, scoring, batchedScoring);
  }

  /** A copy with another optimizer. */
  public SftConfig withOptimizer(OptimizerConfig opt) {
    return new SftConfig(batchSize, gradientAccumulationSteps, numEpochs, maxSteps, cutoffLen, opt, seed, saveSteps, promptStyle, scoring, batchedScoring);
  }

  /** A copy with another seed and checkpoint interval. */
  public SftConfig withSeedAndSaving(long s, int every) {
    return new SftConfig(batchSize, gradientAccumulationSteps, numEpochs, maxSteps, cutoffLen, optimizer, s, every, promptStyle, scoring, batchedScoring);
  }

  /** A copy with another prompt style. */
  public SftConfig withPromptStyle(PromptStyle style) {
    return new SftConfig(batchSize, gradientAccumulationSteps, numEpochs, maxSteps, cutoffLen, optimizer, seed, saveSteps, style, scoring, batchedScoring);
  }
}
