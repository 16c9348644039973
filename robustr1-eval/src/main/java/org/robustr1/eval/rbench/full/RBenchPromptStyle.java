package org.robustr1.eval.rbench.full;

import org.robustr1.core.chain.RobustR1Prompts;
import org.robustr1.eval.rbench.RBenchItem;
import org.robustr1.eval.rbench.RBenchPrompts;
import org.robustr1.eval.score.McqScorer;

/** What the model is asked for each R-Bench item, and which part of its reply is judged. */
public enum RBenchPromptStyle {
  /** The notebook's inference prompt; the whole reply is judged. */
  OFFICIAL,
  /**
   * The notebook's prompt, a newline, then Robust-R1's chain instruction; only the chain's {@code
   * <ANSWER>} section is judged (the whole reply when it has none).
   */
  ROBUST_R1;

  /** The user text for {@code item}. */
  public String text(RBenchItem item) {
    String base = RBenchPrompts.inference(item);
    return this == OFFICIAL ? base : base + "\n" + RobustR1Prompts.INFERENCE_INSTRUCTION;
  }

  /** The part of a raw generation that is written to {@code exp/} and judged. */
  public String answer(String generation) {
    return this == OFFICIAL ? generation : McqScorer.chainAnswer().apply(generation);
  }
}
