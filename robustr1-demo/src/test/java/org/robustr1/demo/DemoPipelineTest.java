package org.robustr1.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.model.device.Devices;

/** The schedule of the demo's stages does not change what it measures. */
class DemoPipelineTest {

  @TempDir Path dir;

  @Test
  void armsSideBySideWriteWhatStagesInTurnWrite() throws Exception {
    int threads = Devices.cpuThreads();
    DemoResult inTurn = new DemoPipeline(DemoConfig.quick(5), dir.resolve("in-turn"), quiet(), false).run();
    DemoResult sideBySide = new DemoPipeline(DemoConfig.quick(5), dir.resolve("side-by-side"), quiet(), true).run();

    assertThat(inTurn.workers()).isEqualTo(1);
    assertThat(sideBySide.workers()).isEqualTo(2);
    assertThat(Devices.cpuThreads()).as("the calling thread's setting is left alone").isEqualTo(threads);
    for (String model : DemoPipeline.MODELS) {
      assertThat(Files.readString(dir.resolve("side-by-side/eval").resolve(model).resolve("predictions.jsonl")))
          .as(model + " predictions")
          .isEqualTo(Files.readString(dir.resolve("in-turn/eval").resolve(model).resolve("predictions.jsonl")));
    }
    for (String run : new String[] {"baseline", "sft", "grpo"}) {
      assertThat(lossColumns(dir.resolve("side-by-side/train").resolve(run)))
          .as(run + " metrics")
          .isEqualTo(lossColumns(dir.resolve("in-turn/train").resolve(run)));
    }
    assertThat(sideBySide.evals().keySet()).containsExactlyElementsOf(DemoPipeline.MODELS);
    assertThat(sideBySide.training().keySet()).containsExactlyElementsOf(DemoPipeline.ARMS);
    assertThat(sideBySide.perception().keySet()).containsExactly("sft", "sft+grpo");
    assertThat(sideBySide.perception().get("sft")).isEqualTo(inTurn.perception().get("sft"));
    assertThat(sideBySide.stageSeconds()).containsKeys("eval-sft", "perception-sft", "sft-baseline", "total");
  }

  /** metrics.jsonl without the timing fields, which differ from run to run. */
  private static String lossColumns(Path run) throws Exception {
    return Files.readString(run.resolve("metrics.jsonl"), StandardCharsets.UTF_8)
        .replaceAll("\"step_time\":[0-9.Ee+-]+", "");
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
