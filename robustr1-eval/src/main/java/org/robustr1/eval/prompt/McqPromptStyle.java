package org.robustr1.eval.prompt;

import org.robustr1.core.chain.RobustR1Prompts;
import org.robustr1.eval.data.McqItem;

/** Turns a multiple-choice item into the user text sent with its images. */
@FunctionalInterface
public interface McqPromptStyle {

  /** The user text for {@code item}. */
  String text(McqItem item);

  /** VLMEvalKit's default {@code ImageMCQDataset.build_prompt}. */
  static McqPromptStyle vlmEvalKit() {
    return McqPrompts::vlmEvalKit;
  }

  /**
   * The Robust-R1 inference prompt ({@code demo.py}): this style's text, a newline, then the
   * chain instruction {@link RobustR1Prompts#INFERENCE_INSTRUCTION}.
   */
  default McqPromptStyle withRobustR1Instruction() {
    return item -> text(item) + "\n" + RobustR1Prompts.INFERENCE_INSTRUCTION;
  }

  /** This style's text followed by a fixed suffix (e.g. "Answer with the option's letter ..."). */
  default McqPromptStyle withSuffix(String suffix) {
    return item -> text(item) + suffix;
  }
}
