package org.robustr1.eval.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.eval.matching.AnswerMatcher;
import org.robustr1.eval.matching.ChoiceExtractor;
import org.robustr1.eval.matching.MatchingRules;
import org.robustr1.eval.report.Stats;
import org.robustr1.eval.score.McqScorer;

/** Degradation-perception metrics on hand-computed chains. */
class ChainMetricsTest {

  private static String chain(String types, int words, String answer) {
    return "<TYPE>" + types + "<TYPE_END>\n<INFLUENCE>blurry<INFLUENCE_END>\n<REASONING>"
        + "word ".repeat(words).trim() + "<REASONING_END>\n<CONCLUSION>ok<CONCLUSION_END>\n<ANSWER>" + answer + "<ANSWER_END>";
  }

  @Test
  void precisionRecallMaeAndSpearman() {
    List<ChainMetrics.Sample> s = List.of(
        // clean image, chain names nothing: no TP/FP/FN
        new ChainMetrics.Sample(chain("", 5, "A"), Map.of()),
        // right type, strength off by 0.05
        new ChainMetrics.Sample(chain("motion blur(0.5)", 10, "B"), Map.of(DegradationType.MOTION_BLUR, 0.45)),
        // wrong type: 1 FP + 1 FN
        new ChainMetrics.Sample(chain("gaussian noise(0.9)", 20, "C"), Map.of(DegradationType.JPEG_COMPRESSION, 0.9)),
        // right type plus an invented one: 1 TP (error 0.1) + 1 FP
        new ChainMetrics.Sample(chain("jpeg compression(0.8), alien haze(0.3)", 30, "D"),
            Map.of(DegradationType.JPEG_COMPRESSION, 0.9)));
    ChainMetrics m = ChainMetrics.of(s);
    assertThat(m.items()).isEqualTo(4);
    assertThat(m.typePrecision()).isEqualTo(2.0 / 4);
    assertThat(m.typeRecall()).isEqualTo(2.0 / 3);
    assertThat(m.typeF1()).isCloseTo(2 * 0.5 * (2.0 / 3) / (0.5 + 2.0 / 3), within(1e-12));
    assertThat(m.matched()).isEqualTo(2);
    assertThat(m.intensityMae()).isCloseTo((0.05 + 0.1) / 2, within(1e-12));
    // words 5,10,20,30 vs intensity 0,0.45,0.9,0.9: ranks (1,2,3,4) vs (1,2,3.5,3.5)
    assertThat(m.lengthSpearman()).isCloseTo(Stats.spearman(new double[] {1, 2, 3, 4}, new double[] {1, 2, 3.5, 3.5}), within(1e-12));
    assertThat(m.lengthSpearman()).isGreaterThan(0.9);
    assertThat(m.meanWordsByIntensity()).containsEntry(0.9, 25.0);
  }

  @Test
  void chainAnswerFilterScoresOnlyTheAnswerSection() {
    String pred = chain("motion blur(0.5)", 3, "B");
    assertThat(McqScorer.chainAnswer().apply(pred)).isEqualTo("B");
    assertThat(McqScorer.chainAnswer().apply("plain C")).isEqualTo("plain C");
    ChoiceExtractor ex = ChoiceExtractor.exactMatching(AnswerMatcher.of(MatchingRules.CURRENT));
    assertThat(ex.extract("q", Map.of("A", "x", "B", "y"), McqScorer.chainAnswer().apply(pred)).option()).isEqualTo("B");
  }

  @Test
  void statsAreSane() {
    assertThat(Stats.mcnemarExact(0, 0)).isEqualTo(1.0);
    assertThat(Stats.mcnemarExact(10, 0)).isCloseTo(2 * Math.pow(0.5, 10), within(1e-15));
    double[] v = {1, 0, 1, 1, 0, 1, 1, 1};
    Stats.Interval a = Stats.bootstrapMean(v, 500, 0.95, 9);
    assertThat(Stats.bootstrapMean(v, 500, 0.95, 9)).isEqualTo(a);
    assertThat(a.low()).isLessThanOrEqualTo(0.75).isGreaterThanOrEqualTo(0.0);
    assertThat(a.high()).isGreaterThanOrEqualTo(0.75).isLessThanOrEqualTo(1.0);
  }
}
