package org.robustr1.bench.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.testing.SharedData;

/**
 * {@link GpuParity} on the CPU (the device under test is the CPU itself): fp32 equals the fixture,
 * fp16 is reported with its ids and logit error, bf16 is reported as unsupported with the stock JNI.
 */
class GpuParityTest {

  @Test
  void cpuRunPassesAndReportsHalfPrecision(@TempDir Path dir) throws Exception {
    Optional<Path> golden = SharedData.resolve("golden/qwen25vl-tiny-a");
    Assumptions.assumeTrue(golden.isPresent(), SharedData.MISSING);
    Path json = dir.resolve("parity.json");
    int rc = GpuParity.run(new String[] {"--golden", golden.get().toString(), "--device", "cpu", "--json", json.toString()});
    assertThat(rc).isZero();
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    assertThat(root.get("pass").asBoolean()).isTrue();
    JsonNode fp32 = root.get("runs").get(0);
    assertThat(fp32.get("dtype").asText()).isEqualTo("fp32");
    assertThat(fp32.get("ids_equal_fixture").asBoolean()).isTrue();
    assertThat(fp32.get("max_abs_logit_diff_last4_vs_fixture").asDouble()).isLessThan(GpuParity.FP32_GOAL);
    JsonNode fp16 = root.get("runs").get(1);
    assertThat(fp16.get("dtype").asText()).isEqualTo("fp16");
    assertThat(fp16.get("max_abs_logit_diff_vs_cpu_fp32").asDouble()).isPositive().isLessThan(1e-2);
  }
}
