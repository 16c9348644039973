package org.robustr1.demo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.robustr1.core.reward.DegradationReward;

/** Reads metric series out of a {@link TrainSummary}'s logged steps. */
final class TrainCurves {

  /** The GRPO metric of r_deg, the degradation (TYPE) reward: {@code rewards/type_reward/mean}. */
  static final String RDEG = component(DegradationReward.official().name());

  private TrainCurves() {}

  /** The GRPO metric holding the mean of reward component {@code name}. */
  static String component(String name) {
    return "rewards/" + name + "/mean";
  }

  /**
   * {@code {steps, values}} of {@code key} over the logged steps that carry a finite value of it;
   * a row without {@code step} takes its position (from 1).
   */
  static double[][] series(TrainSummary t, String key) {
    List<double[]> pts = new ArrayList<>();
    List<Map<String, Object>> curve = t.curve() == null ? List.of() : t.curve();
    for (int i = 0; i < curve.size(); i++) {
      Object v = curve.get(i).get(key);
      if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
        Object s = curve.get(i).get("step");
        pts.add(new double[] {s instanceof Number sn ? sn.doubleValue() : i + 1, n.doubleValue()});
      }
    }
    double[][] out = new double[2][pts.size()];
    for (int i = 0; i < pts.size(); i++) {
      out[0][i] = pts.get(i)[0];
      out[1][i] = pts.get(i)[1];
    }
    return out;
  }

  /**
   * Means of {@code key} over the first and last quarter of the steps that log it; for a summary
   * without a curve, its own {@code first} and {@code last} when {@code key} is its metric; else NaN.
   */
  static double[] quarters(TrainSummary t, String key) {
    if (t == null) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double[] v = series(t, key)[1];
    if (v.length == 0 && (t.curve() == null || t.curve().isEmpty()) && key.equals(t.metric())) {
      return new double[] {t.first(), t.last()};
    }
    return DemoStats.quarterMeans(v);
  }

  /** The reward components logged by a GRPO run ({@code rewards/<name>/mean}), in log order. */
  static Set<String> components(TrainSummary t) {
    Set<String> out = new LinkedHashSet<>();
    if (t != null && t.curve() != null) {
      t.curve().forEach(row -> row.keySet().stream().filter(k -> k.startsWith("rewards/") && k.endsWith("/mean"))
          .forEach(out::add));
    }
    return out;
  }
}
