package org.robustr1.train.data;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.nio.file.Path;
import org.robustr1.core.io.TrainRow;

/**
 * One usable training example: a {@code train.jsonl} row (parsed by the core codec) with its
 * images resolved inside the image root.
 *
 * @param line 1-based line in the data file
 * @param images resolved image files, in row order
 * @param row the parsed row
 */
public record TrainExample(int line, ImmutableList<Path> images, TrainRow row) {

  /** Validates. */
  public TrainExample {
    requireNonNull(images, "images");
    requireNonNull(row, "row");
  }

  /** The user text with every {@code <image>} removed (the official {@code problem}). */
  public String question() {
    return row.problem();
  }

  /**
   * The ground-truth assistant text: {@code conversations[1].value} with the literal {@code
   * <answer>} and {@code </answer>} removed and stripped, as the official loader does; the SFT
   * target.
   */
  public String answer() {
    return row.groundTruth();
  }

  /** The official reward solution {@code "<answer> " + answer + " </answer>"}. */
  public String solution() {
    return row.solution();
  }
}
