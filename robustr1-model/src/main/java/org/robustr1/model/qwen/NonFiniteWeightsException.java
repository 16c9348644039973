package org.robustr1.model.qwen;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.util.Map;

/**
 * Loaded weights hold NaN or infinite values (a diverged or corrupted checkpoint): such a model
 * generates garbage and trains on nothing but skipped updates. The message names the checkpoint and
 * every affected tensor with its counts.
 */
public final class NonFiniteWeightsException extends IOException {
  private static final long serialVersionUID = 1L;

  private final ImmutableList<String> tensors;

  NonFiniteWeightsException(String source, ImmutableList<String> report) {
    super(source + ": " + report.size() + " weight tensor" + (report.size() == 1 ? "" : "s")
        + " hold NaN or infinite values: " + String.join("; ", report)
        + " (a diverged or corrupted checkpoint; load it anyway with --allow-nonfinite-weights)");
    this.tensors = report;
  }

  /** One line per affected tensor: {@code name: N NaN, M Inf of T values}. */
  public ImmutableList<String> tensors() {
    return tensors;
  }

  /** The tensors of {@code params} holding NaN or infinite values, one line each. */
  static ImmutableList<String> scan(Map<String, Parameter> params) {
    ImmutableList.Builder<String> out = ImmutableList.builder();
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      NDArray a = e.getValue().getArray();
      long nan;
      long inf;
      try (NDArray isNan = a.isNaN();
          NDArray nanCount = isNan.countNonzero();
          NDArray isInf = a.isInfinite();
          NDArray infCount = isInf.countNonzero()) {
        nan = nanCount.getLong();
        inf = infCount.getLong();
      }
      if (nan > 0 || inf > 0) {
        out.add(e.getKey() + ": " + nan + " NaN, " + inf + " Inf of " + a.size() + " values");
      }
    }
    return out.build();
  }
}
