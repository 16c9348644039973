package org.robustr1.degrade.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.robustr1.core.chain.TypedStrength;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.io.AokvqaRecord;

class ReasoningDepthTest {

  private static final AokvqaRecord RECORD =
      new AokvqaRecord("train", 1, "q1", "What color is the circle?", List.of("red", "blue", "green", "pink"), 0,
          List.of("red"), false, List.of("The circle is red.", "It is in the top left", "The other shapes are not circles."));

  @Test
  void stepsAddOneSentencePerThresholdReached() {
    ReasoningDepth d = ReasoningDepth.steps(0.3, 0.7);
    assertThat(d.sentences(0, 3)).isEqualTo(1);
    assertThat(d.sentences(0.29, 3)).isEqualTo(1);
    assertThat(d.sentences(0.3, 3)).isEqualTo(2);
    assertThat(d.sentences(2.5, 3)).isEqualTo(3);
    assertThat(d.sentences(2.5, 2)).isEqualTo(2);
    assertThat(ReasoningDepth.all().sentences(0, 3)).isEqualTo(3);
    assertThatThrownBy(() -> ReasoningDepth.steps(0.7, 0.3)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void chainReasoningFollowsTheTotalIntensity() {
    ReasoningDepth d = ReasoningDepth.steps(0.3, 0.7);
    String clean = DatasetRows.chain(RECORD, List.of(), "clean", AnswerStyle.CHOICE_TEXT, d).reasoning();
    String heavy =
        DatasetRows.chain(RECORD, List.of(TypedStrength.of(DegradationType.MOTION_BLUR, 0.5), TypedStrength.of(DegradationType.GAUSSIAN_NOISE, 0.4)),
                "x", AnswerStyle.CHOICE_TEXT, d).reasoning();
    assertThat(clean).isEqualTo("The circle is red.");
    assertThat(heavy).isEqualTo("The circle is red. It is in the top left. The other shapes are not circles.");
    assertThat(DatasetRows.reasoning(RECORD)).isEqualTo(heavy);
  }
}
