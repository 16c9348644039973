package org.robustr1.degrade.dataset;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.robustr1.core.chain.RobustR1Prompts;

/**
 * The user turns of the training rows.
 *
 * <p>{@link #ROBUST_TEMPLATE} is the exact string of {@code
 * Qwen2VLModule.get_question_template("robust")} ({@link RobustR1Prompts#TRAINING_INSTRUCTION}) (research notes §2.2; spellings such as {@code
 * "tags,provides"} and {@code ".i.e.,"} kept): {@code {Question}} is followed by {@code First} with
 * no separator. The question block is the question, a newline, then one {@code "i. choice\n"} line
 * per choice numbered from 0, as in the reference demo ({@code "…\n0. trucks\n1. wagons\n…"}).
 */
public final class TrainingPrompts {

  /** The placeholder the official rows put before the text for each image. */
  public static final String IMAGE_TOKEN = "<image>";

  /** The official robust training template; {@code {Question}} is replaced by the question block. */
  public static final String ROBUST_TEMPLATE = "{Question}" + RobustR1Prompts.TRAINING_INSTRUCTION;

  private TrainingPrompts() {}

  /** The question and its numbered choices: {@code "q\n0. a\n1. b\n2. c\n3. d\n"}. */
  public static String questionBlock(String question, List<String> choices) {
    requireNonNull(question, "question");
    StringBuilder sb = new StringBuilder(question.length() + 64);
    sb.append(question).append('\n');
    for (int i = 0; i < choices.size(); i++) {
      sb.append(i).append(". ").append(choices.get(i)).append('\n');
    }
    return sb.toString();
  }

  /** {@link #ROBUST_TEMPLATE} with {@code {Question}} replaced by {@code problem}. */
  public static String robust(String problem) {
    return ROBUST_TEMPLATE.replace("{Question}", requireNonNull(problem, "problem"));
  }

  /** The user turn of a chain row: {@code <image>} then the template around the question block. */
  public static String chainUserTurn(String question, List<String> choices) {
    return IMAGE_TOKEN + robust(questionBlock(question, choices));
  }

  /** The user turn of an answer-only row: {@code <image>} then the question block. */
  public static String plainUserTurn(String question, List<String> choices) {
    return IMAGE_TOKEN + questionBlock(question, choices);
  }
}
