package org.robustr1.degrade.dataset;

import java.util.List;

/**
 * How the user turn of a row is written.
 *
 * <p>SFT tools (LLaMA-Factory) feed {@code conversations[0]} to the model as is, so chain rows
 * default to {@link #ROBUST_TEMPLATE}. The official GRPO script ({@code grpo_jsonl.py}) wraps the
 * user turn in the template itself; rows meant for it should use {@link #PLAIN}, or the template
 * would appear twice.
 */
public enum PromptStyle {
  /** {@code <image>} then the official robust template around the question and choices. */
  ROBUST_TEMPLATE,
  /** {@code <image>} then the question and its numbered choices. */
  PLAIN;

  /** The user turn of a question in this style. */
  public String userTurn(String question, List<String> choices) {
    return this == ROBUST_TEMPLATE
        ? TrainingPrompts.chainUserTurn(question, choices)
        : TrainingPrompts.plainUserTurn(question, choices);
  }

  /** The default style of an output mode: the template for chains, plain for answers only. */
  public static PromptStyle defaultFor(OutputMode mode) {
    return mode == OutputMode.CHAIN ? ROBUST_TEMPLATE : PLAIN;
  }
}
