package org.robustr1.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Hand-computed cases of the report's statistics. */
class DemoStatsTest {

  private static Map<String, Boolean> hits(boolean... h) {
    Map<String, Boolean> m = new LinkedHashMap<>();
    for (int i = 0; i < h.length; i++) {
      m.put("q" + i, h[i]);
    }
    return m;
  }

  @Test
  void pairedDeltaOfAConstantDifferenceHasAZeroWidthInterval() {
    DemoStats.PairedDelta d = DemoStats.pairedDelta(hits(false, false, false, false, false), hits(true, true, true, true, true),
        10_000, 1);
    assertThat(d.paired()).isEqualTo(5);
    assertThat(d.delta()).isEqualTo(1.0);
    assertThat(d.low()).isEqualTo(1.0);
    assertThat(d.high()).isEqualTo(1.0);
    assertThat(d.onlyA()).isZero();
    assertThat(d.onlyB()).isEqualTo(5);
    // 2 * P(X <= 0), X ~ Binomial(5, 1/2) = 2/32
    assertThat(d.mcnemarP()).isCloseTo(0.0625, within(1e-12));
  }

  @Test
  void pairedDeltaOfTwoQuestionsSpansTheResampleExtremes() {
    // differences {0, 1}: resample means 0, 0.5, 1 with probability 1/4, 1/2, 1/4
    DemoStats.PairedDelta d = DemoStats.pairedDelta(hits(true, false), hits(true, true), 10_000, 3);
    assertThat(d.delta()).isEqualTo(0.5);
    assertThat(d.low()).isEqualTo(0.0);
    assertThat(d.high()).isEqualTo(1.0);
  }

  @Test
  void pairedDeltaPairsByQuestionIdWhateverTheOrderAndLeavesOutUnpairedIds() {
    boolean[] a = new boolean[100];
    boolean[] b = new boolean[100];
    // 30 right only for B, 10 right only for A, 20 right for both, 40 for neither
    for (int i = 0; i < 100; i++) {
      a[i] = (i >= 30 && i < 40) || (i >= 40 && i < 60);
      b[i] = i < 30 || (i >= 40 && i < 60);
    }
    Map<String, Boolean> ma = hits(a);
    Map<String, Boolean> mb = new LinkedHashMap<>();
    for (int i = 99; i >= 0; i--) {
      mb.put("q" + i, b[i]);
    }
    ma.put("only-in-a", true);
    DemoStats.PairedDelta d = DemoStats.pairedDelta(ma, mb, 10_000, 5);
    assertThat(d.paired()).isEqualTo(100);
    assertThat(d.unpaired()).isEqualTo(1);
    assertThat(d.accuracyA()).isCloseTo(0.30, within(1e-12));
    assertThat(d.accuracyB()).isCloseTo(0.50, within(1e-12));
    assertThat(d.delta()).isCloseTo(0.20, within(1e-12));
    assertThat(d.onlyA()).isEqualTo(10);
    assertThat(d.onlyB()).isEqualTo(30);
    // normal approximation: sd of d = sqrt(0.4 - 0.04) = 0.6, se = 0.06, 0.2 ± 1.96·0.06
    assertThat(d.low()).isCloseTo(0.2 - 1.96 * 0.06, within(0.02));
    assertThat(d.high()).isCloseTo(0.2 + 1.96 * 0.06, within(0.02));
    assertThat(d.mcnemarP()).isCloseTo(0.0022214337732293643, within(1e-12));
    // same ids, same seed: the same interval whatever the insertion order
    Map<String, Boolean> reversed = new LinkedHashMap<>();
    List<String> keys = new java.util.ArrayList<>(ma.keySet());
    java.util.Collections.reverse(keys);
    keys.forEach(k -> reversed.put(k, ma.get(k)));
    assertThat(DemoStats.pairedDelta(reversed, mb, 10_000, 5)).isEqualTo(d);
  }

  @Test
  void pairedDeltaWithoutCommonQuestionsIsUndefined() {
    DemoStats.PairedDelta d = DemoStats.pairedDelta(Map.of("a", true), Map.of("b", true), 100, 1);
    assertThat(d.paired()).isZero();
    assertThat(d.unpaired()).isEqualTo(2);
    assertThat(d.delta()).isNaN();
    assertThat(d.low()).isNaN();
    assertThat(d.high()).isNaN();
  }

  @Test
  void multiLabelCountsPrecisionRecallF1AndMacroOverLabelsWithSupport() {
    List<Set<String>> truth = List.of(Set.of("a", "b"), Set.of("a"), Set.of());
    List<Set<String>> pred = List.of(Set.of("a"), Set.of("b"), Set.of("a"));
    Map<String, DemoStats.LabelCounts> c = DemoStats.multiLabel(truth, pred, List.of("a", "b", "c"));
    assertThat(c.keySet()).containsExactly("a", "b", "c");
    assertThat(c.get("a")).isEqualTo(new DemoStats.LabelCounts(2, 2, 1));
    assertThat(c.get("a").precision()).isEqualTo(0.5);
    assertThat(c.get("a").recall()).isEqualTo(0.5);
    assertThat(c.get("a").f1()).isEqualTo(0.5);
    assertThat(c.get("b")).isEqualTo(new DemoStats.LabelCounts(1, 1, 0));
    assertThat(c.get("b").f1()).isZero();
    assertThat(c.get("c").precision()).isNaN();
    assertThat(c.get("c").recall()).isNaN();
    assertThat(c.get("c").f1()).isNaN();
    assertThat(DemoStats.macroF1(c)).isEqualTo(0.25);

    // chance levels over 3 items: base rates 2/3 and 1/3
    assertThat(DemoStats.baseRateMacroF1(c, 3)).isCloseTo(0.5, within(1e-12));
    assertThat(DemoStats.mostFrequent(c, 1)).containsExactly("a");
    // always {a}: F1(a) = 2·2 / (2 + 3), F1(b) = 0
    assertThat(DemoStats.constantSetMacroF1(c, 3, Set.of("a"))).isCloseTo(0.4, within(1e-12));
    // always {a, b}: F1(b) = 2·1 / (1 + 3)
    assertThat(DemoStats.constantSetMacroF1(c, 3, Set.of("a", "b"))).isCloseTo(0.65, within(1e-12));
    assertThat(DemoStats.baseRateMacroF1(c, 0)).isNaN();
  }

  @Test
  void labelsOutsideTheListComeAfterItSorted() {
    Map<String, DemoStats.LabelCounts> c =
        DemoStats.multiLabel(List.of(Set.of("z", "y")), List.of(Set.of("x")), List.of("a"));
    assertThat(c.keySet()).containsExactly("a", "x", "y", "z");
    assertThat(DemoStats.macroF1(DemoStats.multiLabel(List.of(), List.of(), List.of("a")))).isNaN();
  }

  @Test
  void meanAbsoluteError() {
    assertThat(DemoStats.meanAbsoluteError(new double[] {0.5, 0.2}, new double[] {0.3, 0.6})).isCloseTo(0.3, within(1e-12));
    assertThat(DemoStats.meanAbsoluteError(new double[0], new double[0])).isNaN();
  }

  @Test
  void spearmanUsesAverageRanksForTiesAndIsUndefinedForConstants() {
    // ranks x = 1, 2.5, 2.5, 4; y = 1, 3, 2, 4: rho = 4.5 / sqrt(4.5 · 5)
    assertThat(DemoStats.spearman(new double[] {1, 2, 2, 3}, new double[] {1, 3, 2, 4}))
        .isCloseTo(0.9486832980505138, within(1e-12));
    assertThat(DemoStats.spearman(new double[] {1, 2, 3}, new double[] {5, 5, 5})).isNaN();
    assertThat(DemoStats.spearman(new double[] {1}, new double[] {2})).isNaN();
  }

  @Test
  void quarterMeansAndMovingAverage() {
    assertThat(DemoStats.quarterMeans(new double[] {1, 2, 3, 4, 5, 6, 7, 8})).containsExactly(1.5, 7.5);
    assertThat(DemoStats.quarterMeans(new double[] {1, 2, 3})).containsExactly(1.0, 3.0);
    assertThat(DemoStats.quarterMeans(new double[0])).containsExactly(Double.NaN, Double.NaN);
    assertThat(DemoStats.movingAverage(new double[] {1, 2, 3, 4}, 2)).containsExactly(1.0, 1.5, 2.5, 3.5);
    assertThat(DemoStats.movingAverage(new double[] {1, 2, 3, 4}, 1)).containsExactly(1.0, 2.0, 3.0, 4.0);
    assertThat(DemoStats.smoothingWindow(24)).isEqualTo(2);
    assertThat(DemoStats.smoothingWindow(5)).isEqualTo(1);
  }
}
