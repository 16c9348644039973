package org.robustr1.demo.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.robustr1.tiny.RobustR1Tiny;

class PretrainRecipeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theDefaultIsTheRecipeOfTheShippedWeights() throws Exception {
    JsonNode shipped = JSON.readTree(RobustR1Tiny.checkpointDir().resolve("provenance.json").toFile()).path("recipe");
    JsonNode mine = JSON.readTree(JSON.writeValueAsString(PretrainRecipe.DEFAULT.describe()));
    assertThat(mine).as("shipped recipe %s", shipped).isEqualTo(shipped);
  }

  @Test
  void thePixelStatisticsRecipeDiffersOnlyInStageA() {
    var a = PretrainRecipe.DEFAULT.describe();
    var b = PretrainRecipe.WITH_PIXEL_STATISTICS.describe();
    assertThat(b).containsAllEntriesOf(a).containsEntry("vision_statistics_weight", 1.0).containsEntry("vision_augmentation", 0.8);
    assertThat(b).hasSize(a.size() + 2);
  }

  @Test
  void theExplainedChoicesRecipeDiffersOnlyInTheTaskMix() {
    var a = new LinkedHashMap<>(PretrainRecipe.DEFAULT.describe());
    var b = new LinkedHashMap<>(PretrainRecipe.WITH_EXPLAINED_CHOICES.describe());
    assertThat(b.remove("task_mix")).isEqualTo(new TreeMap<>(PretrainingTasks.EXPLAINED_CHOICES_MIX));
    a.remove("task_mix");
    assertThat(b).isEqualTo(a);
  }

  @Test
  void stageAWarmsUpCountingTheStepTakenAsTheShippedStageADid() {
    // 074fc01's loop: lr · min(1, (step + 1) / (5 % of the steps)); the first update is not at 0
    assertThat(VisionPretraining.learningRate(1e-3, 2000, 0)).isCloseTo(1e-5, within(1e-15));
    assertThat(VisionPretraining.learningRate(1e-3, 2000, 49)).isCloseTo(5e-4, within(1e-15));
    assertThat(VisionPretraining.learningRate(1e-3, 2000, 99)).isCloseTo(1e-3, within(1e-15));
    assertThat(VisionPretraining.learningRate(1e-3, 2000, 1999)).isCloseTo(1e-3, within(1e-15));
  }
}
