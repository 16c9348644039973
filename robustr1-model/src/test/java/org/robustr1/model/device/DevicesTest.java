package org.robustr1.model.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

/** Device specs and their resolution; the GPU cases run where no GPU is visible (the CI machine). */
class DevicesTest {

  @Test
  void parsesEveryForm() {
    assertThat(DeviceSpec.parse("auto")).isEqualTo(DeviceSpec.AUTO);
    assertThat(DeviceSpec.parse(" CPU ")).isEqualTo(DeviceSpec.CPU);
    assertThat(DeviceSpec.parse("gpu")).isEqualTo(DeviceSpec.gpu(0));
    assertThat(DeviceSpec.parse("gpu:3").index()).isEqualTo(3);
    assertThat(DeviceSpec.parse("cuda:1")).isEqualTo(DeviceSpec.gpu(1));
    assertThat(DeviceSpec.parse("gpu:2").toString()).isEqualTo("gpu:2");
    assertThat(DeviceSpec.of(Device.gpu(1))).isEqualTo(DeviceSpec.gpu(1));
    for (String bad : new String[] {"gpu:", "gpu:-1", "gpu:x", "tpu", ""}) {
      assertThatThrownBy(() -> DeviceSpec.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("auto, cpu, gpu or gpu:N");
    }
  }

  @Test
  void cpuThreadsAreSetForTheCallingThreadAndRefusedBelowOne() {
    int before = Devices.cpuThreads();
    try {
      Devices.setCpuThreads(1);
      assertThat(Devices.cpuThreads()).isEqualTo(1);
    } finally {
      Devices.setCpuThreads(before);
    }
    assertThat(Devices.cpuThreads()).isEqualTo(before);
    assertThatThrownBy(() -> Devices.setCpuThreads(0)).hasMessage("CPU threads must be >= 1, got 0");
  }

  @Test
  void cpuIsAlwaysTheCpu() {
    assertThat(DeviceSpec.CPU.resolve()).isEqualTo(Device.cpu());
  }

  @Test
  void aGpuThatIsNotVisibleIsOneLineNeverTheCpu() {
    assumeTrue(Devices.visibleGpus() == 0, "a GPU is visible here");
    for (String spec : new String[] {"gpu", "gpu:1"}) {
      assertThatThrownBy(() -> DeviceSpec.parse(spec).resolve())
          .isInstanceOf(GpuUnavailableException.class)
          .hasMessageStartingWith("--device " + DeviceSpec.parse(spec) + ": no GPU is visible")
          .hasMessageContaining("libcudart")
          .hasMessageContaining("JNA")
          .hasMessageContaining("PYTORCH_FLAVOR")
          .hasMessageContaining("--device cpu")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }

  @Test
  void autoIsTheCpuWhereNoGpuIsVisible() {
    assumeTrue(Devices.visibleGpus() == 0, "a GPU is visible here");
    assertThat(DeviceSpec.AUTO.resolve()).isEqualTo(Device.cpu());
    assertThat(Devices.describe(Device.cpu())).isEqualTo("cpu");
  }

  @Test
  void precisionsParseAndTrainOnlyInFp32() {
    assertThat(Precision.parse("fp16")).isEqualTo(Precision.FP16);
    assertThat(Precision.parse("BFloat16")).isEqualTo(Precision.BF16);
    assertThat(Precision.parse("float32")).isEqualTo(Precision.FP32);
    assertThatThrownBy(() -> Precision.parse("int8")).hasMessageContaining("fp32, fp16 or bf16");
    Precision.FP32.checkTrainable();
    assertThatThrownBy(Precision.FP16::checkTrainable)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fp32 master weights");
    // HF's finfo(dtype).min, exact in fp32
    assertThat(Precision.FP16.lowest()).isEqualTo(-65504f);
    assertThat(Precision.FP32.lowest()).isEqualTo(-Float.MAX_VALUE);
    Precision.FP16.check(Device.cpu()); // allowed on the CPU, with a warning
  }
}
