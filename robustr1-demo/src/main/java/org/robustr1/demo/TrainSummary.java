package org.robustr1.demo;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.robustr1.train.TrainResult;

/**
 * What one training run did: its steps and a metric at the start and the end (mean over the
 * first and last quarter of the logged steps).
 *
 * @param description what was trained
 * @param steps optimizer steps
 * @param metric the metric name ({@code loss} or {@code reward})
 * @param first mean over the first quarter of the steps
 * @param last mean over the last quarter of the steps
 * @param meanStepSeconds mean wall time of a step
 * @param skippedNonFinite steps whose update the trainer dropped because the gradient was not finite
 * @param curve every logged step's metrics, in step order (loss or reward, and for GRPO the
 *     per-reward means such as {@code rewards/degradation})
 */
public record TrainSummary(
    String description,
    int steps,
    String metric,
    double first,
    double last,
    double meanStepSeconds,
    int skippedNonFinite,
    List<Map<String, Object>> curve) {

  /** Summarises {@code r} on {@code metric}. */
  public static TrainSummary of(String description, TrainResult r, String metric) {
    List<Map<String, Object>> m = r.metrics().stream().filter(x -> x.get(metric) instanceof Number).toList();
    int q = Math.max(1, m.size() / 4);
    double first = mean(m.subList(0, Math.min(q, m.size())), metric);
    double last = mean(m.subList(Math.max(0, m.size() - q), m.size()), metric);
    double t = mean(r.metrics().stream().filter(x -> x.get("step_time") instanceof Number).toList(), "step_time");
    int skipped = r.metrics().stream().filter(x -> x.get("skipped_nonfinite") instanceof Number)
        .mapToInt(x -> ((Number) x.get("skipped_nonfinite")).intValue()).max().orElse(0);
    return new TrainSummary(description, r.steps(), metric, first, last, t, skipped, r.metrics());
  }

  private static double mean(List<Map<String, Object>> rows, String key) {
    return rows.stream().mapToDouble(x -> ((Number) x.get(key)).doubleValue()).average().orElse(Double.NaN);
  }

  /** {@code first -> last}. */
  public String describe() {
    return String.format(Locale.ROOT, "%.3f -> %.3f%s", first, last,
        skippedNonFinite == 0 ? "" : " (" + skippedNonFinite + " updates skipped: non-finite gradient)");
  }
}
