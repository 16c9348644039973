package org.robustr1.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.chain.ParsedChain;
import org.robustr1.core.chain.ReasoningChain;
import org.robustr1.core.image.RgbImage;
import org.robustr1.core.reward.CompositeReward;
import org.robustr1.core.reward.RewardContext;
import org.robustr1.core.reward.RewardResult;
import org.robustr1.degrade.io.BundledImages;
import org.robustr1.degrade.pipeline.DegradationPipeline;
import org.robustr1.degrade.pipeline.DegradedImage;

/** The Java API example of README.md, compiled and run so that it cannot drift from the code. */
class ReadmeExampleTest {

  @Test
  void readmeExampleRuns() throws Exception {
    // --- README example begins ---
    RgbImage image = BundledImages.house();

    // Composite four-stage degradation, seeded per image id: replayable from its record.
    DegradationPipeline pipeline =
        DegradationPipeline.builder().optMode(DegradationPipeline.Mode.COMPOSITE).optSeed(7).build();
    DegradedImage degraded = pipeline.degrade(image, "house.png");

    // The reference chain for this image, in the official tag format.
    ReasoningChain chain =
        ChainFormat.DEFAULT.chainOf(
            degraded.record(),
            "The picture is blurred and noisy, so small details are hard to see.",
            "The shape and the roof still show a house.",
            "So the answer is house.",
            "house");
    String reference = ChainFormat.DEFAULT.render(chain);

    // Score a model completion with the four official GRPO rewards.
    ParsedChain parsed = ChainFormat.DEFAULT.parse(reference);
    RewardResult reward =
        CompositeReward.official().score(reference, RewardContext.ofAssistantTurn(reference));
    // --- README example ends ---

    assertThat(degraded.record().steps()).hasSize(4);
    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.answer()).contains("house");
    assertThat(reward.component("accuracy_reward")).isEqualTo(1.0);
    assertThat(reward.component("format_reward_robust")).isEqualTo(1.0);
  }
}
