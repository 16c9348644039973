package org.robustr1.eval.rbench;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * R-Bench absolute and relative robustness, as the official notebook computes them: absolute =
 * mean of {@code dis_i} over a bucket; relative = mean of {@code com_i * ref_i}. Items are paired
 * across files by row position. Overall is the item-weighted mean over all items (not the plain
 * mean of cells).
 */
public final class RBenchRobustness {

  /**
   * One scored item's attributes (where it falls) and its per-item value.
   *
   * @param name image name
   * @param task task
   * @param distortion distortion id
   * @param strength strength
   */
  public record Key(String name, RBenchTask task, int distortion, int strength) {}

  /**
   * Robustness of every bucket. Maps are in the report order; a bucket without items is NaN.
   *
   * @param overall over all items
   * @param type by task {@code MCQ, VQA, CAP}
   * @param strength by strength {@code 1, 2, 3}
   * @param typeStrength by {@code MCQ-1 .. CAP-3}
   * @param step by capture-chain step {@code EI .. EP}
   * @param group by group {@code Blur .. Wild}
   * @param counts number of items per bucket, keyed {@code dimension/bucket}
   */
  public record Buckets(
      double overall,
      ImmutableMap<String, Double> type,
      ImmutableMap<String, Double> strength,
      ImmutableMap<String, Double> typeStrength,
      ImmutableMap<String, Double> step,
      ImmutableMap<String, Double> group,
      ImmutableMap<String, Integer> counts) {

    /** As nested maps in the CLI's JSON layout (NaN becomes null). */
    public Map<String, Object> toJsonMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("overall", nanToNull(overall));
      m.put("type", nanToNull(type));
      m.put("strength", nanToNull(strength));
      m.put("typeStrength", nanToNull(typeStrength));
      m.put("step", nanToNull(step));
      m.put("group", nanToNull(group));
      return m;
    }

    private static Object nanToNull(double d) {
      return Double.isNaN(d) ? null : d;
    }

    private static Map<String, Object> nanToNull(Map<String, Double> in) {
      Map<String, Object> m = new LinkedHashMap<>();
      in.forEach((k, v) -> m.put(k, nanToNull(v)));
      return m;
    }
  }

  private RBenchRobustness() {}

  /** Absolute robustness from the scored distorted-image results. */
  public static Buckets absolute(List<RBenchFiles.Scored> dis) {
    double[] v = new double[dis.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = dis.get(i).result();
    }
    return buckets(keys(dis), v);
  }

  /**
   * Relative robustness: {@code com_i * ref_i}, where {@code ref_i} scores the reference-image
   * answer against the ground truth and {@code com_i} the distorted-image answer against the
   * reference-image answer.
   */
  public static Buckets relative(List<RBenchFiles.Scored> ref, List<RBenchFiles.Scored> com) {
    checkPaired("ref", ref, "com", com);
    double[] v = new double[ref.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = com.get(i).result() * ref.get(i).result();
    }
    return buckets(keys(ref), v);
  }

  /**
   * Checks that two result files describe the same items in the same order (name, type,
   * distortion and strength at every position); throws naming the first differing row.
   */
  public static void checkPaired(
      String aLabel, List<RBenchFiles.Scored> a, String bLabel, List<RBenchFiles.Scored> b) {
    checkArgument(a.size() == b.size(), "%s has %s rows but %s has %s", aLabel, a.size(), bLabel, b.size());
    for (int i = 0; i < a.size(); i++) {
      RBenchFiles.Scored x = a.get(i);
      RBenchFiles.Scored y = b.get(i);
      checkArgument(
          x.name().equals(y.name()) && x.task() == y.task() && x.distortion() == y.distortion()
              && x.strength() == y.strength(),
          "row %s differs between %s (%s %s d%s s%s) and %s (%s %s d%s s%s)",
          i + 1, aLabel, x.name(), x.task(), x.distortion(), x.strength(),
          bLabel, y.name(), y.task(), y.distortion(), y.strength());
    }
  }

  /** Checks that a result file lists the answer key's items in the key's order. */
  public static void checkAgainstKey(List<RBenchItem> key, String label, List<RBenchFiles.Scored> s) {
    checkArgument(key.size() == s.size(), "answer key has %s rows but %s has %s", key.size(), label, s.size());
    for (int i = 0; i < key.size(); i++) {
      RBenchItem k = key.get(i);
      RBenchFiles.Scored x = s.get(i);
      checkArgument(
          k.name().equals(x.name()) && k.task() == x.task() && k.distortion() == x.distortion()
              && k.strength() == x.strength(),
          "row %s of %s (%s %s d%s s%s) does not match the answer key (%s %s d%s s%s)",
          i + 1, label, x.name(), x.task(), x.distortion(), x.strength(),
          k.name(), k.task(), k.distortion(), k.strength());
    }
  }

  private static List<Key> keys(List<RBenchFiles.Scored> s) {
    List<Key> out = new ArrayList<>(s.size());
    for (RBenchFiles.Scored x : s) {
      out.add(new Key(x.name(), x.task(), x.distortion(), x.strength()));
    }
    return out;
  }

  /** Bucket means of per-item values {@code v} for items {@code keys} (same order). */
  public static Buckets buckets(List<Key> keys, double[] v) {
    requireNonNull(keys, "keys");
    checkArgument(keys.size() == v.length, "%s keys but %s values", keys.size(), v.length);
    ImmutableMap.Builder<String, Integer> counts = ImmutableMap.builder();
    double overall = mean(v, i -> true, "overall", counts);
    ImmutableMap.Builder<String, Double> type = ImmutableMap.builder();
    for (RBenchTask t : RBenchTask.values()) {
      type.put(t.name(), mean(v, i -> keys.get(i).task() == t, "type/" + t, counts));
    }
    ImmutableMap.Builder<String, Double> strength = ImmutableMap.builder();
    for (int s = 1; s <= 3; s++) {
      int ss = s;
      strength.put(String.valueOf(s), mean(v, i -> keys.get(i).strength() == ss, "strength/" + s, counts));
    }
    ImmutableMap.Builder<String, Double> ts = ImmutableMap.builder();
    for (RBenchTask t : RBenchTask.values()) {
      for (int s = 1; s <= 3; s++) {
        int ss = s;
        String k = t + "-" + s;
        ts.put(k, mean(v, i -> keys.get(i).task() == t && keys.get(i).strength() == ss, "typeStrength/" + k, counts));
      }
    }
    ImmutableMap.Builder<String, Double> step = ImmutableMap.builder();
    for (Map.Entry<String, List<Integer>> e : RBenchTaxonomy.STEPS.entrySet()) {
      step.put(e.getKey(), mean(v, i -> e.getValue().contains(keys.get(i).distortion()), "step/" + e.getKey(), counts));
    }
    ImmutableMap.Builder<String, Double> group = ImmutableMap.builder();
    for (Map.Entry<String, List<Integer>> e : RBenchTaxonomy.GROUPS.entrySet()) {
      group.put(e.getKey(), mean(v, i -> e.getValue().contains(keys.get(i).distortion()), "group/" + e.getKey(), counts));
    }
    return new Buckets(overall, type.build(), strength.build(), ts.build(), step.build(), group.build(), counts.build());
  }

  private static double mean(double[] v, IntPredicate in, String label, ImmutableMap.Builder<String, Integer> counts) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < v.length; i++) {
      if (in.test(i)) {
        sum += v[i];
        n++;
      }
    }
    counts.put(label, n);
    return n == 0 ? Double.NaN : sum / n;
  }
}
