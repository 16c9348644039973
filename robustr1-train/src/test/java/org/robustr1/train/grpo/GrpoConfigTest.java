package org.robustr1.train.grpo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GrpoConfigTest {

  @Test
  void defaultsAreTheOfficialRun() {
    GrpoConfig c = GrpoConfig.builder().build();
    assertThat(c.numGenerations()).isEqualTo(8);
    assertThat(c.batchSize()).isEqualTo(8);
    assertThat(c.gradientAccumulationSteps()).isEqualTo(2);
    assertThat(c.promptsPerStep()).isEqualTo(2);
    assertThat(c.objective()).isEqualTo(GrpoObjective.official());
    assertThat(c.scaleRewards()).isEqualTo(ScaleRewards.GROUP);
    assertThat(c.numIterations()).isEqualTo(1);
    assertThat(c.optimizer().learningRate()).isEqualTo(1e-6);
    assertThat(c.optimizer().maxGradNorm()).isEqualTo(1.0);
    assertThat(c.sampling(1).temperature()).isEqualTo(1.0);
    assertThat(c.sampling(1).topK()).isEqualTo(50);
    assertThat(c.sampling(1).maxNewTokens()).isEqualTo(2048);
    assertThat(c.seed()).isEqualTo(42);
  }

  @Test
  void epsilonHighDefaultsToEpsilon() {
    assertThat(GrpoConfig.builder().optEpsilon(0.1).build().objective().epsilonHigh()).isEqualTo(0.1);
    assertThat(GrpoConfig.builder().optEpsilonHigh(0.28).build().objective().epsilonHigh()).isEqualTo(0.28);
  }

  @Test
  void validationMessagesSayWhatToChange() {
    assertThatThrownBy(() -> GrpoConfig.builder().optNumGenerations(1).optBatchSize(1).build())
        .hasMessageContaining("numGenerations (G) must be >= 2")
        .hasMessageContaining("set it to 2 or more");
    assertThatThrownBy(() -> GrpoConfig.builder().optBatchSize(12).build())
        .hasMessage("batchSize (12 completions) must be divisible by numGenerations (8): use batchSize 8 or 16, or change numGenerations");
    assertThatThrownBy(() -> GrpoConfig.builder().optBatchSize(5).build())
        .hasMessageContaining("use batchSize 8,");
    assertThatThrownBy(() -> GrpoConfig.builder().optEpsilon(-0.1).build())
        .hasMessageContaining("epsilon must be in [0, 1), got -0.1");
    assertThatThrownBy(() -> GrpoConfig.builder().optEpsilonHigh(-0.5).build())
        .hasMessageContaining("epsilonHigh must be >= 0");
    assertThatThrownBy(() -> GrpoConfig.builder().optBeta(-1).build()).hasMessageContaining("beta must be >= 0");
    assertThatThrownBy(() -> GrpoConfig.builder().optTemperature(0).build())
        .hasMessageContaining("temperature must be > 0 for GRPO rollouts");
    assertThatThrownBy(() -> GrpoConfig.builder().optNumIterations(0).build())
        .hasMessageContaining("numIterations must be >= 1");
    assertThatThrownBy(() -> GrpoConfig.builder().optGradientAccumulationSteps(0).build())
        .hasMessageContaining("gradientAccumulationSteps must be >= 1");
    assertThatThrownBy(() -> GrpoConfig.builder().optTopP(0).build()).hasMessageContaining("topP must be in (0, 1]");
    assertThatThrownBy(() -> GrpoConfig.builder().optRewardWeights(Map.of("format", Double.NaN)).build())
        .hasMessageContaining("reward weight of format");
  }
}
