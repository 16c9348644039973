package org.robustr1.train.grpo;

/** How per-token GRPO losses are aggregated into one scalar. */
public enum LossType {
  /**
   * Mean over each sequence's completion tokens, then mean over sequences: the official Robust-R1
   * (VLM-R1 / TRL 0.1x) objective.
   */
  GRPO,
  /** Sum over every completion token of the batch divided by the number of those tokens. */
  BNPO,
  /**
   * Sum over every completion token divided by {@code batch size × maxCompletionLength}, a constant
   * (Dr. GRPO).
   */
  DR_GRPO
}
