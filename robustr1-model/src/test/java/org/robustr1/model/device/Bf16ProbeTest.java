package org.robustr1.model.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BF16 probe answers without risking this JVM: with the stock DJL 0.36 JNI (the build's
 * pytorch-jni) the child JVM aborts and bf16 is refused naming fp16 and fp32.
 */
class Bf16ProbeTest {

  @Test
  void stockJniIsRefusedWithoutKillingThisJvm() {
    Devices.engine();
    java.nio.file.Path jni = Bf16Probe.loadedJni();
    assertThat(jni).as("the loaded libdjl_torch.so is found in /proc/self/maps").isNotNull();
    assumeFalse(Bf16Probe.fileContains(jni, Bf16Probe.PATCH_MARKER), "a patched JNI is loaded here");
    Bf16Probe.Result r = Bf16Probe.supported();
    assertThat(r.supported()).as(r.detail()).isFalse();
    assertThat(r.detail()).contains("child JVM");
    assertThatThrownBy(() -> Precision.BF16.check(Device.cpu()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not support BF16")
        .hasMessageContaining("fp16 or fp32");
    // this JVM is still alive and computing
    assertThat(DeviceSpec.CPU.resolve()).isEqualTo(Device.cpu());
  }

  @Test
  void findsThePatchMarkerInAFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("lib.so");
    Files.write(f, ("\0\0xx" + Bf16Probe.PATCH_MARKER + ": %d\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertThat(Bf16Probe.fileContains(f, Bf16Probe.PATCH_MARKER)).isTrue();
    Files.write(f, new byte[] {1, 2, 3});
    assertThat(Bf16Probe.fileContains(f, Bf16Probe.PATCH_MARKER)).isFalse();
  }
}
