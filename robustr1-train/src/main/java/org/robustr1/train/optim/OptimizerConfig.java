package org.robustr1.train.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.robustr1.train.checkpoint.Settings;

/**
 * AdamW, learning-rate schedule and gradient clipping settings shared by both trainers.
 *
 * @param learningRate peak learning rate (&gt; 0)
 * @param weightDecay decoupled weight decay (&gt;= 0; HF default 0)
 * @param beta1 first-moment decay in [0, 1)
 * @param beta2 second-moment decay in [0, 1)
 * @param epsilon added to the bias-corrected root of the second moment (&gt; 0)
 * @param schedule decay shape after warm-up
 * @param warmupSteps linear warm-up steps from 0; when {@code < 0}, {@code warmupRatio} is used
 * @param warmupRatio fraction of the total steps used for warm-up when {@code warmupSteps < 0}
 * @param minLrRatio final learning rate as a fraction of the peak (0 in HF)
 * @param maxGradNorm global L2 norm the gradients are clipped to; {@code <= 0} disables clipping
 */
public record OptimizerConfig(
    double learningRate,
    double weightDecay,
    double beta1,
    double beta2,
    double epsilon,
    ScheduleType schedule,
    int warmupSteps,
    double warmupRatio,
    double minLrRatio,
    double maxGradNorm) {

  /** Validates the values with messages that say what to change. */
  public OptimizerConfig {
    requireNonNull(schedule, "schedule");
    checkArgument(
        learningRate > 0 && Double.isFinite(learningRate),
        "learningRate must be a positive number, got %s (GRPO default 1e-6, SFT 1e-5)",
        learningRate);
    checkArgument(weightDecay >= 0, "weightDecay must be >= 0, got %s", weightDecay);
    checkArgument(beta1 >= 0 && beta1 < 1, "adam beta1 must be in [0, 1), got %s (default 0.9)", beta1);
    checkArgument(beta2 >= 0 && beta2 < 1, "adam beta2 must be in [0, 1), got %s (default 0.999)", beta2);
    checkArgument(epsilon > 0, "adam epsilon must be > 0, got %s (default 1e-8)", epsilon);
    checkArgument(
        warmupRatio >= 0 && warmupRatio < 1, "warmupRatio must be in [0, 1), got %s", warmupRatio);
    checkArgument(minLrRatio >= 0 && minLrRatio <= 1, "minLrRatio must be in [0, 1], got %s", minLrRatio);
  }

  /**
   * The official GRPO stage (HF TrainingArguments defaults the run script relies on): lr 1e-6,
   * AdamW β 0.9/0.999, ε 1e-8, no weight decay, linear decay, no warm-up, max grad norm 1.0.
   */
  public static OptimizerConfig grpoDefaults() {
    return new OptimizerConfig(1e-6, 0.0, 0.9, 0.999, 1e-8, ScheduleType.LINEAR, 0, 0.0, 0.0, 1.0);
  }

  /**
   * The LLaMA-Factory Qwen2.5-VL full-SFT example the paper points to: lr 1e-5, cosine, warm-up
   * ratio 0.1, max grad norm 1.0, no weight decay.
   */
  public static OptimizerConfig sftDefaults() {
    return new OptimizerConfig(1e-5, 0.0, 0.9, 0.999, 1e-8, ScheduleType.COSINE, -1, 0.1, 0.0, 1.0);
  }

  /** A copy with another learning rate. */
  public OptimizerConfig withLearningRate(double lr) {
    return new OptimizerConfig(lr, weightDecay, beta1, beta2, epsilon, schedule, warmupSteps, warmupRatio, minLrRatio, maxGradNorm);
  }

  /** A copy with another schedule and warm-up. */
  public OptimizerConfig withSchedule(ScheduleType type, int warmup, double ratio) {
    return new OptimizerConfig(learningRate, weightDecay, beta1, beta2, epsilon, type, warmup, ratio, minLrRatio, maxGradNorm);
  }

  /** A copy with another weight decay. */
  public OptimizerConfig withWeightDecay(double wd) {
    return new OptimizerConfig(learningRate, wd, beta1, beta2, epsilon, schedule, warmupSteps, warmupRatio, minLrRatio, maxGradNorm);
  }

  /** A copy with another clipping norm ({@code <= 0} disables clipping). */
  public OptimizerConfig withMaxGradNorm(double norm) {
    return new OptimizerConfig(learningRate, weightDecay, beta1, beta2, epsilon, schedule, warmupSteps, warmupRatio, minLrRatio, norm);
  }

  /** Every field by name, for a run's configuration ({@link #fromSettings} reads them back). */
  public Map<String, Object> settings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("learningRate", learningRate);
    m.put("weightDecay", weightDecay);
    m.put("beta1", beta1);
    m.put("beta2", beta2);
    m.put("epsilon", epsilon);
    m.put("schedule", schedule.name());
    m.put("warmupSteps", warmupSteps);
    m.put("warmupRatio", warmupRatio);
    m.put("minLrRatio", minLrRatio);
    m.put("maxGradNorm", maxGradNorm);
    return m;
  }

  /** The configuration {@link #settings()} describes. */
  public static OptimizerConfig fromSettings(Map<String, ?> m) {
    return new OptimizerConfig(
        Settings.doubleValue(m, "learningRate"),
        Settings.doubleValue(m, "weightDecay"),
        Settings.doubleValue(m, "beta1"),
        Settings.doubleValue(m, "beta2"),
        Settings.doubleValue(m, "epsilon"),
        ScheduleType.valueOf(Settings.string(m, "schedule")),
        Settings.integer(m, "warmupSteps"),
        Settings.doubleValue(m, "warmupRatio"),
        Settings.doubleValue(m, "minLrRatio"),
        Settings.doubleValue(m, "maxGradNorm"));
  }

  /** The number of warm-up steps for a run of {@code totalSteps} optimizer steps. */
  public int resolvedWarmupSteps(int totalSteps) {
    return warmupSteps >= 0 ? warmupSteps : (int) Math.ceil(warmupRatio * totalSteps);
  }
}
