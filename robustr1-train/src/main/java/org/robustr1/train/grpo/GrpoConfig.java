package org.robustr1.train.grpo;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.qwen.ScoringOptions;
import org.robustr1.train.checkpoint.Settings;
import org.robustr1.train.optim.OptimizerConfig;

/**
 * Settings of a GRPO run, validated when built. Defaults follow the official {@code
 * run_grpo_robust.sh} and the defaults it relies on (robust-r1.md §2.9): G = 8, 8 completions per
 * micro-batch, 2 accumulation steps, β = 0.04, ε = 0.2, one iteration, temperature 1.0 (hard-coded
 * upstream), top-k 50, top-p 1.0, 2048 new tokens, lr 1e-6 linear without warm-up, grad-norm 1.0,
 * one epoch, seed 42, a checkpoint every 100 steps. The official run had 8 GPUs: its global
 * micro-batch of 64 completions corresponds here to {@code batchSize 64} or to {@code
 * gradientAccumulationSteps 16}.
 */
public final class GrpoConfig {

  private final int numGenerations;
  private final int batchSize;
  private final int gradientAccumulationSteps;
  private final int maxCompletionLength;
  private final double temperature;
  private final int topK;
  private final double topP;
  private final double repetitionPenalty;
  private final GrpoObjective objective;
  private final ScaleRewards scaleRewards;
  private final int numIterations;
  private final OptimizerConfig optimizer;
  private final int numEpochs;
  private final int maxSteps;
  private final long seed;
  private final int saveSteps;
  private final int logCompletionsSteps;
  private final int numCompletionsToLog;
  private final ImmutableMap<String, Double> rewardWeights;
  private final int microBatchSize;
  private final ScoringOptions scoring;

  private GrpoConfig(Builder b) {
    this.numGenerations = b.numGenerations;
    this.batchSize = b.batchSize;
    this.gradientAccumulationSteps = b.gradientAccumulationSteps;
    this.maxCompletionLength = b.maxCompletionLength;
    this.temperature = b.temperature;
    this.topK = b.topK;
    this.topP = b.topP;
    this.repetitionPenalty = b.repetitionPenalty;
    this.scaleRewards = b.scaleRewards;
    this.numIterations = b.numIterations;
    this.optimizer = b.optimizer;
    this.numEpochs = b.numEpochs;
    this.maxSteps = b.maxSteps;
    this.seed = b.seed;
    this.saveSteps = b.saveSteps;
    this.logCompletionsSteps = b.logCompletionsSteps;
    this.numCompletionsToLog = b.numCompletionsToLog;
    this.rewardWeights = ImmutableMap.copyOf(b.rewardWeights);
    this.microBatchSize = b.microBatchSize;
    this.scoring = new ScoringOptions(b.chunkTokens, b.gradientCheckpointing);
    this.objective =
        new GrpoObjective(b.epsilonLow, b.epsilonHigh < 0 ? b.epsilonLow : b.epsilonHigh, b.beta, b.lossType, b.maxCompletionLength);
  }

  /** A builder holding the official defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Completions sampled per prompt (G). */
  public int numGenerations() {
    return numGenerations;
  }

  /** Completions per micro-batch (a multiple of G). */
  public int batchSize() {
    return batchSize;
  }

  /** Prompts per micro-batch: {@code batchSize / numGenerations}. */
  public int promptsPerMicroBatch() {
    return batchSize / numGenerations;
  }

  /** Prompts per optimizer step. */
  public int promptsPerStep() {
    return promptsPerMicroBatch() * gradientAccumulationSteps;
  }

  /** Micro-batches whose gradients are summed (losses divided by this) before each update. */
  public int gradientAccumulationSteps() {
    return gradientAccumulationSteps;
  }

  /** Most tokens generated per completion. */
  public int maxCompletionLength() {
    return maxCompletionLength;
  }

  /** Rollout sampling settings for the given sampler seed. */
  public SamplingConfig sampling(long samplerSeed) {
    return new SamplingConfig(maxCompletionLength, temperature, topK, topP, repetitionPenalty, samplerSeed);
  }

  /** Rollout temperature. */
  public double temperature() {
    return temperature;
  }

  /** Clip ranges, β and loss aggregation. */
  public GrpoObjective objective() {
    return objective;
  }

  /** Advantage scaling. */
  public ScaleRewards scaleRewards() {
    return scaleRewards;
  }

  /** Optimizer updates per generated batch (μ); old log-probs are kept across them. */
  public int numIterations() {
    return numIterations;
  }

  /** Optimizer, schedule and clipping. */
  public OptimizerConfig optimizer() {
    return optimizer;
  }

  /** Passes over the data. */
  public int numEpochs() {
    return numEpochs;
  }

  /** Stop after this many optimizer steps; {@code <= 0} runs all epochs. */
  public int maxSteps() {
    return maxSteps;
  }

  /** Seed of data order, sampling and initialisation. */
  public long seed() {
    return seed;
  }

  /** Checkpoint every this many optimizer steps ({@code <= 0}: only at the end). */
  public int saveSteps() {
    return saveSteps;
  }

  /** Log sample completions every this many steps ({@code <= 0}: never). */
  public int logCompletionsSteps() {
    return logCompletionsSteps;
  }

  /** Sample completions written each time. */
  public int numCompletionsToLog() {
    return numCompletionsToLog;
  }

  /** Weights of the reward components by name (see {@link GrpoRewards#official}); absent: 1. */
  public ImmutableMap<String, Double> rewardWeights() {
    return rewardWeights;
  }

  /**
   * Completions per forward/backward pass; the gradients of a batch's micro-batches are summed and
   * each micro-batch's loss is normalised as the whole batch's (same gradients as one pass). 0:
   * chosen per batch from its longest completion so that the pass's activations stay near {@link
   * #AUTO_ACTIVATION_BYTES} (see {@link
   * org.robustr1.train.policy.TrainablePolicy#activationBytes}).
   */
  public int microBatchSize() {
    return microBatchSize;
  }

  /** How log-probs bound their memory: log-softmax chunk and gradient checkpointing (official: on). */
  public ScoringOptions scoring() {
    return scoring;
  }

  /**
   * Completions per forward/backward pass of a batch: {@link #microBatchSize()} when set (at most
   * the batch), else the most whose activation memory {@code bytesFor(completions)} stays within
   * {@link #AUTO_ACTIVATION_BYTES}, at least one.
   */
  public int passSize(java.util.function.IntToLongFunction bytesFor) {
    if (microBatchSize > 0) {
      return Math.min(microBatchSize, batchSize);
    }
    int m = batchSize;
    while (m > 1 && bytesFor.applyAsLong(m) > AUTO_ACTIVATION_BYTES) {
      m--;
    }
    return m;
  }

  /** The activation budget of one forward/backward pass when {@link #microBatchSize()} is 0 (1.5 GiB). */
  public static final long AUTO_ACTIVATION_BYTES = 1536L << 20;

  /**
   * The fields that change the trajectory, by name: all but the checkpoint and logging intervals
   * and the memory options ({@link #memorySettings()}).
   */
  public Map<String, Object> trajectorySettings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("numGenerations", numGenerations);
    m.put("batchSize", batchSize);
    m.put("gradientAccumulationSteps", gradientAccumulationSteps);
    m.put("maxCompletionLength", maxCompletionLength);
    m.put("temperature", temperature);
    m.put("topK", topK);
    m.put("topP", topP);
    m.put("repetitionPenalty", repetitionPenalty);
    m.put("beta", objective.beta());
    m.put("epsilon", objective.epsilonLow());
    m.put("epsilonHigh", objective.epsilonHigh());
    m.put("lossType", objective.lossType().name());
    m.put("scaleRewards", scaleRewards.name());
    m.put("numIterations", numIterations);
    m.put("numEpochs", numEpochs);
    m.put("maxSteps", maxSteps);
    m.put("seed", seed);
    optimizer.settings().forEach((k, v) -> m.put("optimizer." + k, v));
    new java.util.TreeMap<>(rewardWeights).forEach((k, v) -> m.put("rewardWeight." + k, v));
    return m;
  }

  /** The recorded fields that do not change the trajectory. */
  public Map<String, Object> memorySettings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("saveSteps", saveSteps);
    m.put("logCompletionsSteps", logCompletionsSteps);
    m.put("numCompletionsToLog", numCompletionsToLog);
    m.put("microBatchSize", microBatchSize);
    m.put("chunkTokens", scoring.chunkTokens());
    m.put("gradientCheckpointing", scoring.gradientCheckpointing());
    return m;
  }

  /**
   * The configuration {@link #trajectorySettings()} and {@link #memorySettings()} describe, e.g.
   * read back from a checkpoint's {@code run_config.json} (names without the {@code grpo.} prefix).
   *
   * @throws IllegalArgumentException naming a missing or malformed field
   */
  public static GrpoConfig fromSettings(Map<String, ?> m) {
    Map<String, Double> weights = new LinkedHashMap<>();
    m.forEach(
        (k, v) -> {
          if (k.startsWith("rewardWeight.")) {
            weights.put(k.substring("rewardWeight.".length()), Settings.doubleValue(m, k));
          }
        });
    return builder()
        .optNumGenerations(Settings.integer(m, "numGenerations"))
        .optBatchSize(Settings.integer(m, "batchSize"))
        .optGradientAccumulationSteps(Settings.integer(m, "gradientAccumulationSteps"))
        .optMaxCompletionLength(Settings.integer(m, "maxCompletionLength"))
        .optTemperature(Settings.doubleValue(m, "temperature"))
        .optTopK(Settings.integer(m, "topK"))
        .optTopP(Settings.doubleValue(m, "topP"))
        .optRepetitionPenalty(Settings.doubleValue(m, "repetitionPenalty"))
        .optBeta(Settings.doubleValue(m, "beta"))
        .optEpsilon(Settings.doubleValue(m, "epsilon"))
        .optEpsilonHigh(Settings.doubleValue(m, "epsilonHigh"))
        .optLossType(LossType.valueOf(Settings.string(m, "lossType")))
        .optScaleRewards(ScaleRewards.valueOf(Settings.string(m, "scaleRewards")))
        .optNumIterations(Settings.integer(m, "numIterations"))
        .optOptimizer(OptimizerConfig.fromSettings(Settings.under(m, "optimizer.")))
        .optNumEpochs(Settings.integer(m, "numEpochs"))
        .optMaxSteps(Settings.integer(m, "maxSteps"))
        .optSeed(Settings.longValue(m, "seed"))
        .optSaveSteps(Settings.integer(m, "saveSteps"))
        .optLogCompletions(Settings.integer(m, "logCompletionsSteps"), Settings.integer(m, "numCompletionsToLog"))
        .optRewardWeights(weights)
        .optMicroBatchSize(Settings.integer(m, "microBatchSize"))
        .optChunkTokens(Settings.integer(m, "chunkTokens"))
        .optGradientCheckpointing(Settings.bool(m, "gradientCheckpointing"))
        .build();
  }

  @Override
  public String toString() {
    return "GrpoConfig{G="
        + numGenerations
        + ", batchSize="
        + batchSize
        + ", gradAccum="
        + gradientAccumulationSteps
        + ", maxCompletionLength="
        + maxCompletionLength
        + ", temperature="
        + temperature
        + ", topK="
        + topK
        + ", topP="
        + topP
        + ", objective="
        + objective
        + ", scaleRewards="
        + scaleRewards
        + ", numIterations="
        + numIterations
        + ", optimizer="
        + optimizer
        + ", epochs="
        + numEpochs
        + ", maxSteps="
        + maxSteps
        + ", seed="
        + seed
        + ", microBatchSize="
        + microBatchSize
        + ", scoring="
        + scoring
        + "}";
  }

  /** Builder of {@link GrpoConfig}; every value has the official default. */
  public static final class Builder {
    private int numGenerations = 8;
    private int batchSize = 8;
    private int gradientAccumulationSteps = 2;
    private int maxCompletionLength = 2048;
    private double temperature = 1.0;
    private int topK = 50;
    private double topP = 1.0;
    private double repetitionPenalty = 1.0;
    private double beta = 0.04;
    private double epsilonLow = 0.2;
    private double epsilonHigh = -1;
    private LossType lossType = LossType.GRPO;
    private ScaleRewards scaleRewards = ScaleRewards.GROUP;
    private int numIterations = 1;
    private OptimizerConfig optimizer = OptimizerConfig.grpoDefaults();
    private int numEpochs = 1;
    private int maxSteps = -1;
    private long seed = 42;
    private int saveSteps = 100;
    private int logCompletionsSteps = 10;
    private int numCompletionsToLog = 2;
    private Map<String, Double> rewardWeights = Map.of();
    private int microBatchSize = 0;
    private int chunkTokens = ScoringOptions.DEFAULT_CHUNK_TOKENS;
    private boolean gradientCheckpointing = true;

    private Builder() {}

    /**
     * Completions per forward/backward pass ({@link GrpoConfig#microBatchSize()}; 0, the default,
     * chooses per batch). Does not change the gradients.
     */
    public Builder optMicroBatchSize(int completions) {
      this.microBatchSize = completions;
      return this;
    }

    /** Positions per log-softmax chunk (default {@value ScoringOptions#DEFAULT_CHUNK_TOKENS}). */
    public Builder optChunkTokens(int tokens) {
      this.chunkTokens = tokens;
      return this;
    }

    /**
     * Gradient checkpointing per decoder layer (default on, as the official run script's {@code
     * --gradient_checkpointing true}): only each layer's input is kept and the layer is recomputed
     * in the backward pass.
     */
    public Builder optGradientCheckpointing(boolean on) {
      this.gradientCheckpointing = on;
      return this;
    }

    /** Completions per prompt G (official 8). */
    public Builder optNumGenerations(int g) {
      this.numGenerations = g;
      return this;
    }

    /** Completions per micro-batch (official 8 per device). */
    public Builder optBatchSize(int completions) {
      this.batchSize = completions;
      return this;
    }

    /** Gradient accumulation steps (official 2). */
    public Builder optGradientAccumulationSteps(int steps) {
      this.gradientAccumulationSteps = steps;
      return this;
    }

    /** Maximum new tokens per completion (official 2048). */
    public Builder optMaxCompletionLength(int tokens) {
      this.maxCompletionLength = tokens;
      return this;
    }

    /** Rollout temperature (official 1.0). */
    public Builder optTemperature(double t) {
      this.temperature = t;
      return this;
    }

    /** Rollout top-k (official 50, HF default; 0 disables). */
    public Builder optTopK(int k) {
      this.topK = k;
      return this;
    }

    /** Rollout top-p (official 1.0). */
    public Builder optTopP(double p) {
      this.topP = p;
      return this;
    }

    /** Rollout repetition penalty (official 1.0 = off). */
    public Builder optRepetitionPenalty(double p) {
      this.repetitionPenalty = p;
      return this;
    }

    /** KL weight β (official 0.04; 0 skips the reference model). */
    public Builder optBeta(double beta) {
      this.beta = beta;
      return this;
    }

    /** Lower clip range ε (official 0.2); also the upper one unless {@link #optEpsilonHigh} is set. */
    public Builder optEpsilon(double eps) {
      this.epsilonLow = eps;
      return this;
    }

    /** Upper clip range (clip-higher; DAPO uses 0.28). */
    public Builder optEpsilonHigh(double eps) {
      this.epsilonHigh = eps;
      return this;
    }

    /** Loss aggregation (official GRPO). */
    public Builder optLossType(LossType type) {
      this.lossType = type;
      return this;
    }

    /** Advantage scaling (official GROUP). */
    public Builder optScaleRewards(ScaleRewards scale) {
      this.scaleRewards = scale;
      return this;
    }

    /** Updates per generated batch μ (official 1). */
    public Builder optNumIterations(int mu) {
      this.numIterations = mu;
      return this;
    }

    /** Optimizer settings (official: {@link OptimizerConfig#grpoDefaults()}). */
    public Builder optOptimizer(OptimizerConfig optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    /** Epochs (official 1). */
    public Builder optNumEpochs(int epochs) {
      this.numEpochs = epochs;
      return this;
    }

    /** Stop after this many optimizer steps ({@code <= 0}: all epochs). */
    public Builder optMaxSteps(int steps) {
      this.maxSteps = steps;
      return this;
    }

    /** Seed (official 42). */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Checkpoint interval in steps (official 100). */
    public Builder optSaveSteps(int steps) {
      this.saveSteps = steps;
      return this;
    }

    /** Interval of sample-completion logs, and how many completions each time. */
    public Builder optLogCompletions(int everySteps, int count) {
      this.logCompletionsSteps = everySteps;
      this.numCompletionsToLog = count;
      return this;
    }

    /** Reward component weights by name (official: all 1, summed). */
    public Builder optRewardWeights(Map<String, Double> weights) {
      this.rewardWeights = requireNonNull(weights, "weights");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException with a message naming the value and what to change
     */
    public GrpoConfig build() {
      checkArgument(
          numGenerations >= 2,
          "numGenerations (G) must be >= 2: group advantages divide by an unbiased std over the"
              + " group; got %s, set it to 2 or more (official 8)",
          numGenerations);
      checkArgument(batchSize > 0, "batchSize must be > 0 completions, got %s", batchSize);
      if (batchSize % numGenerations != 0) {
        int lower = batchSize / numGenerations * numGenerations;
        int upper = lower + numGenerations;
        throw new IllegalArgumentException(
            String.format(
                "batchSize (%d completions) must be divisible by numGenerations (%d): use batchSize %s,"
                    + " or change numGenerations",
                batchSize,
                numGenerations,
                lower > 0 ? lower + " or " + upper : String.valueOf(upper)));
      }
      checkArgument(
          gradientAccumulationSteps >= 1,
          "gradientAccumulationSteps must be >= 1, got %s",
          gradientAccumulationSteps);
      checkArgument(
          maxCompletionLength > 0, "maxCompletionLength must be > 0 tokens, got %s (official 2048)", maxCompletionLength);
      checkArgument(
          temperature > 0 && Double.isFinite(temperature),
          "temperature must be > 0 for GRPO rollouts (groups need distinct samples), got %s (official 1.0)",
          temperature);
      checkArgument(topK >= 0, "topK must be >= 0 (0 = off), got %s", topK);
      checkArgument(topP > 0 && topP <= 1, "topP must be in (0, 1], got %s", topP);
      checkArgument(repetitionPenalty > 0, "repetitionPenalty must be > 0, got %s", repetitionPenalty);
      checkArgument(beta >= 0 && Double.isFinite(beta), "beta must be >= 0, got %s (official 0.04, 0 disables KL)", beta);
      checkArgument(
          epsilonLow >= 0 && epsilonLow < 1,
          "epsilon must be in [0, 1), got %s (official 0.2): the ratio is clipped at 1 - epsilon",
          epsilonLow);
      checkArgument(
          epsilonHigh == -1 || epsilonHigh >= 0,
          "epsilonHigh must be >= 0, got %s (unset: equal to epsilon)",
          epsilonHigh);
      requireNonNull(lossType, "lossType");
      requireNonNull(scaleRewards, "scaleRewards");
      checkArgument(numIterations >= 1, "numIterations must be >= 1, got %s (official 1)", numIterations);
      requireNonNull(optimizer, "optimizer");
      checkArgument(
          microBatchSize >= 0,
          "microBatchSize must be >= 0 completions (0 = chosen per batch), got %s",
          microBatchSize);
      checkArgument(chunkTokens >= 1, "chunkTokens must be >= 1, got %s", chunkTokens);
      checkArgument(numEpochs >= 1, "numEpochs must be >= 1, got %s", numEpochs);
      for (Map.Entry<String, Double> e : rewardWeights.entrySet()) {
        checkArgument(
            e.getValue() != null && Double.isFinite(e.getValue()),
            "reward weight of %s must be a finite number, got %s",
            e.getKey(),
            e.getValue());
      }
      return new GrpoConfig(this);
    }
  }
}
