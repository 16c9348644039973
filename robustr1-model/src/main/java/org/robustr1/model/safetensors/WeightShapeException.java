package org.robustr1.model.safetensors;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * Tensors of a checkpoint do not match what the model config implies: missing, unexpected or
 * wrongly shaped tensors. The message lists every problem, each naming the file and tensor.
 */
public class WeightShapeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final ImmutableList<String> problems;

  /** An exception listing the problems. */
  public WeightShapeException(String source, List<String> problems) {
    super(format(source, problems));
    this.problems = ImmutableList.copyOf(problems);
  }

  private static String format(String source, List<String> problems) {
    StringBuilder sb = new StringBuilder();
    sb.append(source).append(": ").append(problems.size()).append(" tensor(s) do not match the config");
    int shown = Math.min(problems.size(), 25);
    for (int i = 0; i < shown; i++) {
      sb.append("\n  ").append(problems.get(i));
    }
    if (shown < problems.size()) {
      sb.append("\n  ... and ").append(problems.size() - shown).append(" more");
    }
    return sb.toString();
  }

  /** Every problem, one line each. */
  public ImmutableList<String> problems() {
    return problems;
  }
}
