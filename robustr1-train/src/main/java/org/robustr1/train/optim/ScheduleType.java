package org.robustr1.train.optim;

/** Shape of the learning-rate decay after warm-up. */
public enum ScheduleType {
  /** Constant after warm-up. */
  CONSTANT,
  /** Linear decay to {@code minLrRatio × lr} at the last step (HF {@code linear}). */
  LINEAR,
  /** Half-cosine decay to {@code minLrRatio × lr} at the last step (HF {@code cosine}). */
  COSINE
}
