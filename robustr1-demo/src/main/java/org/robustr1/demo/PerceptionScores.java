package org.robustr1.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.robustr1.core.chain.TypedStrength;
import org.robustr1.core.degradation.DegradationType;

/**
 * How well one chain model perceives the degradation of held-out images ({@link PerceptionItem}s).
 *
 * <p>Labels are the official op names ({@code motion_blur}) and {@link #NONE}. An image's true
 * labels are its applied types, or {@code none} when it is clean. A chain predicts every known type
 * named anywhere in its TYPE section (multi-label); it predicts {@code none} when it is well formed
 * and its TYPE names nothing (empty, or a word such as "none"). A malformed chain, or one whose
 * TYPE holds only unknown names, predicts no label (column {@link #OTHER} of the confusion matrix).
 * A clean image whose chain says {@code none} is thus a true negative for every type and a true
 * positive of the {@code none} row; a type named on a clean image is a false positive of that
 * type. {@link #macroF1()} averages the F1 of the degradation types present in the applied records
 * (the {@code none} row is reported apart and in {@link #macroF1WithNone()}).
 *
 * @param items images scored
 * @param clean clean images among them
 * @param wellFormed fraction of chains that parse in the Robust-R1 format
 * @param labels per-label counts: every official type in official order, then {@code none}
 * @param macroF1 mean F1 over the types applied at least once; NaN when none was
 * @param macroF1WithNone mean F1 over those types and {@code none} (when a clean image exists)
 * @param chanceBaseRate macro-F1 of naming each type at random with its base rate
 * @param chanceMostFrequent macro-F1 of always naming the {@code mostFrequentK} most applied types
 * @param mostFrequentK mean number of types applied to a degraded image, rounded (at least 1)
 * @param chanceAllTypes macro-F1 of always naming every applied type (the best constant answer)
 * @param intensityMae mean {@code |predicted strength - applied intensity|} over types both applied
 *     and named (the first entry of a type named twice); NaN when no type was matched
 * @param matched (image, type) pairs in {@link #intensityMae()}
 * @param maeConstant MAE on the same pairs of always writing their mean applied intensity (the
 *     level to beat)
 * @param maeByType intensity MAE per matched type
 * @param lengthIntensitySpearman rho between output tokens and total applied intensity
 * @param confusion applied type (rows) against named type (columns)
 */
public record PerceptionScores(
    int items,
    int clean,
    double wellFormed,
    Map<String, DemoStats.LabelCounts> labels,
    double macroF1,
    double macroF1WithNone,
    double chanceBaseRate,
    double chanceMostFrequent,
    int mostFrequentK,
    double chanceAllTypes,
    double intensityMae,
    int matched,
    double maeConstant,
    Map<String, Double> maeByType,
    double lengthIntensitySpearman,
    Confusion confusion) {

  /** The label of a clean image, and of a chain that names no degradation. */
  public static final String NONE = "none";

  /** The column of chains that name no label: malformed, or only unknown names. */
  public static final String OTHER = "other";

  /**
   * Co-occurrence of applied and named labels, normalised per row: {@code fraction[r][c]} is the
   * fraction of the images with applied label {@code rows[r]} whose chain named {@code columns[c]}
   * (a row may sum to more than 1: chains name several types).
   *
   * @param rows applied types present (official order), then {@code none} if a clean image exists
   * @param columns the row labels, the other named types, {@code none}, and {@code other} when used
   * @param rowCounts images per row
   * @param fraction row-normalised co-occurrence
   */
  public record Confusion(List<String> rows, List<String> columns, int[] rowCounts, double[][] fraction) {}

  /** Scores {@code items}; every number is NaN when the list is empty. */
  public static PerceptionScores of(List<PerceptionItem> items) {
    List<Set<String>> truth = new ArrayList<>();
    List<Set<String>> named = new ArrayList<>();
    List<Double> errors = new ArrayList<>();
    List<Double> matchedApplied = new ArrayList<>();
    Map<String, List<Double>> errorsByType = new LinkedHashMap<>();
    double[] tokens = new double[items.size()];
    double[] intensity = new double[items.size()];
    int clean = 0;
    int wellFormed = 0;
    int degradedTypes = 0;
    for (int i = 0; i < items.size(); i++) {
      PerceptionItem it = items.get(i);
      truth.add(trueLabels(it));
      named.add(predictedLabels(it));
      clean += it.applied().isEmpty() ? 1 : 0;
      wellFormed += it.wellFormed() ? 1 : 0;
      degradedTypes += it.applied().size();
      tokens[i] = it.tokens();
      intensity[i] = it.totalIntensity();
      Set<DegradationType> seen = new LinkedHashSet<>();
      for (TypedStrength t : it.predicted()) {
        if (t.type().isPresent() && it.applied().containsKey(t.type().get()) && seen.add(t.type().get())) {
          double a = it.applied().get(t.type().get());
          double e = Math.abs(t.strength() - a);
          errors.add(e);
          matchedApplied.add(a);
          errorsByType.computeIfAbsent(t.type().get().opName(), k -> new ArrayList<>()).add(e);
        }
      }
    }
    List<String> order = new ArrayList<>(DegradationType.official().stream().map(DegradationType::opName).toList());
    order.add(NONE);
    Map<String, DemoStats.LabelCounts> counts = DemoStats.multiLabel(truth, named, order);
    Map<String, DemoStats.LabelCounts> types = new LinkedHashMap<>(counts);
    types.remove(NONE);
    int n = items.size();
    int degraded = n - clean;
    int k = degraded == 0 ? 0 : Math.max(1, (int) Math.round((double) degradedTypes / degraded));
    Map<String, Double> maeByType = new LinkedHashMap<>();
    errorsByType.forEach((t, l) -> maeByType.put(t, mean(l)));
    return new PerceptionScores(
        n,
        clean,
        n == 0 ? Double.NaN : (double) wellFormed / n,
        counts,
        DemoStats.macroF1(types),
        DemoStats.macroF1(counts),
        DemoStats.baseRateMacroF1(types, n),
        k == 0 ? Double.NaN : DemoStats.constantSetMacroF1(types, n, DemoStats.mostFrequent(types, k)),
        k,
        DemoStats.constantSetMacroF1(types, n, DemoStats.mostFrequent(types, types.size())),
        mean(errors),
        errors.size(),
        constantMae(matchedApplied),
        maeByType,
        DemoStats.spearman(tokens, intensity),
        confusion(truth, named, counts));
  }

  /** The applied types of {@code it} (op names), or {@code none} when clean. */
  static Set<String> trueLabels(PerceptionItem it) {
    Set<String> s = new LinkedHashSet<>();
    it.applied().keySet().forEach(t -> s.add(t.opName()));
    if (s.isEmpty()) {
      s.add(NONE);
    }
    return s;
  }

  /** The known types named by {@code it}, {@code none} for a well-formed chain naming nothing. */
  static Set<String> predictedLabels(PerceptionItem it) {
    Set<String> s = new LinkedHashSet<>();
    it.predicted().forEach(t -> t.type().ifPresent(d -> s.add(d.opName())));
    if (it.wellFormed() && it.predicted().isEmpty()) {
      s.add(NONE);
    }
    return s;
  }

  private static Confusion confusion(List<Set<String>> truth, List<Set<String>> named, Map<String, DemoStats.LabelCounts> counts) {
    List<String> rows = new ArrayList<>();
    List<String> columns = new ArrayList<>();
    counts.forEach((l, c) -> {
      if (c.support() > 0) {
        rows.add(l);
      }
    });
    counts.forEach((l, c) -> {
      if ((c.support() > 0 || c.predicted() > 0) && !l.equals(NONE)) {
        columns.add(l);
      }
    });
    columns.add(NONE);
    boolean other = named.stream().anyMatch(Set::isEmpty);
    if (other) {
      columns.add(OTHER);
    }
    int[] rowCounts = new int[rows.size()];
    double[][] f = new double[rows.size()][columns.size()];
    for (int i = 0; i < truth.size(); i++) {
      Set<String> p = named.get(i).isEmpty() ? Set.of(OTHER) : named.get(i);
      for (String t : truth.get(i)) {
        int r = rows.indexOf(t);
        rowCounts[r]++;
        for (String c : p) {
          f[r][columns.indexOf(c)]++;
        }
      }
    }
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < columns.size(); c++) {
        f[r][c] /= rowCounts[r];
      }
    }
    return new Confusion(List.copyOf(rows), List.copyOf(columns), rowCounts, f);
  }

  private static double constantMae(List<Double> applied) {
    double[] a = applied.stream().mapToDouble(Double::doubleValue).toArray();
    double[] m = new double[a.length];
    java.util.Arrays.fill(m, mean(applied));
    return DemoStats.meanAbsoluteError(m, a);
  }

  private static double mean(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }
}
