package org.robustr1.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.robustr1.core.degradation.DegradationType.DARK_ILLUMINATION;
import static org.robustr1.core.degradation.DegradationType.GAUSSIAN_NOISE;
import static org.robustr1.core.degradation.DegradationType.MOTION_BLUR;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.robustr1.core.chain.TypedStrength;

/** A hand-scored set of five images: two degraded and named, two clean, one malformed. */
class PerceptionScoresTest {

  /** The five images, with their scores worked out by hand below. */
  static List<PerceptionItem> fiveImages() {
    return List.of(
        // applied {motion blur, gaussian noise}; named {motion blur, dark illumination}
        new PerceptionItem("i1", Map.of(MOTION_BLUR, 0.5, GAUSSIAN_NOISE, 0.3),
            List.of(TypedStrength.of(MOTION_BLUR, 0.4), TypedStrength.of(DARK_ILLUMINATION, 0.2)), true, 30),
        // a type named twice: its first strength counts
        new PerceptionItem("i2", Map.of(MOTION_BLUR, 0.8),
            List.of(TypedStrength.of(MOTION_BLUR, 0.9), TypedStrength.of(MOTION_BLUR, 0.1)), true, 40),
        // clean, chain names nothing: none
        new PerceptionItem("i3", Map.of(), List.of(), true, 10),
        // clean, chain names gaussian noise: a false positive
        new PerceptionItem("i4", Map.of(), List.of(TypedStrength.of(GAUSSIAN_NOISE, 0.3)), true, 12),
        // malformed: predicts no label ("other")
        new PerceptionItem("i5", Map.of(GAUSSIAN_NOISE, 0.6), List.of(), false, 50));
  }

  @Test
  void scoresTheHandComputedCase() {
    PerceptionScores p = PerceptionScores.of(fiveImages());
    assertThat(p.items()).isEqualTo(5);
    assertThat(p.clean()).isEqualTo(2);
    assertThat(p.wellFormed()).isCloseTo(0.8, within(1e-12));
    assertThat(p.labels().get("motion_blur")).isEqualTo(new DemoStats.LabelCounts(2, 2, 2));
    assertThat(p.labels().get("gaussian_noise")).isEqualTo(new DemoStats.LabelCounts(2, 1, 0));
    assertThat(p.labels().get("dark_illumination")).isEqualTo(new DemoStats.LabelCounts(0, 1, 0));
    assertThat(p.labels().get(PerceptionScores.NONE)).isEqualTo(new DemoStats.LabelCounts(2, 1, 1));
    // F1: motion blur 1, gaussian noise 0 (dark illumination was never applied: not averaged)
    assertThat(p.macroF1()).isCloseTo(0.5, within(1e-12));
    // with none (F1 = 2·1 / (2 + 1))
    assertThat(p.macroF1WithNone()).isCloseTo((1 + 0 + 2.0 / 3) / 3, within(1e-12));
    // chance: base rates 2/5 and 2/5
    assertThat(p.chanceBaseRate()).isCloseTo(0.4, within(1e-12));
    // 4 types on 3 degraded images -> k = 1; tie broken in official order -> motion blur: 2·2/(2+5)
    assertThat(p.mostFrequentK()).isEqualTo(1);
    assertThat(p.chanceMostFrequent()).isCloseTo(4.0 / 7 / 2, within(1e-12));
    assertThat(p.chanceAllTypes()).isCloseTo(4.0 / 7, within(1e-12));
    // |0.4 - 0.5| and |0.9 - 0.8|; constant guess 0.65 against 0.5 and 0.8
    assertThat(p.intensityMae()).isCloseTo(0.1, within(1e-12));
    assertThat(p.matched()).isEqualTo(2);
    assertThat(p.maeConstant()).isCloseTo(0.15, within(1e-12));
    assertThat(p.maeByType()).containsOnlyKeys("motion_blur");
    // tokens 30 40 10 12 50 against total intensity 0.8 0.8 0 0 0.6: rho = 6 / sqrt(90)
    assertThat(p.lengthIntensitySpearman()).isCloseTo(0.6324555320336759, within(1e-12));
  }

  @Test
  void confusionIsNormalisedPerAppliedRowWithNoneAndOther() {
    PerceptionScores.Confusion c = PerceptionScores.of(fiveImages()).confusion();
    assertThat(c.rows()).containsExactly("motion_blur", "gaussian_noise", "none");
    assertThat(c.columns()).containsExactly("motion_blur", "dark_illumination", "gaussian_noise", "none", "other");
    assertThat(c.rowCounts()).containsExactly(2, 2, 2);
    assertThat(c.fraction()[0]).containsExactly(1.0, 0.5, 0.0, 0.0, 0.0);
    assertThat(c.fraction()[1]).containsExactly(0.5, 0.5, 0.0, 0.0, 0.5);
    assertThat(c.fraction()[2]).containsExactly(0.0, 0.0, 0.5, 0.5, 0.0);
  }

  @Test
  void noItemsGiveUndefinedScoresNotZeros() {
    PerceptionScores p = PerceptionScores.of(List.of());
    assertThat(p.items()).isZero();
    assertThat(p.wellFormed()).isNaN();
    assertThat(p.macroF1()).isNaN();
    assertThat(p.chanceBaseRate()).isNaN();
    assertThat(p.chanceMostFrequent()).isNaN();
    assertThat(p.chanceAllTypes()).isNaN();
    assertThat(p.intensityMae()).isNaN();
    assertThat(p.maeConstant()).isNaN();
    assertThat(p.lengthIntensitySpearman()).isNaN();
    assertThat(p.confusion().rows()).isEmpty();
  }
}
