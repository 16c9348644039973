package org.robustr1.core.io;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One question in the A-OKVQA v1.0 layout (field names and order as in {@code
 * aokvqa_v1p0_{split}.json}); the image is {@code {split}2017/{image_id:012d}.jpg}. The one type of
 * an A-OKVQA row: the training-data builder, the scene generator and the benchmark loader all use
 * it. The test split has no answers: there {@code correctChoiceIdx} is -1 and the answer lists are
 * empty.
 *
 * @param split {@code train}, {@code val} or {@code test}
 * @param imageId the COCO-style image id
 * @param questionId a 22-character id unique within the dataset
 * @param question the question text
 * @param choices the four choices
 * @param correctChoiceIdx index of the correct choice (0-3), or -1 when unknown (test split)
 * @param directAnswers ten free-form answers (may repeat)
 * @param difficultDirectAnswer whether the direct answers disagree (A-OKVQA drops these from DA scoring)
 * @param rationales three short explanations
 */
@JsonPropertyOrder({
  "split",
  "image_id",
  "question_id",
  "question",
  "choices",
  "correct_choice_idx",
  "direct_answers",
  "difficult_direct_answer",
  "rationales"
})
public record AokvqaRecord(
    @JsonProperty("split") String split,
    @JsonProperty("image_id") long imageId,
    @JsonProperty("question_id") String questionId,
    @JsonProperty("question") String question,
    @JsonProperty("choices") List<String> choices,
    @JsonProperty("correct_choice_idx") int correctChoiceIdx,
    @JsonProperty("direct_answers") List<String> directAnswers,
    @JsonProperty("difficult_direct_answer") boolean difficultDirectAnswer,
    @JsonProperty("rationales") List<String> rationales) {

  /** Validates the values and copies the lists. */
  public AokvqaRecord {
    checkNotNull(split, "split");
    checkNotNull(questionId, "question_id");
    checkNotNull(question, "question");
    choices = List.copyOf(choices);
    directAnswers = List.copyOf(directAnswers);
    rationales = List.copyOf(rationales);
    checkArgument(choices.size() == 4, "question %s: expected 4 choices, got %s", questionId, choices.size());
    checkArgument(
        correctChoiceIdx >= -1 && correctChoiceIdx < choices.size(),
        "question %s: correct_choice_idx %s out of range",
        questionId,
        correctChoiceIdx);
  }

  /** Whether the correct choice is known (not on the test split). */
  public boolean hasAnswer() {
    return correctChoiceIdx >= 0;
  }

  /**
   * The text of the correct choice.
   *
   * @throws IllegalStateException on the test split, which has no answers
   */
  public String answer() {
    checkState(hasAnswer(), "question %s has no answer (the test split has none)", questionId);
    return choices.get(correctChoiceIdx);
  }

  /** The image path relative to the dataset root: {@code {split}2017/{image_id:012d}.jpg}. */
  public String imagePath() {
    return imagePath(split, imageId);
  }

  /** The image under a COCO root: {@code {coco}/{split}2017/{image_id:012d}.jpg}. */
  public Path imagePath(Path cocoDir) {
    return cocoDir.resolve(imagePath());
  }

  /** The COCO 2017 image file name, {@code 000000461751.jpg}. */
  public String cocoFileName() {
    return String.format(Locale.ROOT, "%012d.jpg", imageId);
  }

  /** The COCO-layout image path {@code {split}2017/{image_id:012d}.jpg}. */
  public static String imagePath(String split, long imageId) {
    return String.format(Locale.ROOT, "%s2017/%012d.jpg", split, imageId);
  }
}
