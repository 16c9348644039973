package org.robustr1.eval.rbench;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * One row of the R-Bench answer key ({@code Ref_Release.csv}).
 *
 * @param row 1-based data row (items are paired with model outputs by this position)
 * @param name image file name, e.g. {@code MMBench_35.jpg}
 * @param question question text
 * @param choice MCQ options {@code "A.x; B.y"}; {@code N} for VQA and CAP
 * @param answer MCQ letter, VQA short answer, or for CAP a Python list literal of references
 * @param task the task
 * @param distortion distortion id 1..33
 * @param strength 1 (low), 2 (mid) or 3 (high)
 */
public record RBenchItem(
    int row,
    String name,
    String question,
    String choice,
    String answer,
    RBenchTask task,
    int distortion,
    int strength) {

  /** Validates the ids. */
  public RBenchItem {
    requireNonNull(name, "name");
    requireNonNull(task, "task");
    checkArgument(distortion >= 1 && distortion <= 33, "distortion must be 1..33, got %s", distortion);
    checkArgument(strength >= 1 && strength <= 3, "strength must be 1..3, got %s", strength);
  }
}
