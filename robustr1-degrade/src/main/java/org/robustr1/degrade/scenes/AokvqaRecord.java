package org.robustr1.degrade.scenes;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One question in the A-OKVQA v1.0 layout (field names and order as in {@code
 * aokvqa_v1p0_{split}.json}); the image is {@code {split}2017/{image_id:012d}.jpg}.
 *
 * @param split {@code train} or {@code val}
 * @param imageId the COCO-style image id
 * @param questionId a 22-character id unique within the dataset
 * @param question the question text
 * @param choices the four choices
 * @param correctChoiceIdx index of the correct choice (0-3)
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
        correctChoiceIdx >= 0 && correctChoiceIdx < choices.size(),
        "question %s: correct_choice_idx %s out of range",
        questionId,
        correctChoiceIdx);
  }

  /** The text of the correct choice. */
  public String answer() {
    return choices.get(correctChoiceIdx);
  }

  /** The image path relative to the dataset root: {@code {split}2017/{image_id:012d}.jpg}. */
  public String imagePath() {
    return imagePath(split, imageId);
  }

  /** The COCO-layout image path {@code {split}2017/{image_id:012d}.jpg}. */
  public static String imagePath(String split, long imageId) {
    return String.format(java.util.Locale.ROOT, "%s2017/%012d.jpg", split, imageId);
  }
}
