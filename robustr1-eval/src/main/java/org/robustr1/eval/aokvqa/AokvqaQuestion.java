package org.robustr1.eval.aokvqa;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;

/**
 * One A-OKVQA question ({@code aokvqa_v1p0_{split}.json}). The test split has no answers:
 * {@code correctChoiceIdx} is -1 and the answer lists are empty there.
 *
 * @param split {@code train}, {@code val} or {@code test}
 * @param imageId COCO image id
 * @param questionId question id
 * @param question question text
 * @param choices the 4 choices
 * @param correctChoiceIdx index of the right choice, or -1 when unknown
 * @param directAnswers the 10 direct answers (may repeat)
 * @param difficultDirectAnswer whether DA scoring leaves it out
 * @param rationales the rationales
 */
public record AokvqaQuestion(
    String split,
    long imageId,
    String questionId,
    String question,
    ImmutableList<String> choices,
    int correctChoiceIdx,
    ImmutableList<String> directAnswers,
    boolean difficultDirectAnswer,
    ImmutableList<String> rationales) {

  /** Checks required fields. */
  public AokvqaQuestion {
    requireNonNull(questionId, "questionId");
    requireNonNull(question, "question");
    requireNonNull(choices, "choices");
  }

  /** The COCO 2017 image file name, {@code 000000461751.jpg}. */
  public String cocoFileName() {
    return String.format(java.util.Locale.ROOT, "%012d.jpg", imageId);
  }

  /** The image path under a COCO root, {@code {coco}/{split}2017/{id:012d}.jpg}. */
  public java.nio.file.Path imagePath(java.nio.file.Path cocoDir) {
    return cocoDir.resolve(split + "2017").resolve(cocoFileName());
  }
}
