package org.robustr1.train.grpo;

/**
 * How GRPO advantages are scaled after the group mean is subtracted (TRL's {@code scale_rewards}).
 */
public enum ScaleRewards {
  /** Divide by the group's unbiased standard deviation plus 1e-4: the official Robust-R1 choice. */
  GROUP,
  /** Divide by the unbiased standard deviation of the whole batch plus 1e-4. */
  BATCH,
  /** Do not divide (Dr. GRPO): the advantage is the reward minus its group mean. */
  NONE
}
