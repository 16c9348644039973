package org.robustr1.core.degradation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DegradationTypeTest {

  @Test
  void lookupToleratesCaseSpacesHyphensUnderscores() {
    for (String s : new String[] {"motion_blur", "motion blur", "Motion-Blur", " MOTION  BLUR ",
        "motion__blur", "motion - blur"}) {
      assertThat(DegradationType.lookup(s)).as(s).contains(DegradationType.MOTION_BLUR);
    }
    assertThat(DegradationType.lookup("jpeg compression")).contains(DegradationType.JPEG_COMPRESSION);
    assertThat(DegradationType.lookup("fog")).contains(DegradationType.C_FOG);
    assertThat(DegradationType.lookup("motionblur")).isEmpty();
    assertThat(DegradationType.lookup("low light")).isEmpty();
    assertThat(DegradationType.lookup(null)).isEmpty();
  }

  @Test
  void everyTypeResolvesFromItsChainAndOpName() {
    for (DegradationType t : DegradationType.official()) {
      assertThat(DegradationType.lookup(t.chainName())).contains(t);
      assertThat(DegradationType.lookup(t.opName())).contains(t);
    }
    for (DegradationType t : DegradationType.imagenetC()) {
      assertThat(DegradationType.imagenetC(t.opName())).isEqualTo(t);
    }
  }

  @Test
  void officialHas16OpsAndStageWeightsSumTo100() {
    assertThat(DegradationType.official()).hasSize(16);
    assertThat(DegradationType.imagenetC()).hasSize(19);
    Map<Stage, Integer> sums = new EnumMap<>(Stage.class);
    for (DegradationType t : DegradationType.official()) {
      sums.merge(t.stage().orElseThrow(), t.weight(), Integer::sum);
    }
    assertThat(sums).containsOnlyKeys(Stage.values());
    assertThat(sums.values()).containsOnly(100);
    assertThat(DegradationType.ofStage(Stage.POSTPROCESSING))
        .extracting(DegradationType::weight)
        .containsExactly(33, 33, 34);
  }

  @Test
  void unknownNameAndBadIntensityNameTheValue() {
    assertThatThrownBy(() -> DegradationType.fromName("pixel rain"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pixel rain");
    assertThatThrownBy(() -> Intensity.of(1.5)).hasMessageContaining("1.5");
    assertThatThrownBy(() -> Intensity.of(-0.1)).hasMessageContaining("-0.1");
    assertThatThrownBy(() -> Intensity.of(Double.NaN)).hasMessageContaining("NaN");
    assertThat(Intensity.ofPercent(100).value()).isEqualTo(0.9);
  }
}
