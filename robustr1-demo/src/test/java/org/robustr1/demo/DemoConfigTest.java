package org.robustr1.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The demo's budgets: the ablation keeps the full method's learning rate unless told otherwise. */
class DemoConfigTest {

  @Test
  void fullDemoTrainsBothArmsAtOneLearningRate() {
    DemoConfig c = DemoConfig.full(7);
    assertThat(c.sftLr()).isEqualTo(DemoConfig.FULL_LR);
    assertThat(c.baselineLr()).isEqualTo(c.sftLr());
    assertThat(c.baselineSteps()).isEqualTo(c.sftSteps() + c.grpoSteps());
  }

  @Test
  void fullDemoSamplesTheOfficialEightCompletionsPerPrompt() {
    DemoConfig c = DemoConfig.full(7);
    assertThat(c.grpoGenerations()).isEqualTo(8);
    assertThat(c.grpoSteps()).isEqualTo(24);
    assertThat(c.grpoPrompts()).isEqualTo(2);
  }

  @Test
  void eachArmsLearningRateChangesAlone() {
    DemoConfig c = DemoConfig.full(8);
    DemoConfig b = c.withBaselineLr(2.5e-4);
    assertThat(b.baselineLr()).isEqualTo(2.5e-4);
    assertThat(b.sftLr()).isEqualTo(c.sftLr());
    assertThat(b.withBaselineLr(c.baselineLr())).isEqualTo(c);
    DemoConfig s = c.withSftLr(1e-3);
    assertThat(s.sftLr()).isEqualTo(1e-3);
    assertThat(s.baselineLr()).isEqualTo(c.baselineLr());
    assertThat(s.withSftLr(c.sftLr())).isEqualTo(c);
  }

  @Test
  void nonPositiveLearningRateIsRejected() {
    assertThatThrownBy(() -> DemoConfig.quick(1).withBaselineLr(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("learning rates must be > 0");
  }
}
