package org.robustr1.train.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A learning-rate schedule as a pure function of the optimizer step, so that it needs no state in
 * checkpoints: linear warm-up from 0, then constant, linear or cosine decay to {@code minLrRatio ×
 * lr} at {@code totalSteps}, following HF {@code get_linear_schedule_with_warmup} and {@code
 * get_cosine_schedule_with_warmup}.
 */
public final class LrSchedule {

  private final double peak;
  private final ScheduleType type;
  private final int warmup;
  private final int total;
  private final double minRatio;

  /** A schedule for {@code totalSteps} optimizer steps under {@code config}. */
  public LrSchedule(OptimizerConfig config, int totalSteps) {
    checkArgument(totalSteps > 0, "totalSteps must be > 0, got %s", totalSteps);
    this.peak = config.learningRate();
    this.type = config.schedule();
    this.warmup = config.resolvedWarmupSteps(totalSteps);
    this.total = totalSteps;
    this.minRatio = config.minLrRatio();
  }

  /** The learning rate used by the optimizer update of 0-based step {@code step}. */
  public double lr(int step) {
    if (step < warmup) {
      return peak * (double) step / Math.max(1, warmup);
    }
    double progress = (double) (step - warmup) / Math.max(1, total - warmup);
    progress = Math.min(1.0, progress);
    double factor =
        switch (type) {
          case CONSTANT -> 1.0;
          case LINEAR -> 1.0 - progress;
          case COSINE -> 0.5 * (1.0 + Math.cos(Math.PI * progress));
        };
    return peak * (minRatio + (1 - minRatio) * factor);
  }

  /** Total optimizer steps. */
  public int totalSteps() {
    return total;
  }

  /** Warm-up steps. */
  public int warmupSteps() {
    return warmup;
  }
}
