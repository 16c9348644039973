package org.robustr1.train.data;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.nio.file.Path;

/**
 * One usable training row: the images (already resolved inside the image root), the question
 * without its {@code <image>} placeholders, and the ground-truth assistant text (the structured
 * chain).
 *
 * @param line 1-based line in the data file
 * @param images resolved image files, in order
 * @param question the user text with every {@code <image>} removed (the official {@code problem})
 * @param answer the ground-truth assistant text, with the literal {@code <answer>} and {@code
 *     </answer>} removed and stripped, as the official loader does
 */
public record TrainRow(int line, ImmutableList<Path> images, String question, String answer) {

  /** Validates. */
  public TrainRow {
    requireNonNull(images, "images");
    requireNonNull(question, "question");
    requireNonNull(answer, "answer");
  }

  /**
   * The official reward solution string {@code "<answer> " + answer + " </answer>"}; its token
   * length is the r_len target.
   */
  public String solution() {
    return "<answer> " + answer + " </answer>";
  }
}
