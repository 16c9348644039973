package org.robustr1.train.loop;

import java.util.Map;

/**
 * A run that made no update at all: every step's gradient norm was not finite (NaN or infinite
 * weights or inputs, a learning rate that blew the weights up earlier), so every update was
 * skipped. No final checkpoint is written; the metrics are.
 */
public final class NoUpdatesException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** {@code steps} steps of {@code name} ran and none updated the weights. */
  public NoUpdatesException(String name, int steps, Map<String, Object> lastMetrics) {
    super(
        String.format(
            "%s made no update: the gradient norm of all %d steps was not finite (last step: loss %s, grad_norm %s), so every"
                + " update was skipped; check the model weights and the data for NaN or infinite values, or lower the"
                + " learning rate",
            name,
            steps,
            lastMetrics == null ? "?" : lastMetrics.get("loss"),
            lastMetrics == null ? "?" : lastMetrics.get("grad_norm")));
  }
}
