package org.robustr1.train.grpo;

import java.util.LinkedHashMap;
import java.util.List;
import org.robustr1.train.data.TrainRow;

/**
 * Scores the completions of one prompt with named reward components. The trainer sums the
 * components with the configured weights (1 when not given) to get each completion's reward.
 */
@FunctionalInterface
public interface CompletionScorer {

  /**
   * The reward components for each completion of {@code row}: component name → one value per
   * completion, in the order of {@code completions}; iteration order fixes the log order.
   */
  LinkedHashMap<String, double[]> score(TrainRow row, List<String> completions);
}
