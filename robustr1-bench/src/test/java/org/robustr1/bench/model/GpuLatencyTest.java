package org.robustr1.bench.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.testing.SharedData;

/**
 * {@link GpuLatency} with {@code --shape tiny} runs every part on the CPU in seconds and writes one
 * JSON row per part (the path {@code scripts/gpu-check.sh} takes on the GPU with {@code --shape 3b}).
 */
class GpuLatencyTest {

  @Test
  void tinyShapeRunsEveryPartOnTheCpu(@TempDir Path dir) throws Exception {
    Optional<Path> processor = SharedData.resolve("golden/qwen25vl-tiny-a");
    Assumptions.assumeTrue(processor.isPresent(), SharedData.MISSING);
    Path json = dir.resolve("out.json");
    GpuLatency.main(
        new String[] {
          "--shape", "tiny", "--device", "cpu", "--reps", "3", "--decode-steps", "16", "--sft-seq", "520",
          "--grpo-g", "2", "--grpo-tokens", "4", "--processor", processor.get().toString(),
          "--work", dir.resolve("work").toString(), "--json", json.toString()
        });
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    List<String> parts = new ArrayList<>();
    for (JsonNode r : root.get("results")) {
      parts.add(r.get("part").asText());
      assertThat(r.get("ms").asDouble()).as(r.toString()).isPositive();
      assertThat(r.get("peak_mib").asDouble()).as(r.toString()).isPositive();
    }
    assertThat(parts).containsExactly("vision", "prefill", "decode", "sft step", "grpo step");
    assertThat(root.get("settings").get("device_resolved").asText()).isEqualTo("cpu");
    assertThat(root.get("results").get(3).get("note").asText()).startsWith("seq 520 ");
    assertThat(dir.resolve("work/sft/run")).isDirectory();
    assertThat(dir.resolve("work/sft/run/checkpoint-2")).as("stopped before any checkpoint").doesNotExist();
  }
}
