package org.robustr1.degrade.dataset;

import org.robustr1.core.io.AokvqaRecord;

/** How the correct choice is written in ANSWER (and the answer-only assistant turn). */
public enum AnswerStyle {
  /** The text of the correct choice, e.g. {@code cars} (what the A-OKVQA MC metric compares). */
  CHOICE_TEXT,
  /** The number of the correct choice as listed in the prompt, e.g. {@code 3}. */
  CHOICE_INDEX;

  /** The answer string of a question in this style. */
  public String answer(AokvqaRecord record) {
    return this == CHOICE_TEXT ? record.answer() : Integer.toString(record.correctChoiceIdx());
  }
}
