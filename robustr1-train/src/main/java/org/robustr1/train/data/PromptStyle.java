package org.robustr1.train.data;

/** How a training row becomes the user text of the prompt. */
public enum PromptStyle {
  /**
   * The question followed directly (no separator) by the official training instruction of {@code
   * Qwen2VLModule.get_question_template("robust")} (robust-r1.md §2.2).
   */
  ROBUST_TEMPLATE,
  /** The user turn of the row as written, {@code <image>} placeholders removed. */
  RAW
}
