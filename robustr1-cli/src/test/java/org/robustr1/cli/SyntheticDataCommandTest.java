package org.robustr1.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.core.reward.CompositeReward;
import org.robustr1.core.reward.RewardContext;
import org.robustr1.train.data.ImageRoot;
import org.robustr1.train.data.OnBadRow;
import org.robustr1.train.data.TrainDataReader;
import org.robustr1.train.data.TrainDataset;
import org.robustr1.train.data.TrainExample;
import org.robustr1.train.grpo.GrpoRewards;

/** {@code robustr1 synthetic-data} writes readable sets whose chains the official rewards accept. */
class SyntheticDataCommandTest {

  @TempDir Path dir;

  @Test
  void writesAmbiguousSftSetAndLabelledGrpoSet() {
    int rc = RobustR1Command.commandLine().execute("synthetic-data", "--out", dir.toString(), "--grpo-rows", "4");
    assertThat(rc).isZero();
    TrainDataset sft = TrainDataReader.read(dir.resolve("sft/train.jsonl"), new ImageRoot(dir.resolve("sft")), OnBadRow.FAIL, true);
    TrainDataset grpo = TrainDataReader.read(dir.resolve("grpo/train.jsonl"), new ImageRoot(dir.resolve("grpo")), OnBadRow.FAIL, true);
    assertThat(sft.size()).isEqualTo(16);
    assertThat(grpo.size()).isEqualTo(4);
    // every SFT image carries all four labels
    Map<String, Long> labelsPerImage =
        sft.rows().stream().collect(Collectors.groupingBy(r -> r.row().images().get(0), Collectors.counting()));
    assertThat(labelsPerImage).hasSize(4).allSatisfy((img, n) -> assertThat(n).isEqualTo(4L));
    // the GRPO ground truth scores the maximum of format, accuracy and r_deg against itself
    CompositeReward reward = GrpoRewards.official(text -> text.length(), Map.of());
    for (TrainExample row : grpo.rows()) {
      String gt = row.row().assistantTurn();
      assertThat(gt).contains("<TYPE>motion blur(");
      Map<String, Double> c = reward.score(gt, RewardContext.ofAssistantTurn(gt)).components();
      assertThat(c).containsEntry("format_reward_robust", 1.0).containsEntry("accuracy_reward", 1.0).containsEntry("type_reward", 1.5);
    }
  }
}
