package org.robustr1.demo;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.robustr1.eval.report.Stats;

/**
 * The statistics of the demo report: paired bootstrap of an accuracy difference, multi-label
 * precision / recall / F1 with their chance levels, mean absolute error, Spearman's rho, and the
 * smoothing of training curves. Undefined values are NaN, never a made-up number.
 */
public final class DemoStats {

  /** Bootstrap resamples of the paired accuracy difference. */
  public static final int BOOTSTRAP_RESAMPLES = 10_000;

  /** Seed of the bootstrap generator (fixed, independent of the run's seed). */
  public static final long BOOTSTRAP_SEED = 20_260_101L;

  /** Level of the bootstrap interval. */
  public static final double BOOTSTRAP_LEVEL = 0.95;

  private DemoStats() {}

  // ------------------------------------------------------------------------------ paired delta

  /**
   * Accuracy of B minus accuracy of A on the questions both answered, with a percentile bootstrap
   * interval that resamples question ids.
   *
   * @param paired questions present for both models
   * @param unpaired questions present for only one of them (left out of every number)
   * @param accuracyA accuracy of A on the paired questions
   * @param accuracyB accuracy of B on the paired questions
   * @param delta {@code accuracyB - accuracyA}
   * @param low lower bound of the interval
   * @param high upper bound of the interval
   * @param onlyA questions right for A only
   * @param onlyB questions right for B only
   * @param mcnemarP two-sided exact McNemar p-value on {@code onlyA} and {@code onlyB}
   */
  public record PairedDelta(
      int paired,
      int unpaired,
      double accuracyA,
      double accuracyB,
      double delta,
      double low,
      double high,
      int onlyA,
      int onlyB,
      double mcnemarP) {}

  /**
   * Pairs {@code a} and {@code b} (question id to hit) by question id, in sorted id order, and
   * bootstraps {@code mean(b - a)} with {@code resamples} resamples from {@code seed}. All values
   * are NaN when no question is paired.
   */
  public static PairedDelta pairedDelta(Map<String, Boolean> a, Map<String, Boolean> b, int resamples, long seed) {
    TreeSet<String> ids = new TreeSet<>(a.keySet());
    ids.retainAll(b.keySet());
    Set<String> all = new TreeSet<>(a.keySet());
    all.addAll(b.keySet());
    int unpaired = all.size() - ids.size();
    if (ids.isEmpty()) {
      double nan = Double.NaN;
      return new PairedDelta(0, unpaired, nan, nan, nan, nan, nan, 0, 0, nan);
    }
    double[] x = new double[ids.size()];
    double[] y = new double[ids.size()];
    int i = 0;
    int onlyA = 0;
    int onlyB = 0;
    for (String id : ids) {
      x[i] = a.get(id) ? 1 : 0;
      y[i] = b.get(id) ? 1 : 0;
      onlyA += x[i] > y[i] ? 1 : 0;
      onlyB += y[i] > x[i] ? 1 : 0;
      i++;
    }
    Stats.Interval ci = Stats.bootstrapPairedDiff(x, y, resamples, BOOTSTRAP_LEVEL, seed);
    double ma = Stats.mean(x);
    double mb = Stats.mean(y);
    return new PairedDelta(ids.size(), unpaired, ma, mb, mb - ma, ci.low(), ci.high(), onlyA, onlyB,
        Stats.mcnemarExact(onlyA, onlyB));
  }

  // ------------------------------------------------------------------------------ multi-label

  /**
   * Counts of one label over a multi-label set of items.
   *
   * @param support items whose truth holds the label
   * @param predicted items whose prediction holds the label
   * @param truePositives items whose truth and prediction both hold it
   */
  public record LabelCounts(int support, int predicted, int truePositives) {

    /** {@code TP / predicted}; NaN when never predicted. */
    public double precision() {
      return predicted == 0 ? Double.NaN : (double) truePositives / predicted;
    }

    /** {@code TP / support}; NaN when never true. */
    public double recall() {
      return support == 0 ? Double.NaN : (double) truePositives / support;
    }

    /**
     * {@code 2TP / (2TP + FP + FN) = 2TP / (support + predicted)}: 0 when the label was predicted or
     * true but never both, NaN when it was neither.
     */
    public double f1() {
      return support + predicted == 0 ? Double.NaN : 2.0 * truePositives / (support + predicted);
    }
  }

  /**
   * Per-label counts of multi-label predictions, for every label in {@code labels} (in its order)
   * and any other label that occurs in {@code truth} or {@code predicted} (after them, sorted).
   */
  public static <L extends Comparable<L>> Map<L, LabelCounts> multiLabel(
      List<? extends Set<L>> truth, List<? extends Set<L>> predicted, Collection<L> labels) {
    checkArgument(truth.size() == predicted.size(), "truth and predictions differ in size: %s vs %s", truth.size(),
        predicted.size());
    TreeSet<L> extra = new TreeSet<>();
    truth.forEach(extra::addAll);
    predicted.forEach(extra::addAll);
    extra.removeAll(labels);
    Map<L, int[]> c = new LinkedHashMap<>();
    labels.forEach(l -> c.put(l, new int[3]));
    extra.forEach(l -> c.put(l, new int[3]));
    for (int i = 0; i < truth.size(); i++) {
      for (L l : truth.get(i)) {
        c.get(l)[0]++;
        if (predicted.get(i).contains(l)) {
          c.get(l)[2]++;
        }
      }
      for (L l : predicted.get(i)) {
        c.get(l)[1]++;
      }
    }
    Map<L, LabelCounts> out = new LinkedHashMap<>();
    c.forEach((l, v) -> out.put(l, new LabelCounts(v[0], v[1], v[2])));
    return out;
  }

  /** Mean F1 over the labels with support &gt; 0; NaN when there is none. */
  public static <L> double macroF1(Map<L, LabelCounts> counts) {
    return counts.values().stream().filter(c -> c.support() > 0).mapToDouble(LabelCounts::f1).average().orElse(Double.NaN);
  }

  /**
   * Macro-F1 (over the labels with support) of a predictor that ignores the input and names each
   * label independently with its base rate {@code p = support / items}, from expected counts:
   * {@code E[TP] = support·p}, {@code E[predicted] = items·p}, so each label's F1 is {@code p} and
   * the macro-F1 is the mean base rate.
   */
  public static <L> double baseRateMacroF1(Map<L, LabelCounts> counts, int items) {
    if (items == 0) {
      return Double.NaN;
    }
    return counts.values().stream().filter(c -> c.support() > 0).mapToDouble(c -> (double) c.support() / items)
        .average().orElse(Double.NaN);
  }

  /**
   * Macro-F1 (over the labels with support) of a predictor that names the same set {@code named}
   * for every one of {@code items} items: a named label has F1 {@code 2·support / (support +
   * items)}, the others 0. Naming every label with support is the best such constant answer.
   */
  public static <L> double constantSetMacroF1(Map<L, LabelCounts> counts, int items, Set<L> named) {
    if (items == 0) {
      return Double.NaN;
    }
    return counts.entrySet().stream().filter(e -> e.getValue().support() > 0)
        .mapToDouble(e -> named.contains(e.getKey()) ? 2.0 * e.getValue().support() / (e.getValue().support() + items) : 0)
        .average().orElse(Double.NaN);
  }

  /** The {@code k} labels of largest support (ties in map order), labels with no support never. */
  public static <L> Set<L> mostFrequent(Map<L, LabelCounts> counts, int k) {
    List<Map.Entry<L, LabelCounts>> e = new ArrayList<>(counts.entrySet());
    e.removeIf(x -> x.getValue().support() == 0);
    e.sort(Comparator.comparingInt((Map.Entry<L, LabelCounts> x) -> x.getValue().support()).reversed());
    Set<L> out = new java.util.LinkedHashSet<>();
    e.stream().limit(Math.max(0, k)).forEach(x -> out.add(x.getKey()));
    return out;
  }

  // ------------------------------------------------------------------------------ scalars

  /** Mean of {@code |predicted - actual|}; NaN when empty. */
  public static double meanAbsoluteError(double[] predicted, double[] actual) {
    checkArgument(predicted.length == actual.length, "predicted and actual differ in length: %s vs %s",
        predicted.length, actual.length);
    double s = 0;
    for (int i = 0; i < predicted.length; i++) {
      s += Math.abs(predicted[i] - actual[i]);
    }
    return predicted.length == 0 ? Double.NaN : s / predicted.length;
  }

  /**
   * Spearman's rho with average ranks for ties; NaN for fewer than two pairs or when either
   * variable is constant (the correlation is undefined).
   */
  public static double spearman(double[] x, double[] y) {
    checkArgument(x.length == y.length, "x and y differ in length: %s vs %s", x.length, y.length);
    if (x.length < 2 || Arrays.stream(x).distinct().count() < 2 || Arrays.stream(y).distinct().count() < 2) {
      return Double.NaN;
    }
    return Stats.spearman(x, y);
  }

  /**
   * Means of the first and the last quarter of {@code v} ({@code max(1, n/4)} values each, as
   * {@link TrainSummary}); NaN for an empty series.
   */
  public static double[] quarterMeans(double[] v) {
    if (v.length == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    int q = Math.max(1, v.length / 4);
    return new double[] {Stats.mean(Arrays.copyOfRange(v, 0, q)), Stats.mean(Arrays.copyOfRange(v, v.length - q, v.length))};
  }

  /** The smoothing window of a curve of {@code n} points: {@code max(1, n/10)}. */
  public static int smoothingWindow(int n) {
    return Math.max(1, n / 10);
  }

  /** Trailing moving average: point i is the mean of {@code v[max(0, i-window+1) .. i]}. */
  public static double[] movingAverage(double[] v, int window) {
    checkArgument(window >= 1, "window must be >= 1, got %s", window);
    double[] out = new double[v.length];
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      s += v[i];
      if (i >= window) {
        s -= v[i - window];
      }
      out[i] = s / Math.min(i + 1, window);
    }
    return out;
  }
}
