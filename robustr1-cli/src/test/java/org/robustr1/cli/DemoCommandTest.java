package org.robustr1.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.demo.DemoReport;
import org.robustr1.model.device.Devices;

/** {@code robustr1 demo --quick} runs every stage and writes a complete report (not a good model). */
class DemoCommandTest {

  @TempDir Path dir;

  @Test
  void learningRateOutsideZeroOneIsRefusedBeforeAnythingRuns() {
    for (String[] bad : List.of(new String[] {"--baseline-lr", "0"}, new String[] {"--sft-lr", "1.5"})) {
      Path out = dir.resolve("refused");
      StringWriter err = new StringWriter();
      int code =
          RobustR1Command.commandLine()
              .setErr(new PrintWriter(err))
              .execute("demo", "--quick", bad[0], bad[1], "--out", out.toString());
      assertThat(code).as(bad[0]).isEqualTo(2);
      assertThat(err.toString()).contains(bad[0] + " must be in (0, 1), got " + Double.parseDouble(bad[1]));
      assertThat(out).doesNotExist();
    }
  }

  @Test
  void threadsBelowOneAreRefusedBeforeAnythingRuns() {
    Path out = dir.resolve("refused");
    StringWriter err = new StringWriter();
    int code =
        RobustR1Command.commandLine()
            .setErr(new PrintWriter(err))
            .execute("demo", "--quick", "--threads", "0", "--out", out.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--threads must be >= 1, got 0");
    assertThat(out).doesNotExist();
  }

  @Test
  void quickDemoWritesReportWithAllSectionsAndFiniteNumbers() throws Exception {
    Path out = dir.resolve("demo");
    StringWriter err = new StringWriter();
    int threadsBefore = Devices.cpuThreads();
    int code =
        RobustR1Command.commandLine()
            .setErr(new PrintWriter(err))
            .execute("demo", "--quick", "--seed", "3", "--out", out.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(Devices.cpuThreads()).as("--threads is undone when the command ends").isEqualTo(threadsBefore);

    for (String png : DemoReport.PLOTS) {
      assertThat(ImageIO.read(out.resolve(png).toFile())).as(png).isNotNull();
    }
    String md = Files.readString(out.resolve(DemoReport.MARKDOWN), StandardCharsets.UTF_8);
    assertThat(md)
        .contains("## Accuracy", "## Degradation perception", "## Chain length", "## Training",
            "## Example chain on a degraded image", "## Stage times")
        .contains("baseline (answers only)", "SFT (chains)", "SFT+GRPO")
        .doesNotContain("NaN");

    JsonNode j = new ObjectMapper().readTree(out.resolve(DemoReport.JSON).toFile());
    for (String model : List.of("baseline", "sft", "sft+grpo")) {
      for (String track : List.of("clean", "25", "50", "100")) {
        JsonNode a = j.path("accuracy").path(model).path(track);
        assertThat(a.path("n").asInt()).as(model + "/" + track).isEqualTo(8);
        assertThat(a.path("accuracy").isNumber()).as(model + "/" + track).isTrue();
        assertThat(a.path("accuracy").asDouble()).isBetween(0.0, 1.0);
      }
      JsonNode t = j.path("training").path(model);
      assertThat(t.path("steps").asInt()).as(model).isPositive();
      assertThat(Double.isFinite(t.path("first_quarter").asDouble(Double.NaN))).as(model).isTrue();
      assertThat(Double.isFinite(t.path("last_quarter").asDouble(Double.NaN))).as(model).isTrue();
    }
    assertThat(j.path("accuracy").path("sft+grpo").path("100").path("intensity").asDouble()).isEqualTo(0.9);
    JsonNode summary = j.path("summary");
    for (String k : List.of("seed", "n_per_level", "accuracy", "delta_ci95", "perception_macro_f1", "intensity_mae",
        "spearman_length_intensity", "grpo_reward_first_quarter", "grpo_reward_last_quarter", "wall_seconds")) {
      assertThat(summary.has(k)).as("summary." + k).isTrue();
    }
    assertThat(summary.path("seed").asInt()).isEqualTo(3);
    assertThat(summary.path("cpu_threads").asInt()).as("the demo's default --threads").isEqualTo(1);
    assertThat(summary.path("workers").asInt()).as("arms side by side when there is a core for each")
        .isEqualTo(Runtime.getRuntime().availableProcessors() >= 2 ? 2 : 1);
    assertThat(summary.path("n_per_level").asInt()).isEqualTo(8);
    assertThat(summary.path("delta_ci95").path("100").size()).isEqualTo(2);
    assertThat(j.path("training").path("baseline").path("steps").asInt())
        .isEqualTo(j.path("config").path("sft_steps").asInt() + j.path("config").path("grpo_steps").asInt());
    JsonNode chain = j.path("degradation_perception").path("sft+grpo");
    assertThat(chain.path("well_formed_rate").asDouble()).isBetween(0.0, 1.0);
    assertThat(chain.path("type_top1_accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(j.path("degradation_perception").path("type_chance_uniform").asDouble()).isEqualTo(1.0 / 16);
    assertThat(j.path("example_chain").path("applied").asText()).isNotEqualTo("none").isNotEmpty();
    assertThat(j.path("stage_seconds").fieldNames()).toIterable()
        .contains("scenes", "dataset", "eval-pretrained", "sft-baseline", "eval-baseline", "sft", "eval-sft", "perception-sft", "grpo",
            "eval-sft+grpo", "perception-sft+grpo", "total");
    assertThat(j.path("stage_seconds").path("total").asDouble()).isPositive();

    // the stages wrote their artefacts where the report says
    assertThat(out.resolve("scenes/aokvqa_v1p0_train.json")).isRegularFile();
    assertThat(out.resolve("data/chain/train.jsonl")).isRegularFile();
    assertThat(out.resolve("data/answer/train.jsonl")).isRegularFile();
    assertThat(out.resolve("eval/sft+grpo/predictions.jsonl")).isRegularFile();
    assertThat(out.resolve("data/perception/train.jsonl")).isRegularFile();
    String firstChainRow = Files.readAllLines(out.resolve("data/chain/train.jsonl")).get(0);
    assertThat(firstChainRow).contains("<TYPE>", "<ANSWER>");
    assertThat(Files.readAllLines(out.resolve("data/answer/train.jsonl")).get(0)).doesNotContain("<TYPE>");
  }

  @Test
  void sequentialRunsTheStagesInTurn() throws Exception {
    Path out = dir.resolve("in-turn");
    StringWriter err = new StringWriter();
    int code =
        RobustR1Command.commandLine()
            .setErr(new PrintWriter(err))
            .execute("demo", "--quick", "--sequential", "--seed", "3", "--out", out.toString());
    assertThat(code).as(err.toString()).isZero();
    JsonNode j = new ObjectMapper().readTree(out.resolve(DemoReport.JSON).toFile());
    assertThat(j.path("summary").path("workers").asInt()).isEqualTo(1);
    assertThat(Files.readString(out.resolve(DemoReport.MARKDOWN), StandardCharsets.UTF_8))
        .doesNotContain("ran on a second thread");
  }
}
