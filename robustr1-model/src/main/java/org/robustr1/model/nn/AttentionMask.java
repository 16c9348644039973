package org.robustr1.model.nn;

/** The additive attention mask value shared by the text decoder and the vision tower. */
public final class AttentionMask {

  /** The additive mask value of masked positions (HF uses {@code finfo(float32).min}). */
  public static final float MASKED = -Float.MAX_VALUE;

  private AttentionMask() {}
}
