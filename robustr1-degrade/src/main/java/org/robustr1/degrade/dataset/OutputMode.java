package org.robustr1.degrade.dataset;

/** What the assistant turn of a {@code train.jsonl} row holds. */
public enum OutputMode {
  /**
   * The full Robust-R1 chain {@code <TYPE>…<TYPE_END>\n<INFLUENCE>…<ANSWER>…<ANSWER_END>}; the user
   * turn carries the official robust prompt template.
   */
  CHAIN,
  /**
   * The answer text alone, no tags (the answer-only SFT baseline); the user turn is the plain
   * question with its numbered choices.
   */
  ANSWER_ONLY
}
